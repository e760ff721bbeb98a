/**
 * What changed in a release, or across a range of releases, derived from the features' stage history and
 * the API removal list. Pure functions of the corpus; used by release cards, upgrade answers and the digest.
 */
import type { Corpus } from './load.js';
import type { ApiRemoval, Feature, Stage } from './schema.js';
import { compareVersions, minor } from './versions.js';

export interface Change {
  feature: Feature;
  version: string;
  stage: Stage['stage'];
  /** "now on by default" when a beta feature flips its default, "planned" for targets. */
  enabledByDefault?: boolean;
  defaultFlip?: boolean;
  planned?: boolean;
  /** For deprecated/removed rows of a mechanism rather than the whole feature ("CRI v1alpha2"). */
  scope?: string;
}

export interface ReleaseChanges {
  stable: Change[];
  beta: Change[];
  alpha: Change[];
  deprecated: Change[];
  removed: Change[];
  apiRemovals: ApiRemoval[];
  apiDeprecations: ApiRemoval[];
}

const API_VERSION = /^(?:[a-z0-9.-]+\/)?v\d+(?:(?:alpha|beta)\d+)?(?:\s+[A-Z]\w*)?$/;

/** A scoped row counts as a release change only when it is not an API version (those come from api-removals). */
function scopeOf(row: Stage): string | undefined | null {
  if (!row.appliesTo) return undefined;
  const mechanisms = row.appliesTo.filter((a) => !API_VERSION.test(a));
  return mechanisms.length > 0 ? mechanisms.join(', ') : null;
}

function emptyChanges(): ReleaseChanges {
  return {
    stable: [],
    beta: [],
    alpha: [],
    deprecated: [],
    removed: [],
    apiRemovals: [],
    apiDeprecations: [],
  };
}

/** Stage rows of one release, one per feature and stage; planned rows only when `planned` is set. */
export function changesIn(
  corpus: Corpus,
  version: string,
  options: { planned?: boolean } = {},
): ReleaseChanges {
  const cache = inCache.get(corpus) ?? new Map<string, ReleaseChanges>();
  inCache.set(corpus, cache);
  const key = `${version}:${options.planned === true}`;
  const cached = cache.get(key);
  if (cached) return cached;
  const computed = computeChangesIn(corpus, version, options);
  cache.set(key, computed);
  return computed;
}

const inCache = new WeakMap<Corpus, Map<string, ReleaseChanges>>();

function computeChangesIn(corpus: Corpus, version: string, options: { planned?: boolean }): ReleaseChanges {
  const out = emptyChanges();
  for (const feature of corpus.features) {
    const seen = new Set<string>();
    feature.stages.forEach((row, i) => {
      if (row.version !== version || row.unconfirmed) return;
      if (Boolean(row.planned) !== Boolean(options.planned)) return;
      const scope = scopeOf(row);
      if (scope === null) return;
      const key = `${row.stage}:${scope ?? ''}`;
      if (seen.has(key)) return;
      seen.add(key);
      const earlier = feature.stages.slice(0, i).findLast((r) => r.stage === row.stage && !r.appliesTo);
      const defaultFlip =
        row.stage === 'beta' &&
        earlier !== undefined &&
        earlier.enabledByDefault === false &&
        row.enabledByDefault === true;
      if (earlier && !defaultFlip && row.stage !== 'deprecated' && row.stage !== 'removed') return;
      out[row.stage].push({
        feature,
        version,
        stage: row.stage,
        ...(row.enabledByDefault !== undefined ? { enabledByDefault: row.enabledByDefault } : {}),
        ...(defaultFlip ? { defaultFlip } : {}),
        ...(row.planned ? { planned: true } : {}),
        ...(scope ? { scope } : {}),
      });
    });
  }
  out.apiRemovals = corpus.apiRemovals.filter((a) => a.removedIn === version);
  out.apiDeprecations = corpus.apiRemovals.filter((a) => a.deprecatedIn === version);
  const order = (a: Change, b: Change) =>
    Number(b.feature.curated) - Number(a.feature.curated) || a.feature.name.localeCompare(b.feature.name);
  for (const list of [out.stable, out.beta, out.alpha, out.deprecated, out.removed]) list.sort(order);
  return out;
}

/** Versions after `from`, up to and including `to`. */
export function versionsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let m = minor(from) + 1; m <= minor(to); m++) out.push(`1.${m}`);
  return out;
}

/** Everything that changed in (from, to], newest first within each list. */
export function changesBetween(corpus: Corpus, from: string, to: string): ReleaseChanges {
  const cache = betweenCache.get(corpus) ?? new Map<string, ReleaseChanges>();
  betweenCache.set(corpus, cache);
  const key = `${from}>${to}`;
  const cached = cache.get(key);
  if (cached) return cached;
  const computed = computeChangesBetween(corpus, from, to);
  if (cache.size >= 256) cache.clear();
  cache.set(key, computed);
  return computed;
}

/** A corpus never changes once loaded (a refresh loads a new one), so its ranges are worked out once. */
const betweenCache = new WeakMap<Corpus, Map<string, ReleaseChanges>>();

function computeChangesBetween(corpus: Corpus, from: string, to: string): ReleaseChanges {
  const out = emptyChanges();
  for (const v of versionsBetween(from, to).reverse()) {
    const released = corpus.releaseByVersion.get(v)?.released ?? false;
    const c = changesIn(corpus, v, { planned: !released });
    for (const key of Object.keys(out) as Array<keyof ReleaseChanges>) {
      (out[key] as unknown[]).push(...(c[key] as unknown[]));
    }
  }
  return out;
}

export function apiName(a: Pick<ApiRemoval, 'group' | 'version'> & { kind?: string }): string {
  const gv = a.group === 'core' || a.group === '' ? a.version : `${a.group}/${a.version}`;
  return a.kind ? `${gv} ${a.kind}` : gv;
}

export function isReleased(corpus: Corpus, version: string): boolean {
  return compareVersions(version, corpus.newestReleased) <= 0;
}
