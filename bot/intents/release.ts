import { changesIn } from '../../knowledge/changes.js';
import type { Answer } from '../answer.js';
import { BotError } from '../errors.js';
import { findVersions, RELEASE_WORDS } from '../query.js';
import type { ViewContext } from '../views/context.js';
import { releaseAnswer, releaseCard } from '../views/release.js';
import { intent } from './types.js';

const RELEASE_EVENT =
  /(?:kubernetes|k8s)\s*v?1\.\d{1,2}\s*(?:が|は|is\s+|was\s+|has\s+been\s+)?(?:正式)?(?:リリース|released\b|out\b)/i;

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
    if (explicit) return version;
    // "Kubernetes 1.23が正式リリース", "Kubernetes 1.30 is out": the release itself is the news.
    if (RELEASE_EVENT.test(q.text)) return version;
    const rest = withoutVersion(q.plain);
    // A release question that names a feature by its own name is about that feature
    // ("Kubernetes v1.33: In-Place Pod Resize Graduated to Beta", "1.24 で Dockershim が削除").
    if (RELEASE_WORDS.test(q.plain))
      return rest && ctx.index.nameInText(withoutVersion(q.text))?.strong ? null : version;
    // "is sidecar GA in 1.29?" is about a feature when the rest of the text names one.
    if (rest && ctx.index.search(rest).decision === 'answer') return null;
    return version;
  },
  run: (version, q, ctx) => releaseOrError(version, q.text, ctx),
});
