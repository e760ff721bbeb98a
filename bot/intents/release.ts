import { changesIn } from '../../knowledge/changes.js';
import type { Answer } from '../answer.js';
import { BotError } from '../errors.js';
import { findVersions, RELEASE_WORDS } from '../query.js';
import type { ViewContext } from '../views/context.js';
import { releaseAnswer, releaseCard } from '../views/release.js';
import { intent } from './types.js';

/** Text left when the version and release words are taken out ("is sidecar GA in 1.29" → "is sidecar GA in"). */
function withoutVersion(plain: string): string {
  return plain
    .replace(/(?<![\d.])v?1\.\d{1,2}(?:\.\d+)?/g, ' ')
    .replace(RELEASE_WORDS, ' ')
    .trim();
}

export function releaseOrError(version: string, query: string, ctx: ViewContext): Answer {
  const release = ctx.corpus.releaseByVersion.get(version);
  if (!release) {
    throw new BotError('UNKNOWN_RELEASE', {
      version,
      first: ctx.corpus.releases[0]?.version ?? '1.0',
      last: ctx.corpus.releases.at(-1)?.version ?? ctx.corpus.newestReleased,
    });
  }
  const changes = changesIn(ctx.corpus, version, { planned: !release.released });
  return {
    query,
    kind: 'release',
    lang: ctx.lang,
    release: releaseAnswer(release, changes),
    card: releaseCard(release, changes, ctx),
  };
}

export const releaseIntent = intent<string>({
  id: 'release',
  match(q, ctx) {
    const explicit = q.command?.name === 'release';
    if (q.command && !explicit) return null;
    const versions = findVersions(explicit ? (q.command?.rest.toLowerCase() ?? '') : q.plain);
    if (explicit && versions.length === 0) return q.command?.rest.trim() || ctx.corpus.newestReleased;
    if (versions.length !== 1) return null;
    const version = versions[0] as string;
    if (explicit || RELEASE_WORDS.test(q.plain)) return version;
    // "is sidecar GA in 1.29?" is about a feature when the rest of the text names one.
    const rest = withoutVersion(q.plain);
    if (rest && ctx.index.search(rest).decision === 'answer') return null;
    return version;
  },
  run: (version, q, ctx) => releaseOrError(version, q.text, ctx),
});
