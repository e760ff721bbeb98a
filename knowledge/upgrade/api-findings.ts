/**
 * apiVersion findings: an object whose group/version/kind the target no longer serves (breaking) or has
 * deprecated (deprecated), with the way out from the API catalog (a version served today, the kind change said)
 * and whether that way out is already served in the release upgraded from.
 */
import type { ApiCatalog, KindStatus } from '../api-catalog.js';
import { apiName } from '../changes.js';
import { parseApiVersion } from '../derive.js';
import type { Corpus } from '../load.js';
import { compareVersions } from '../versions.js';
import { atOrBefore, type CheckContext, featureOfKind, locationOf, objectOf } from './context.js';
import type { ManifestObject } from './manifests.js';
import type { ApiTarget, Finding } from './report.js';

const firstServed = new WeakMap<Corpus, Map<string, string | null>>();

const earlier = (a: string | null, b: string | null) =>
  a === null ? b : b === null ? a : compareVersions(a, b) <= 0 ? a : b;

/**
 * The first release that serves a group/version kind: from the removal list (a row naming it as the replacement
 * says since when it is available), else from a feature's history (the stage row that introduced that apiVersion).
 */
export function availableIn(corpus: Corpus, group: string, version: string, kind: string): string | null {
  let cache = firstServed.get(corpus);
  if (!cache) {
    cache = new Map();
    firstServed.set(corpus, cache);
  }
  const key = `${group}/${version} ${kind}`;
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  let found: string | null = null;
  for (const a of corpus.apiRemovals) {
    const r = a.replacement;
    if (r && r.group === group && r.version === version && (r.kind ?? a.kind) === kind)
      found = earlier(found, a.replacementAvailableIn);
  }
  if (found === null) {
    const gv = apiName({ group, version });
    for (const f of corpus.features) {
      if (!f.apiResources.some((r) => r.kind === kind && r.group === group)) continue;
      for (const s of f.stages) {
        if (s.planned || s.appliesTo || !s.apiVersion) continue;
        const p = parseApiVersion(s.apiVersion);
        if (p && apiName(p) === gv) found = earlier(found, s.version);
      }
    }
  }
  cache.set(key, found);
  return found;
}

/** Where to move a deprecated or removed kind today. */
export function wayOut(corpus: Corpus, catalog: ApiCatalog, k: KindStatus): ApiTarget | null {
  if (k.removal) {
    const t = catalog.servedReplacement(k.removal);
    if (!t) return null;
    const stated =
      t.via.length === 0 &&
      k.removal.replacement?.group === t.group &&
      k.removal.replacement.version === t.version
        ? k.removal.replacementAvailableIn
        : null;
    return { ...t, availableIn: stated ?? availableIn(corpus, t.group, t.version, t.kind) };
  }
  const served = catalog
    .versionsOf(k.group)
    .map((v) => catalog.kind(k.group, v, k.kind))
    .find((x) => x?.state === 'served');
  if (!served) return null;
  return {
    group: served.group,
    version: served.version,
    kind: served.kind,
    kindChanged: false,
    via: [],
    availableIn: availableIn(corpus, served.group, served.version, served.kind),
  };
}

/** How the target treats a group/version kind: undefined when it is served and not deprecated (or unknown). */
export function apiStatusAt(
  ctx: Pick<CheckContext, 'catalog' | 'target'>,
  group: string,
  version: string,
  kind: string,
): { status: KindStatus; removed: boolean; deprecated: boolean } | undefined {
  const status = ctx.catalog.kind(group, version, kind);
  if (!status) return undefined;
  const removed =
    status.removedIn !== null
      ? atOrBefore(status.removedIn, ctx.target)
      : status.state === 'removed' && status.basis !== 'removal-list';
  const deprecated = status.deprecatedIn !== null && atOrBefore(status.deprecatedIn, ctx.target);
  if (!removed && !deprecated) return undefined;
  return { status, removed, deprecated };
}

export function apiFinding(obj: ManifestObject, ctx: CheckContext): Finding | undefined {
  const gv = parseApiVersion(obj.apiVersion);
  if (!gv) return undefined;
  const at = apiStatusAt(ctx, gv.group, gv.version, obj.kind);
  if (!at) return undefined;
  const { status } = at;
  const replacement = wayOut(ctx.corpus, ctx.catalog, status);
  return {
    severity: at.removed ? 'breaking' : 'deprecated',
    category: 'api',
    location: locationOf(obj, obj.locate(['apiVersion'])),
    object: objectOf(obj),
    api: {
      group: gv.group,
      version: gv.version,
      kind: obj.kind,
      deprecatedIn: status.deprecatedIn,
      removedIn: status.removedIn,
      replacement,
    },
    replacementInFrom:
      ctx.from && replacement?.availableIn ? atOrBefore(replacement.availableIn, ctx.from) : null,
    featureId:
      featureOfKind(ctx.corpus, replacement?.kind ?? obj.kind) ?? featureOfKind(ctx.corpus, obj.kind),
  };
}
