import { apiCatalog, type GroupVersionStatus, type KindStatus } from '../../knowledge/api-catalog.js';
import { apiName } from '../../knowledge/changes.js';
import type { Feature } from '../../knowledge/schema.js';
import { singular } from '../../knowledge/text.js';
import type { Answer } from '../answer.js';
import { BotError } from '../errors.js';
import { apiAnswer, apiCard, apiGroupCard, apiNeverCard, apiStatusCard } from '../views/api.js';
import type { ViewContext } from '../views/context.js';
import { intent } from './types.js';

export interface ApiQuery {
  group?: string;
  version?: string;
  kind?: string;
}

const GROUP_VERSION = /(?<![\w./-])([a-z][a-z0-9-]*(?:\.[a-z0-9-]+)*)\/(v\d+(?:(?:alpha|beta)\d+)?)(?![\w-])/;
const KIND_IN_ERROR = /kind\s+"?([A-Za-z][A-Za-z0-9]*)"?/;

/** Kinds the corpus knows, lower case → as written. */
const kindCache = new WeakMap<object, Map<string, string>>();
function knownKinds(ctx: ViewContext): Map<string, string> {
  let kinds = kindCache.get(ctx.corpus);
  if (!kinds) {
    kinds = new Map();
    for (const gv of apiCatalog(ctx.corpus).all())
      for (const k of gv.kinds) kinds.set(k.kind.toLowerCase(), k.kind);
    kindCache.set(ctx.corpus, kinds);
  }
  return kinds;
}

function findKind(text: string, ctx: ViewContext, skip: string): string | undefined {
  const kinds = knownKinds(ctx);
  const fromError = KIND_IN_ERROR.exec(text)?.[1];
  if (fromError && kinds.has(fromError.toLowerCase())) return kinds.get(fromError.toLowerCase());
  for (const word of text.split(/[^A-Za-z0-9]+/)) {
    if (!word || skip.includes(word.toLowerCase())) continue;
    const kind = kinds.get(word.toLowerCase()) ?? kinds.get(singular(word.toLowerCase()));
    if (kind) return kind;
    const feature = /^[a-z]{2,6}$/.test(word) ? ctx.index.lookupExact(word) : undefined;
    if (feature?.apiResources.length === 1) return feature.apiResources[0]?.kind;
  }
  return undefined;
}

export function parseApiQuery(text: string, ctx: ViewContext, explicit: boolean): ApiQuery | null {
  const gv = GROUP_VERSION.exec(text.toLowerCase());
  const { groups } = apiCatalog(ctx.corpus);
  if (gv?.[1] && gv[2] && (explicit || groups.has(gv[1]))) {
    const kind = findKind(text, ctx, gv[0]);
    return { group: gv[1], version: gv[2], ...(kind ? { kind } : {}) };
  }
  if (!explicit) return null;
  const kind = findKind(text, ctx, '');
  return kind ? { kind } : { group: text.trim() };
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
    if (a.kind) {
      const kinds = catalog
        .all()
        .flatMap((x) => x.kinds)
        .filter((x) => x.kind === a.kind);
      const listed = kinds.filter((x) => x.removal);
      if (kinds.length === 1) return single(kinds[0] as KindStatus, q.text, ctx);
      if (listed.length > 0 || kinds.length > 0) {
        const group = kinds[0]?.group ?? '';
        return {
          query: q.text,
          kind: 'api',
          lang: ctx.lang,
          apis: kinds.map((k) => apiAnswer(k, catalog)),
          card: apiGroupCard({ group, version: '', state: 'served', kinds }, ctx),
        };
      }
    }
    throw new BotError('UNKNOWN_API', { api: a.group ?? q.text });
  },
});
