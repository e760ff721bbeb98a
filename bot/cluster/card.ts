/** The cluster card and the digest's "your clusters" lines, from a ClusterReport (knowledge/upgrade/cluster.ts). */
import { apiName } from '../../knowledge/changes.js';
import { breakingCounts, type ClusterReport } from '../../knowledge/upgrade/cluster.js';
import type { GateFinding } from '../../knowledge/upgrade/report.js';
import { type Action, type Card, type CardChild, compact, fields, text, truncatedList } from '../cards.js';
import { checkMessages } from '../check/messages.js';
import type { Lang } from '../messages.js';
import { cardFooter, type ViewContext } from '../views/context.js';
import { clusterMessages } from './messages.js';

const MAX_ITEMS = 10;

export function clusterCard(r: ClusterReport, ctx: ViewContext): Card {
  const c = clusterMessages(ctx.lang);
  const title = c.title(r.name, r.version);
  if (r.error) {
    return {
      title,
      children: [text(c.unreachable(r.error.message), 'warning')],
      footer: c.checkedAt(r.checkedAt),
    };
  }
  const to = (a: ClusterReport['findings'][number]['api']) =>
    a.replacement
      ? apiName({ group: a.replacement.group, version: a.replacement.version, kind: a.replacement.kind })
      : null;
  const item = (f: ClusterReport['findings'][number]) =>
    c.object(
      f.object.kind,
      f.object.namespace,
      f.object.name,
      apiName({ group: f.api.group, version: f.api.version }),
      f.source,
      to(f.api),
    );
  const served = (a: ClusterReport['servedApis'][number]) =>
    c.served(apiName({ group: a.group, version: a.version, kind: a.kind }), a.removedIn, a.deprecatedIn);
  const next = r.next ?? '?';
  const g = checkMessages(ctx.lang).gate;
  const gateLine = ({ gate: f }: { gate: GateFinding }) => {
    const v =
      f.reason === 'removed'
        ? f.removedIn
        : f.reason === 'deprecated'
          ? f.deprecatedIn
          : f.reason === 'not-yet'
            ? f.introducedIn
            : f.lockedIn;
    return f.reason === 'locked'
      ? g.locked(f.name, f.component, v, f.lockedTo)
      : g[f.reason](f.name, f.component, v);
  };
  const breaking = [
    ...r.findings.filter((f) => f.severity === 'breaking').map(item),
    ...r.servedApis.filter((a) => a.severity === 'breaking').map(served),
    ...(r.gates?.findings.filter((f) => f.severity === 'breaking').map(gateLine) ?? []),
  ];
  const deprecated = [
    ...r.findings.filter((f) => f.severity === 'deprecated').map(item),
    ...r.servedApis.filter((a) => a.severity === 'deprecated').map(served),
    ...(r.gates?.findings.filter((f) => f.severity === 'deprecated').map(gateLine) ?? []),
  ];
  const actions: Action[] = [];
  const seen = new Set<string>();
  for (const f of [...r.findings.map((x) => x.api), ...r.servedApis]) {
    const api = apiName({ group: f.group, version: f.version, kind: f.kind });
    if (seen.has(api) || actions.length >= 5) continue;
    seen.add(api);
    actions.push({ kind: 'ask', label: api, value: `api ${api}` });
  }
  const children = compact<CardChild>([
    fields([
      [c.version, r.version],
      [
        c.endOfLife,
        r.endOfLife && r.daysToEndOfLife !== null ? c.eol(r.endOfLife, r.daysToEndOfLife) : c.noEol,
      ],
      [c.next, r.next],
    ]),
    r.daysToEndOfLife !== null && r.daysToEndOfLife < 60
      ? text(c.eol(r.endOfLife ?? '', r.daysToEndOfLife), 'warning')
      : undefined,
    breaking.length > 0
      ? truncatedList(`${c.breaks(next)} (${breaking.length})`, breaking, MAX_ITEMS)
      : undefined,
    deprecated.length > 0
      ? truncatedList(`${c.deprecated(next)} (${deprecated.length})`, deprecated, MAX_ITEMS)
      : undefined,
    breaking.length + deprecated.length === 0 ? text(c.nothing(next)) : undefined,
    r.gates
      ? truncatedList(
          `${c.gatesTitle}: ${c.gatesLine(r.gates.enabled, r.gates.changed.length)}`,
          r.gates.changed.map((g) => c.gateChanged(g.name, g.stage, g.enabled)),
          MAX_ITEMS,
        )
      : undefined,
    r.problems.length > 0 ? truncatedList(c.problemsTitle, r.problems, MAX_ITEMS) : undefined,
    actions.length > 0 ? { type: 'actions', actions } : undefined,
  ]);
  return { title, children, footer: `${c.checkedAt(r.checkedAt)} · ${cardFooter(ctx)}` };
}

/** One card listing several clusters, each with its one-line summary and a button to its own card. */
export function clusterListCard(reports: ClusterReport[], ctx: ViewContext): Card {
  const c = clusterMessages(ctx.lang);
  return {
    title: c.listTitle,
    children: [
      truncatedList(c.listTitle, clusterLines(reports, ctx.lang), MAX_ITEMS),
      {
        type: 'actions',
        actions: reports
          .slice(0, 5)
          .map((r) => ({ kind: 'ask' as const, label: r.name, value: `cluster ${r.name}` })),
      },
    ],
    footer: cardFooter(ctx),
  };
}

/** The digest's "your clusters" lines (and the list card's). */
export function clusterLines(reports: ClusterReport[], lang: Lang): string[] {
  const c = clusterMessages(lang);
  return reports.map((r) => {
    if (r.error || !r.version || !r.next) return c.digestUnreachable(r.name, r.error?.message ?? '?');
    const n = breakingCounts(r);
    return c.digestLine(
      r.name,
      r.version,
      r.endOfLife,
      r.daysToEndOfLife,
      r.next,
      n.objects,
      n.apis,
      n.gates,
    );
  });
}
