import { changesBetween } from '../../knowledge/changes.js';
import { compareVersions } from '../../knowledge/versions.js';
import { BotError } from '../errors.js';
import { findVersions } from '../query.js';
import { changeNames, compareCard } from '../views/release.js';
import { intent } from './types.js';

/** Two versions in one question is an upgrade question: "between 1.22 and 1.24", "1.23 → 1.25", "compare 1.28 1.30". */
export const compareIntent = intent<string[]>({
  id: 'compare',
  match(q) {
    if (q.command && q.command.name !== 'compare') return null;
    const versions = findVersions(q.command ? q.command.rest.toLowerCase() : q.plain);
    if (q.command?.name === 'compare') return versions;
    return versions.length >= 2 ? versions : null;
  },
  run(versions, q, ctx) {
    const known = ctx.corpus.releases;
    const detail = {
      first: known[0]?.version ?? '1.0',
      last: known.at(-1)?.version ?? ctx.corpus.newestReleased,
    };
    if (versions.length !== 2 || versions.some((v) => !ctx.corpus.releaseByVersion.has(v))) {
      throw new BotError('BAD_COMPARE', detail);
    }
    const [from, to] = [...versions].sort(compareVersions) as [string, string];
    const changes = changesBetween(ctx.corpus, from, to);
    return {
      query: q.text,
      kind: 'compare',
      lang: ctx.lang,
      compare: { from, to, ...changeNames(changes) },
      card: compareCard(from, to, changes, ctx),
    };
  },
});
