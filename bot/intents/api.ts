import { apiName } from '../../knowledge/changes.js';
import { parseApiVersion } from '../../knowledge/derive.js';
import type { ApiRemoval } from '../../knowledge/schema.js';
import { singular } from '../../knowledge/text.js';
import type { Answer } from '../answer.js';
import { BotError } from '../errors.js';
import { apiAnswer, apiCard, apiGroupCard, apiServedCard } from '../views/api.js';
import type { ViewContext } from '../views/context.js';
import { intent } from './types.js';

export interface ApiQuery {
  group?: string;
  version?: string;
  kind?: string;
}

const GROUP_VERSION = /(?<![\w./-])([a-z][a-z0-9-]*(?:\.[a-z0-9-]+)*)\/(v\d+(?:(?:alpha|beta)\d+)?)(?![\w-])/;
const KIND_IN_ERROR = /kind\s+"?([A-Za-z][A-Za-z0-9]*)"?/;

interface ApiCatalog {
  groups: Set<string>;
  /** "group/version" pairs the corpus has seen: served now, deprecated, removed, or a replacement. */
  versions: Set<string>;
  kinds: Map<string, string>;
}

const catalogs = new WeakMap<object, ApiCatalog>();

/** API groups and kinds the corpus knows, built once per corpus. */
function catalog(ctx: ViewContext): ApiCatalog {
  const cached = catalogs.get(ctx.corpus);
  if (cached) return cached;
  const groups = new Set<string>();
  const versions = new Set<string>();
  const kinds = new Map<string, string>();
  const add = (group: string, version: string) => {
    groups.add(group);
    versions.add(`${group}/${version}`);
  };
  for (const a of ctx.corpus.apiRemovals) {
    add(a.group, a.version);
    kinds.set(a.kind.toLowerCase(), a.kind);
    if (a.replacement) add(a.replacement.group, a.replacement.version);
    for (const alt of a.alternativeReplacements) add(alt.group, alt.version);
  }
  for (const f of ctx.corpus.features) {
    for (const r of f.apiResources) {
      add(r.group, r.version);
      kinds.set(r.kind.toLowerCase(), r.kind);
    }
    for (const s of f.stages) {
      const gv = s.apiVersion ? parseApiVersion(s.apiVersion) : null;
      if (gv) add(gv.group, gv.version);
    }
  }
  const built = { groups, versions, kinds };
  catalogs.set(ctx.corpus, built);
  return built;
}

function findKind(text: string, ctx: ViewContext, skip: string): string | undefined {
  const { kinds } = catalog(ctx);
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
  const { groups } = catalog(ctx);
  if (gv?.[1] && gv[2] && (explicit || groups.has(gv[1]))) {
    const kind = findKind(text, ctx, gv[0]);
    return { group: gv[1], version: gv[2], ...(kind ? { kind } : {}) };
  }
  if (!explicit) return null;
  const kind = findKind(text, ctx, '');
  return kind ? { kind } : { group: text.trim() };
}

function single(a: ApiRemoval, q: string, ctx: ViewContext): Answer {
  const feature = ctx.corpus.features.find((f) => f.curated && f.apiResources.some((r) => r.kind === a.kind));
  return { query: q, kind: 'api', lang: ctx.lang, api: apiAnswer(a), card: apiCard(a, feature, ctx) };
}

function several(title: string, entries: ApiRemoval[], q: string, ctx: ViewContext): Answer {
  return {
    query: q,
    kind: 'api',
    lang: ctx.lang,
    apis: entries.map(apiAnswer),
    card: apiGroupCard(title, entries, ctx),
  };
}

export const apiIntent = intent<ApiQuery>({
  id: 'api',
  match(q, ctx) {
    if (q.command && q.command.name !== 'api') return null;
    return parseApiQuery(q.command ? q.command.rest : q.text, ctx, q.command?.name === 'api');
  },
  run(a, q, ctx) {
    const removals = ctx.corpus.apiRemovals;
    const { versions } = catalog(ctx);
    if (a.group && a.version) {
      const gv = apiName({ group: a.group, version: a.version });
      const inGroupVersion = removals.filter((r) => r.group === a.group && r.version === a.version);
      const exact = a.kind ? inGroupVersion.find((r) => r.kind === a.kind) : undefined;
      if (exact) return single(exact, q.text, ctx);
      if (inGroupVersion.length === 1 && !a.kind) return single(inGroupVersion[0] as ApiRemoval, q.text, ctx);
      if (inGroupVersion.length > 0) return several(gv, inGroupVersion, q.text, ctx);
      if (versions.has(`${a.group}/${a.version}`)) {
        const served = a.kind ? `${gv} ${a.kind}` : gv;
        return {
          query: q.text,
          kind: 'api',
          lang: ctx.lang,
          api: { group: a.group, version: a.version, ...(a.kind ? { kind: a.kind } : {}), replacement: null },
          card: apiServedCard(served, ctx),
        };
      }
      throw new BotError('UNKNOWN_API', { api: gv });
    }
    if (a.kind) {
      const forKind = removals.filter((r) => r.kind === a.kind);
      if (forKind.length > 0) return several(a.kind, forKind, q.text, ctx);
      return { query: q.text, kind: 'api', lang: ctx.lang, card: apiServedCard(a.kind, ctx) };
    }
    throw new BotError('UNKNOWN_API', { api: a.group ?? q.text });
  },
});
