/** Release and upgrade (compare) cards. */

import { apiCatalog } from '../../knowledge/api-catalog.js';
import { defaultChangesBetween } from '../../knowledge/availability.js';
import { apiName, type Change, type ReleaseChanges } from '../../knowledge/changes.js';
import type { ApiRemoval, Release } from '../../knowledge/schema.js';
import { minor } from '../../knowledge/versions.js';
import type { Answer } from '../answer.js';
import { type Card, type CardChild, compact, fields, text, truncatedList } from '../cards.js';
import { cardFooter, type ViewContext } from './context.js';

/** Items shown per list before "…and N more". */
export const MAX_LIST_ITEMS = 8;

export function changelogUrl(version: string): string | undefined {
  return minor(version) >= 2
    ? `https://github.com/kubernetes/kubernetes/blob/master/CHANGELOG/CHANGELOG-${version}.md`
    : undefined;
}

export const DEPRECATION_GUIDE_URL = 'https://kubernetes.io/docs/reference/using-api/deprecation-guide/';

export function changeLabel(c: Change, ctx: ViewContext, withVersion = false): string {
  const { m } = ctx;
  const notes = compact([
    c.scope,
    c.defaultFlip ? m.nowOnByDefault : undefined,
    !c.defaultFlip && c.stage === 'beta' && c.enabledByDefault === false ? m.nowOffByDefault : undefined,
    withVersion ? `${m.stage[c.stage]} ${c.version}` : undefined,
  ]);
  return notes.length > 0 ? `${c.feature.name}${m.paren(m.list(notes))}` : c.feature.name;
}

export function apiRemovalLabel(a: ApiRemoval, withVersion = false, ctx?: ViewContext): string {
  const target = a.replacement
    ? ` → ${apiName({ group: a.replacement.group, version: a.replacement.version, kind: a.replacement.kind ?? a.kind })}`
    : '';
  const when = withVersion && a.removedIn ? (ctx ? ctx.m.paren(a.removedIn) : ` (${a.removedIn})`) : '';
  return `${apiName(a)}${target}${when}`;
}

function changeLists(
  changes: ReleaseChanges,
  ctx: ViewContext,
  moreUrl: string | undefined,
  withVersion: boolean,
) {
  const { m } = ctx;
  const planned = changes.stable.concat(changes.beta, changes.alpha).some((c) => c.planned);
  const lists: Array<[string, string[]]> = [
    [planned ? m.label.plannedGa : m.label.ga, changes.stable.map((c) => changeLabel(c, ctx, withVersion))],
    [planned ? m.label.plannedBeta : m.label.beta, changes.beta.map((c) => changeLabel(c, ctx, withVersion))],
    [
      planned ? m.label.plannedAlpha : m.label.alpha,
      changes.alpha.map((c) => changeLabel(c, ctx, withVersion)),
    ],
    [m.label.deprecated, changes.deprecated.map((c) => changeLabel(c, ctx, withVersion))],
    [m.label.removed, changes.removed.map((c) => changeLabel(c, ctx, withVersion))],
    [m.label.apiRemovals, changes.apiRemovals.map((a) => apiRemovalLabel(a, withVersion, ctx))],
    [m.label.apiDeprecations, changes.apiDeprecations.map((a) => apiRemovalLabel(a))],
  ];
  return lists
    .filter(([, items]) => items.length > 0)
    .map(([title, items]) =>
      truncatedList(`${title}${m.paren(String(items.length))}`, items, MAX_LIST_ITEMS, moreUrl),
    );
}

export function releaseAnswer(release: Release, changes: ReleaseChanges): NonNullable<Answer['release']> {
  return {
    version: release.version,
    released: release.released,
    ...(release.releaseDate ? { releaseDate: release.releaseDate } : {}),
    ...(release.endOfLife ? { endOfLife: release.endOfLife } : {}),
    ...(release.latestPatch ? { latestPatch: release.latestPatch } : {}),
    ...changeNames(changes),
  };
}

export function changeNames(changes: ReleaseChanges) {
  return {
    stable: changes.stable.map((c) => c.feature.name),
    beta: changes.beta.map((c) => c.feature.name),
    alpha: changes.alpha.map((c) => c.feature.name),
    deprecated: changes.deprecated.map((c) => (c.scope ? `${c.feature.name} (${c.scope})` : c.feature.name)),
    removed: changes.removed.map((c) => (c.scope ? `${c.feature.name} (${c.scope})` : c.feature.name)),
    apiRemovals: changes.apiRemovals.map((a) => apiName(a)),
  };
}

