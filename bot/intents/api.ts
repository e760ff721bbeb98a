import { apiCatalog, type GroupVersionStatus, type KindStatus } from '../../knowledge/api-catalog.js';
import { apiName } from '../../knowledge/changes.js';
import type { Feature } from '../../knowledge/schema.js';
import type { Answer } from '../answer.js';
import { BotError } from '../errors.js';
import {
  apiAnswer,
  apiCard,
  apiGroupCard,
  apiNeverCard,
  apiStatusCard,
  apiVersionsCard,
} from '../views/api.js';
import type { ViewContext } from '../views/context.js';
import { apiMentions, isMoveTarget, kindApiStatement, kindsIn, movesTo } from './api-text.js';
import { featureReply } from './feature.js';
import { intent } from './types.js';

export interface ApiQuery {
  group?: string;
  version?: string;
  kind?: string;
  /** A statement about a kind's versions resolved to its rows ("PodDisruptionBudget is deprecated in v1.21+"). */
  rows?: KindStatus[];
}

const KIND_IN_ERROR = /kind\s+"?([A-Za-z][A-Za-z0-9]*)"?/;

function findKind(text: string, ctx: ViewContext, after = 0): string | undefined {
  const fromError = KIND_IN_ERROR.exec(text)?.[1];
  const kinds = kindsIn(text, ctx);
  if (fromError) {
    const k = kinds.find((x) => x.kind.toLowerCase() === fromError.toLowerCase());
    if (k) return k.kind;
  }
  // The kind written right after the group/version ("batch/v1beta1 CronJob"), else the first one.
  return (kinds.find((k) => k.at >= after) ?? kinds[0])?.kind;
}

/**
 * What API the text asks about. Explicit (`api …`): anything that looks like one. Otherwise a group/version of a
 * known group (typos corrected), or a statement about a kind's versions.
 */
export function parseApiQuery(text: string, ctx: ViewContext, explicit: boolean): ApiQuery | null {
  const catalog = apiCatalog(ctx.corpus);
  const statement = kindApiStatement(text, ctx);
  const mentions = apiMentions(text, ctx);
  const first = mentions[0];
  const firstKind = first ? findKind(text, ctx, first.at) : undefined;
  // "is apps/v1 Deployment deprecated?": a version the catalog knows for the kind, asked about by name.
  const named = first && firstKind ? catalog.kind(first.group, first.version, firstKind) : undefined;
  const statementNamesIt = statement?.rows.some(
    (r) => r.group === named?.group && r.version === named?.version,
  );
  // "Update PodDisruptionBudget to policy/v1" names where to go, not what is asked about.
  const isTarget = first ? isMoveTarget(text, first.at) : false;
  if (named && !statementNamesIt && !(statement && isTarget))
    return { group: named.group, version: named.version, kind: named.kind };
  // A warning or statement that also names the replacement is about the deprecated version.
  if (statement && statement.rows.length > 0)
    return statement.rows.length === 1
      ? {
          group: statement.rows[0]?.group as string,
          version: statement.rows[0]?.version as string,
          kind: statement.kind,
        }
      : { kind: statement.kind, rows: statement.rows };
  if (first && isTarget && !firstKind && !statement) {
    const rows = movesTo(first, text, ctx);
    if (rows.length > 0) return { kind: rows[0]?.kind as string, rows };
  }
  if (first) return { group: first.group, version: first.version, ...(firstKind ? { kind: firstKind } : {}) };
  if (statement) return { kind: statement.kind, rows: statement.rows };
  if (!explicit) return null;
  const raw = /(?<![\w./-])([a-z][a-z0-9-]*(?:\.[a-z0-9-]+)*)\/(v\d+(?:(?:alpha|beta)\d+)?)(?![\w-])/i.exec(
    text,
  );
  if (raw?.[1] && raw[2]) return { group: raw[1].toLowerCase(), version: raw[2].toLowerCase() };
  // "api v1": the core group has no name.
  const core = /^(v\d+(?:(?:alpha|beta)\d+)?)$/i.exec(text.trim());
  if (core?.[1]) return { group: 'core', version: core[1].toLowerCase() };
  const kind = findKind(text, ctx);
  if (kind) return { kind };
  return catalog.groups.has(text.trim().toLowerCase())
    ? { group: text.trim().toLowerCase() }
    : { group: text.trim() };
}

