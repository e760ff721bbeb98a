/** Cards for "is this apiVersion still served?" */
import { apiName, isReleased } from '../../knowledge/changes.js';
import type { ApiRemoval, Feature } from '../../knowledge/schema.js';
import type { Answer } from '../answer.js';
import { type Card, type CardChild, compact, fields, text, truncatedList } from '../cards.js';
import { cardFooter, type ViewContext } from './context.js';
import { apiRemovalLabel, DEPRECATION_GUIDE_URL, MAX_LIST_ITEMS } from './release.js';

export function apiAnswer(a: ApiRemoval): NonNullable<Answer['api']> {
  return {
    group: a.group,
    version: a.version,
    kind: a.kind,
    ...(a.deprecatedIn ? { deprecatedIn: a.deprecatedIn } : {}),
    ...(a.removedIn ? { removedIn: a.removedIn } : {}),
    replacement: a.replacement ? { group: a.replacement.group, version: a.replacement.version } : null,
  };
}

function statement(a: ApiRemoval, ctx: ViewContext): string {
  const gv = apiName({ group: a.group, version: a.version });
  const removedAlready = a.removedIn && isReleased(ctx.corpus, a.removedIn);
  if (a.removedIn && removedAlready) return ctx.m.apiRemoved(gv, a.kind, a.removedIn);
  return ctx.m.apiDeprecated(gv, a.kind, a.deprecatedIn ?? '?', a.removedIn);
}

function migration(a: ApiRemoval, ctx: ViewContext): CardChild[] {
  const { m } = ctx;
  if (!a.replacement)
    return [text(a.kind === 'PodSecurityPolicy' ? m.pspHint : m.apiNoReplacement(a.kind), 'warning')];
  const to = apiName({ group: a.replacement.group, version: a.replacement.version });
  const kind = a.replacement.kind ?? a.kind;
  return [
    text(
      m.apiHint(
        apiName({ group: a.group, version: a.version }),
        to,
        a.removedIn ?? ctx.corpus.newestReleased,
      ),
    ),
    {
      type: 'code',
      language: 'yaml',
      code: `# before\napiVersion: ${apiName({ group: a.group, version: a.version })}\nkind: ${a.kind}\n# after\napiVersion: ${to}\nkind: ${kind}`,
    },
  ];
}

export function apiCard(a: ApiRemoval, feature: Feature | undefined, ctx: ViewContext): Card {
  const { m } = ctx;
  const replacement = a.replacement
    ? apiName({
        group: a.replacement.group,
        version: a.replacement.version,
        kind: a.replacement.kind ?? a.kind,
      })
    : '—';
  const children = compact<CardChild>([
    text(statement(a, ctx), a.removedIn ? 'warning' : 'plain'),
    fields([
      [m.label.deprecatedIn, a.deprecatedIn],
      [m.label.removedIn, a.removedIn],
      [m.label.replacement, replacement],
      [m.label.availableSince, a.replacementAvailableIn],
    ]),
    ...migration(a, ctx),
    { type: 'links', links: [{ label: m.label.deprecationGuide, url: DEPRECATION_GUIDE_URL }] },
    feature
      ? { type: 'actions', actions: [{ kind: 'feature', label: feature.name, value: feature.id }] }
      : undefined,
  ]);
  return {
    title: m.apiTitle(apiName({ group: a.group, version: a.version }), a.kind),
    children,
    footer: cardFooter(ctx),
  };
}

/** A group/version with several deprecated or removed kinds (extensions/v1beta1). */
export function apiGroupCard(gv: string, entries: ApiRemoval[], ctx: ViewContext): Card {
  const { m } = ctx;
  const items = entries.map(
    (a) => `${a.kind}: ${m.label.removedIn} ${a.removedIn ?? '—'}; ${apiRemovalLabel(a)}`,
  );
  return {
    title: m.apiTitle(gv),
    children: [
      text(m.apiKindsIntro(gv, entries.length)),
      truncatedList(gv, items, MAX_LIST_ITEMS * 2, DEPRECATION_GUIDE_URL),
      { type: 'links', links: [{ label: m.label.deprecationGuide, url: DEPRECATION_GUIDE_URL }] },
    ],
    footer: cardFooter(ctx),
  };
}

export function apiServedCard(gv: string, ctx: ViewContext): Card {
  return {
    title: ctx.m.apiTitle(gv),
    children: [
      text(ctx.m.apiServed(gv, ctx.corpus.newestReleased)),
      { type: 'links', links: [{ label: ctx.m.label.deprecationGuide, url: DEPRECATION_GUIDE_URL }] },
    ],
    footer: cardFooter(ctx),
  };
}