export function releaseCard(release: Release, changes: ReleaseChanges, ctx: ViewContext): Card {
  const { m } = ctx;
  const more = release.announcementUrl ?? changelogUrl(release.version);
  const highlights = release.highlights.map((h) => h[ctx.lang]);
  const children: CardChild[] = compact<CardChild>([
    !release.released
      ? text(
          release.plannedReleaseDate && release.plannedReleaseDate < ctx.now.toISOString().slice(0, 10)
            ? m.overdue(release.version, release.plannedReleaseDate, ctx.corpus.dataAsOf)
            : m.unreleased(release.version, release.plannedReleaseDate),
          'warning',
        )
      : undefined,
    release.summary ? text(release.summary[ctx.lang]) : undefined,
    fields([
      [
        release.released ? m.label.released : m.label.planned,
        release.releaseDate ?? release.plannedReleaseDate,
      ],
      [m.label.eol, release.endOfLife],
      [m.label.patch, release.latestPatch],
    ]),
    highlights.length > 0 ? truncatedList(m.label.highlights, highlights, MAX_LIST_ITEMS, more) : undefined,
    text(
      m.releaseCounts(
        changes.stable.length,
        changes.beta.length,
        changes.alpha.length,
        changes.removed.length,
      ),
      'muted',
    ),
    ...changeLists(changes, ctx, more, false),
    {
      type: 'links',
      links: compact([
        release.announcementUrl ? { label: m.label.announcement, url: release.announcementUrl } : undefined,
        changelogUrl(release.version)
          ? { label: m.label.changelog, url: changelogUrl(release.version) as string }
          : undefined,
        release.sigReleaseUrl ? { label: m.label.sigRelease, url: release.sigReleaseUrl } : undefined,
      ]),
    },
  ]);
  return {
    title: m.releaseTitle(release.version, release.themes[0]),
    ...(release.announcementUrl ? { url: release.announcementUrl } : {}),
    children: children.filter((c) => c.type !== 'links' || c.links.length > 0),
    footer: cardFooter(ctx),
  };
}

export function compareCard(from: string, to: string, changes: ReleaseChanges, ctx: ViewContext): Card {
  const { m } = ctx;
  const steps = minor(to) - minor(from);
  const target = ctx.corpus.releaseByVersion.get(to);
  const today = ctx.now.toISOString().slice(0, 10);
  const catalog = apiCatalog(ctx.corpus);
  const defaults = defaultChangesBetween(ctx.corpus.features, from, to, ctx.corpus.newestReleased);
  const list = (title: string, items: string[], more?: string) =>
    items.length > 0
      ? truncatedList(`${title}${m.paren(String(items.length))}`, items, MAX_LIST_ITEMS, more)
      : undefined;
  // Where to move today, past replacements that were removed themselves.
  const removals = changes.apiRemovals.map((a) => {
    const served = catalog.servedReplacement(a);
    const when = m.paren(a.removedIn ?? to);
    return served ? `${apiName(a)} → ${apiName(served)}${when}` : `${apiName(a)}${when}`;
  });
  const more = changelogUrl(to);
  const children: CardChild[] = compact<CardChild>([
    text(m.compareIntro(from, to, steps)),
    steps > 1 ? text(m.compareSkipWarning(steps), 'warning') : undefined,
    target
      ? fields([
          [
            m.label.target,
            `${to} · ${target.released ? m.label.released : m.label.planned} ${target.releaseDate ?? target.plannedReleaseDate ?? '?'}`,
          ],
          [m.label.eol, target.endOfLife],
        ])
      : undefined,
    target?.endOfLife && target.endOfLife < today
      ? text(m.compareEol(to, target.endOfLife), 'warning')
      : undefined,
    removals.length > 0
      ? list(m.label.actFirst, removals, DEPRECATION_GUIDE_URL)
      : text(m.compareNoRemovals, 'muted'),
    list(
      m.label.removed,
      changes.removed.map((c) => changeLabel(c, ctx, true)),
      more,
    ),
    list(
      m.label.nowOn,
      defaults.nowOn.map((f) => f.name),
      more,
    ),
    list(
      m.label.nowOff,
      defaults.nowOff.map((f) => f.name),
      more,
    ),
    list(
      m.label.deprecated,
      changes.deprecated.map((c) => changeLabel(c, ctx, true)),
      more,
    ),
    list(
      m.label.apiDeprecations,
      changes.apiDeprecations.map((a) => apiRemovalLabel(a)),
      DEPRECATION_GUIDE_URL,
    ),
    ...changeLists(
      { ...changes, deprecated: [], removed: [], apiRemovals: [], apiDeprecations: [] },
      ctx,
      more,
      true,
    ),
    {
      type: 'links',
      links: compact([
        { label: m.label.deprecationGuide, url: DEPRECATION_GUIDE_URL },
        more ? { label: `${m.label.changelog} ${to}`, url: more } : undefined,
      ]),
    },
  ]);
  return { title: m.compareTitle(from, to), children, footer: cardFooter(ctx) };
}

/** The upgrade answer's lists: names, for the contract. */
export function compareAnswer(from: string, to: string, changes: ReleaseChanges, ctx: ViewContext) {
  const defaults = defaultChangesBetween(ctx.corpus.features, from, to, ctx.corpus.newestReleased);
  const target = ctx.corpus.releaseByVersion.get(to);
  return {
    from,
    to,
    ...changeNames(changes),
    nowOnByDefault: defaults.nowOn.map((f) => f.name),
    nowOffByDefault: defaults.nowOff.map((f) => f.name),
    ...(target?.releaseDate ? { targetReleaseDate: target.releaseDate } : {}),
    ...(target?.endOfLife ? { targetEndOfLife: target.endOfLife } : {}),
  };
}