function featureOfKind(kind: string, ctx: ViewContext): Feature | undefined {
  return ctx.corpus.features.find((f) => f.curated && f.apiResources.some((r) => r.kind === kind));
}

function single(k: KindStatus, q: string, ctx: ViewContext): Answer {
  const catalog = apiCatalog(ctx.corpus);
  const feature = featureOfKind(k.kind, ctx);
  return {
    query: q,
    kind: 'api',
    lang: ctx.lang,
    api: apiAnswer(k, catalog),
    card: k.removal ? apiCard(k.removal, feature, ctx) : apiStatusCard(k, feature, ctx),
  };
}

function several(gvs: GroupVersionStatus, q: string, ctx: ViewContext): Answer {
  const catalog = apiCatalog(ctx.corpus);
  return {
    query: q,
    kind: 'api',
    lang: ctx.lang,
    apis: gvs.kinds.map((k) => apiAnswer(k, catalog)),
    card: apiGroupCard(gvs, ctx),
  };
}

export const apiIntent = intent<ApiQuery>({
  id: 'api',
  match(q, ctx) {
    if (q.command && q.command.name !== 'api') return null;
    return parseApiQuery(q.command ? q.command.rest : q.text, ctx, q.command?.name === 'api');
  },
  run(a, q, ctx) {
    const catalog = apiCatalog(ctx.corpus);
    const { m } = ctx;
    if (a.group && a.version) {
      const gv = apiName({ group: a.group, version: a.version });
      const gvs = catalog.groupVersion(a.group, a.version);
      if (!gvs) {
        if (!catalog.groups.has(a.group)) throw new BotError('UNKNOWN_API', { api: gv });
        const known = m.list(catalog.versionsOf(a.group));
        return {
          query: q.text,
          kind: 'api',
          lang: ctx.lang,
          api: { group: a.group, version: a.version, ...(a.kind ? { kind: a.kind } : {}), replacement: null },
          card: apiNeverCard(m.apiTitle(gv, a.kind), m.apiNever(gv, a.group, known), ctx),
        };
      }
      const k = a.kind
        ? gvs.kinds.find((x) => x.kind === a.kind)
        : gvs.kinds.length === 1
          ? gvs.kinds[0]
          : undefined;
      if (k) return single(k, q.text, ctx);
      if (a.kind) {
        const elsewhere = catalog
          .all()
          .flatMap((x) => x.kinds)
          .filter((x) => x.kind === a.kind);
        if (elsewhere.length === 0 || gvs.kinds.length > 0) {
          return {
            query: q.text,
            kind: 'api',
            lang: ctx.lang,
            api: { group: a.group, version: a.version, kind: a.kind, replacement: null },
            card: apiNeverCard(
              m.apiTitle(gv, a.kind),
              m.apiKindNever(gv, a.kind, m.list(gvs.kinds.map((x) => x.kind))),
              ctx,
            ),
          };
        }
      }
      return several(gvs, q.text, ctx);
    }
    if (a.rows && a.kind) {
      if (a.rows.length === 1) return single(a.rows[0] as KindStatus, q.text, ctx);
      return {
        query: q.text,
        kind: 'api',
        lang: ctx.lang,
        apis: a.rows.map((k) => apiAnswer(k, catalog)),
        card: apiVersionsCard(a.rows, ctx),
      };
    }
    if (a.kind) {
      const kinds = catalog
        .all()
        .flatMap((x) => x.kinds)
        .filter((x) => x.kind === a.kind);
      const listed = kinds.filter((x) => x.removal);
      if (kinds.length === 1) return single(kinds[0] as KindStatus, q.text, ctx);
      if (listed.length > 0 || kinds.length > 0) {
        return {
          query: q.text,
          kind: 'api',
          lang: ctx.lang,
          apis: kinds.map((k) => apiAnswer(k, catalog)),
          card: apiVersionsCard(kinds, ctx),
        };
      }
    }
    // "api priority and fairness" names a feature, not an API version.
    const outcome = ctx.index.search(q.text);
    const named = outcome.decision === 'answer' ? outcome.hits[0]?.feature : undefined;
    if (named) return featureReply(named, q.text, ctx);
    throw new BotError('UNKNOWN_API', { api: a.group ?? q.text });
  },
});
