import { changesBetween } from '../../knowledge/changes.js';
import { compareVersions, minor } from '../../knowledge/versions.js';
import type { Answer } from '../answer.js';
import { BotError } from '../errors.js';
import { FROM_VERSION, findVersions, STRONG_RELEASE_WORDS, UPGRADE_WORDS } from '../query.js';
import type { ViewContext } from '../views/context.js';
import { compareAnswer, compareCard } from '../views/release.js';
import { intent } from './types.js';

/** An upgrade: the version it starts from (the previous minor when only the target is given) and the target. */
export interface UpgradeMatch {
  from: string | undefined;
  to: string | undefined;
  versions: string[];
}

/**
 * Upgrade questions: two versions in any order or wording ("between 1.22 and 1.24", "1.23 → 1.25",
 * "compare 1.28 1.30"), or one version with upgrade words ("upgrade to 1.25", "we are moving to 1.29 next week",
 * "1.25にアップグレード", "upgrading from 1.23"). Release words win over upgrade words ("what changed in 1.26").
 */
export function matchUpgrade(text: string, explicit: boolean): UpgradeMatch | null {
  const versions = findVersions(text);
  // "compare 1.30 1.30": the same version twice is not an upgrade.
  if (explicit && versions.length === 1 && (text.match(/(?<![\d.])v?1\.\d{1,2}(?![\d])/g) ?? []).length >= 2)
    return { from: versions[0], to: versions[0], versions };
  const fromWord = FROM_VERSION.exec(text);
  const from = fromWord ? `1.${Number((fromWord[1] ?? fromWord[2] ?? '').slice(2))}` : undefined;
  if (versions.length >= 2) {
    const sorted = [...versions].sort(compareVersions);
    return { from: sorted[0], to: sorted.at(-1), versions };
  }
  if (versions.length === 0) return explicit ? { from: undefined, to: undefined, versions } : null;
  const only = versions[0] as string;
  if (!explicit && (!UPGRADE_WORDS.test(text) || STRONG_RELEASE_WORDS.test(text))) return null;
  if (from === only) return { from: only, to: undefined, versions };
  return { from: undefined, to: only, versions };
}

export function upgradeAnswer(from: string, to: string, query: string, ctx: ViewContext): Answer {
  const changes = changesBetween(ctx.corpus, from, to);
  return {
    query,
    kind: 'compare',
    lang: ctx.lang,
    compare: compareAnswer(from, to, changes, ctx),
    card: compareCard(from, to, changes, ctx),
  };
}

export const compareIntent = intent<UpgradeMatch>({
  id: 'compare',
  match(q, ctx) {
    const explicit =
      q.command?.name === 'compare' ||
      (q.command?.name === 'release' && findVersions(q.command.rest).length >= 2);
    if (q.command && !explicit) return null;
    const m = matchUpgrade(q.command ? q.command.rest.toLowerCase() : q.plain, explicit);
    if (!m || explicit || m.versions.length !== 1) return m;
    // "after upgrading to 1.24 our CI broke because ServiceAccounts no longer get a token Secret": the rest of
    // a long sentence that names a feature makes it a question about that feature.
    const rest = q.plain.replace(/(?<![\d.])v?1\.\d{1,2}(?:\.\d+)?/g, ' ').replace(UPGRADE_WORDS, ' ');
    const outcome = ctx.index.search(rest);
    if (outcome.decision === 'answer' && outcome.terms.length >= 5) return null;
    // "Support ReadWriteOncePod (kube v1.22+)": a feature named by its identifier.
    return /[a-z][A-Z]/.test(q.text) && ctx.index.nameInText(q.text)?.strong ? null : m;
  },
  run(m, q, ctx) {
    const known = ctx.corpus.releases;
    const detail = {
      first: known[0]?.version ?? '1.0',
      last: known.at(-1)?.version ?? ctx.corpus.newestReleased,
    };
    const has = (v: string | undefined) => v !== undefined && ctx.corpus.releaseByVersion.has(v);
    let { from, to } = m;
    // One version that is no release ("upgrade to 1.99") is named, with the releases there are.
    const only = from === undefined ? to : to === undefined ? from : undefined;
    if (only !== undefined && !has(only)) throw new BotError('UNKNOWN_RELEASE', { ...detail, version: only });
    // One version: the target, from the minor before it; or the start, to the minor after it.
    if (to && !from) from = `1.${minor(to) - 1}`;
    if (from && !to) to = `1.${minor(from) + 1}`;
    if (!from || !to || from === to || !has(from) || !has(to)) throw new BotError('BAD_COMPARE', detail);
    return upgradeAnswer(from, to, q.text, ctx);
  },
});
