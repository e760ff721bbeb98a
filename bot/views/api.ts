/** Cards for "is this apiVersion still served?", from the API catalog (knowledge/api-catalog.ts). */
import {
  type ApiCatalog,
  apiCatalog,
  type GroupVersionStatus,
  type KindStatus,
} from '../../knowledge/api-catalog.js';
import { apiName, isReleased } from '../../knowledge/changes.js';
import type { ApiRemoval, Feature } from '../../knowledge/schema.js';
import type { Answer } from '../answer.js';
import { type Card, type CardChild, compact, fields, text, truncatedList } from '../cards.js';
import { cardFooter, type ViewContext } from './context.js';
import { DEPRECATION_GUIDE_URL, MAX_LIST_ITEMS } from './release.js';

const guide = (ctx: ViewContext): CardChild => ({
  type: 'links',
  links: [{ label: ctx.m.label.deprecationGuide, url: DEPRECATION_GUIDE_URL }],
});

/** The Answer's `api` for a classified kind: the replacement is the version served today. */
export function apiAnswer(k: KindStatus, catalog: ApiCatalog): NonNullable<Answer['api']> {
  const target = k.removal ? catalog.servedReplacement(k.removal) : undefined;
  return {
    group: k.group,
    version: k.version,
    kind: k.kind,
    ...(k.deprecatedIn ? { deprecatedIn: k.deprecatedIn } : {}),
    ...(k.removedIn ? { removedIn: k.removedIn } : {}),
    replacement: target
      ? { group: target.group, version: target.version, ...(target.kindChanged ? { kind: target.kind } : {}) }
      : null,
  };
}

function statement(a: ApiRemoval, ctx: ViewContext): string {
  const gv = apiName({ group: a.group, version: a.version });
  if (a.removedIn && isReleased(ctx.corpus, a.removedIn)) return ctx.m.apiRemoved(gv, a.kind, a.removedIn);
  return ctx.m.apiDeprecated(gv, a.kind, a.deprecatedIn ?? '?', a.removedIn);
}

function migration(a: ApiRemoval, ctx: ViewContext): CardChild[] {
  const { m } = ctx;
  const target = apiCatalog(ctx.corpus).servedReplacement(a);
  if (!target)
    return [text(a.kind === 'PodSecurityPolicy' ? m.pspHint : m.apiNoReplacement(a.kind), 'warning')];
  const from = apiName({ group: a.group, version: a.version });
  const to = apiName({ group: target.group, version: target.version });
  const stated = a.replacement
    ? apiName({ ...a.replacement, kind: a.replacement.kind ?? a.kind })
    : undefined;
  return compact<CardChild>([
    target.via.length > 0 && stated ? text(m.apiChain(stated, apiName(target)), 'warning') : undefined,
    target.kindChanged
      ? text(m.apiKindChange(from, a.kind, to, target.kind), 'warning')
      : text(m.apiHint(from, to, a.removedIn ?? ctx.corpus.newestReleased)),
    {
      type: 'code',
      language: 'yaml',
      code: `# before\napiVersion: ${from}\nkind: ${a.kind}\n# after\napiVersion: ${to}\nkind: ${target.kind}`,
    },
  ]);
}

/** A kind on the removal list: deprecated or removed, with the way out. */
export function apiCard(a: ApiRemoval, feature: Feature | undefined, ctx: ViewContext): Card {
  const { m } = ctx;
  const target = apiCatalog(ctx.corpus).servedReplacement(a);
  const children = compact<CardChild>([
    text(statement(a, ctx), a.removedIn ? 'warning' : 'plain'),
    fields([
      [m.label.deprecatedIn, a.deprecatedIn],
      [m.label.removedIn, a.removedIn],
      [m.label.replacement, target ? apiName(target) : '—'],
      [m.label.availableSince, target && target.via.length === 0 ? a.replacementAvailableIn : undefined],
    ]),
    ...migration(a, ctx),
    guide(ctx),
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

/** A kind the catalog knows without a removal row: served, or gone with its feature or replaced by a newer version. */
export function apiStatusCard(k: KindStatus, feature: Feature | undefined, ctx: ViewContext): Card {
  const { m } = ctx;
  const gv = apiName({ group: k.group, version: k.version });
  const newer = apiCatalog(ctx.corpus)
    .versionsOf(k.group)
    .map((v) => apiCatalog(ctx.corpus).kind(k.group, v, k.kind))
    .find((x) => x?.state === 'served');
  const line =
    k.state === 'served'
      ? m.apiServed(`${gv} ${k.kind}`, ctx.corpus.newestReleased)
      : k.state === 'deprecated'
        ? m.apiDeprecated(gv, k.kind, k.deprecatedIn ?? '?', k.removedIn)
        : k.basis === 'removed-feature' && feature
          ? m.apiRemovedWith(`${gv} ${k.kind}`, feature.name, k.removedIn)
          : m.apiSuperseded(`${gv} ${k.kind}`, newer ? apiName(newer) : k.group);
  return {
    title: m.apiTitle(gv, k.kind),
    children: compact<CardChild>([
      text(line, k.state === 'removed' ? 'warning' : 'plain'),
      guide(ctx),
      feature
        ? { type: 'actions', actions: [{ kind: 'feature', label: feature.name, value: feature.id }] }
        : undefined,
    ]),
    footer: cardFooter(ctx),
  };
}

/** A group/version with several kinds: each kind with its state. */
function kindLine(k: KindStatus, label: string, ctx: ViewContext): string {
  const { m } = ctx;
  const base = m.apiStatusLine(label, m.apiState[k.state] ?? k.state);
  const when = k.removedIn
    ? `${m.label.removedIn} ${k.removedIn}`
    : k.deprecatedIn
      ? `${m.label.deprecatedIn} ${k.deprecatedIn}`
      : undefined;
  const target = k.removal ? apiCatalog(ctx.corpus).servedReplacement(k.removal) : undefined;
  const move = target ? `→ ${apiName(target)}` : undefined;
  return [base, when ? m.paren(when).trim() : undefined, move].filter(Boolean).join(' ');
}

/** Several versions of one or more kinds, each with where to move ("Role and RoleBinding … v1beta1 to v1"). */
export function apiVersionsCard(rows: KindStatus[], ctx: ViewContext): Card {
  const { m } = ctx;
  const kinds = [...new Set(rows.map((k) => k.kind))];
  const items = rows.map((k) => kindLine(k, apiName(k), ctx));
  return {
    title: m.apiVersionsTitle(kinds.join(', ')),
    children: [
      text(m.apiVersionsIntro(rows.length)),
      truncatedList(kinds.join(', '), items, MAX_LIST_ITEMS * 2, DEPRECATION_GUIDE_URL),
      guide(ctx),
    ],
    footer: cardFooter(ctx),
  };
}

export function apiGroupCard(gvs: GroupVersionStatus, ctx: ViewContext): Card {
  const { m } = ctx;
  const gv = apiName({ group: gvs.group, version: gvs.version });
  const items = gvs.kinds.map((k) => kindLine(k, k.kind, ctx));
  return {
    title: m.apiTitle(gv),
    children: [
      text(m.apiKindsIn(gv)),
      truncatedList(gv, items, MAX_LIST_ITEMS * 2, DEPRECATION_GUIDE_URL),
      guide(ctx),
    ],
    footer: cardFooter(ctx),
  };
}

/** The group is known but this version (or this kind in it) never existed. */
export function apiNeverCard(title: string, line: string, ctx: ViewContext): Card {
  return { title, children: [text(line, 'warning'), guide(ctx)], footer: cardFooter(ctx) };
}
