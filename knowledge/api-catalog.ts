/**
 * Every API group/version (and kind) the corpus knows, each classified: served, deprecated (still served),
 * removed, or never existed. Nothing is called served by default: a version is served only when a source says so
 * (a living feature's current API, a replacement nobody removed, a valid example); a version the data knows only
 * from history is removed once a newer one replaced it; a group the data knows with a version it never saw never
 * existed. Pure: built from the corpus, read by the API answers and checked by knowledge:check.
 */
import { apiName } from './changes.js';
import { parseApiVersion } from './derive.js';
import type { Corpus } from './load.js';
import type { ApiRemoval, Feature } from './schema.js';
import { compareVersions } from './versions.js';

export type ApiState = 'served' | 'deprecated' | 'removed';

export interface KindStatus {
  group: string;
  version: string;
  kind: string;
  state: ApiState;
  deprecatedIn: string | null;
  removedIn: string | null;
  /** Where the classification comes from, for people reading a check's report. */
  basis: 'removal-list' | 'replacement' | 'feature-api' | 'removed-feature' | 'history' | 'example';
  removal?: ApiRemoval;
}

export interface GroupVersionStatus {
  group: string;
  version: string;
  /** Served if any kind is served; deprecated if all remaining kinds are deprecated; removed otherwise. */
  state: ApiState;
  kinds: KindStatus[];
}

export interface ServedTarget {
  group: string;
  version: string;
  kind: string;
  /** The kind changes (ThirdPartyResource → CustomResourceDefinition), not only the apiVersion. */
  kindChanged: boolean;
  /** The hops followed when the stated replacement was itself removed. */
  via: string[];
}

const gvKey = (group: string, version: string) => `${group}/${version}`;
const RANK: Record<ApiState, number> = { served: 0, deprecated: 1, removed: 2 };

export class ApiCatalog {
  private readonly byGv = new Map<string, Map<string, KindStatus>>();
  /** Built once from byGv (complete after the constructor): what groupVersion and all return, shared. */
  private readonly gvStatus = new Map<string, GroupVersionStatus>();
  private everyGv: GroupVersionStatus[] | undefined;
  readonly groups = new Set<string>();

  constructor(corpus: Corpus) {
    const newest = corpus.newestReleased;
    const removedBy = (v: string | null) => v !== null && compareVersions(v, newest) <= 0;
    // 1. The removal list: the strongest source.
    for (const a of corpus.apiRemovals) {
      const state: ApiState = removedBy(a.removedIn)
        ? 'removed'
        : a.deprecatedIn || a.removedIn
          ? 'deprecated'
          : 'served';
      this.put({
        group: a.group,
        version: a.version,
        kind: a.kind,
        state,
        deprecatedIn: a.deprecatedIn,
        removedIn: a.removedIn,
        basis: 'removal-list',
        removal: a,
      });
    }
    // 2. Replacements nobody removed are served.
    for (const a of corpus.apiRemovals) {
      for (const r of [a.replacement, ...a.alternativeReplacements]) {
        if (!r) continue;
        const kind = r.kind ?? a.kind;
        this.putWeak({
          group: r.group,
          version: r.version,
          kind,
          state: 'served',
          deprecatedIn: null,
          removedIn: null,
          basis: 'replacement',
        });
      }
    }
    // 3. Features: a living feature's API is served; a removed feature's API was removed with it.
    for (const f of corpus.features) {
      const removal = featureRemoval(f);
      const deprecation = featureDeprecation(f);
      for (const r of f.apiResources) {
        this.putWeak(
          removal && compareVersions(removal, newest) <= 0
            ? {
                group: r.group,
                version: r.version,
                kind: r.kind,
                state: 'removed',
                deprecatedIn: null,
                removedIn: removal,
                basis: 'removed-feature',
              }
            : {
                group: r.group,
                version: r.version,
                kind: r.kind,
                // A deprecated feature's API is still served, with a warning (v1 Endpoints since 1.33).
                state: deprecation ? 'deprecated' : 'served',
                deprecatedIn: deprecation,
                removedIn: null,
                basis: 'feature-api',
              },
        );
      }
      // 4. Versions a feature's history names and then replaced are gone (PetSet's apps/v1alpha1).
      const versions = f.stages
        .filter((s) => s.apiVersion && !s.appliesTo)
        .map((s) => ({ gv: parseApiVersion(s.apiVersion as string), at: s.version }))
        .filter((x): x is { gv: { group: string; version: string }; at: string } => x.gv !== null);
      for (const [i, v] of versions.entries()) {
        const later = versions
          .slice(i + 1)
          .find((w) => w.gv.group === v.gv.group && w.gv.version !== v.gv.version);
        const kinds = f.apiResources.filter((r) => r.group === v.gv.group).map((r) => r.kind);
        for (const kind of kinds) {
          this.putWeak(
            later
              ? {
                  group: v.gv.group,
                  version: v.gv.version,
                  kind,
                  state: 'removed',
                  deprecatedIn: null,
                  removedIn: null,
                  basis: 'history',
                }
              : {
                  group: v.gv.group,
                  version: v.gv.version,
                  kind,
                  state: removal ? 'removed' : 'served',
                  deprecatedIn: null,
                  removedIn: removal ?? null,
                  basis: 'history',
                },
          );
        }
      }
    }
    // 5. Examples validate against a current cluster (unless marked as an example of a removed API).
    for (const f of corpus.features)
      for (const ex of f.examples) {
        if (ex.removedApi) continue;
        for (const m of ex.yaml.matchAll(/^apiVersion:\s*(\S+)\s*\n(?:.*\n)*?kind:\s*([A-Z]\w*)/gm)) {
          const gv = parseApiVersion(m[1] ?? '');
          if (gv && m[2])
            this.putWeak({
              ...gv,
              kind: m[2],
              state: 'served',
              deprecatedIn: null,
              removedIn: null,
              basis: 'example',
            });
        }
      }
  }

  private put(s: KindStatus): void {
    this.groups.add(s.group);
    const key = gvKey(s.group, s.version);
    const kinds = this.byGv.get(key) ?? new Map<string, KindStatus>();
    kinds.set(s.kind, s);
    this.byGv.set(key, kinds);
  }

  /** Adds a classification unless a stronger source (the removal list) already classified the kind. */
  private putWeak(s: KindStatus): void {
    const existing = this.byGv.get(gvKey(s.group, s.version))?.get(s.kind);
    if (existing && (existing.basis === 'removal-list' || RANK[existing.state] >= RANK[s.state])) return;
    this.put(s);
  }

  groupVersion(group: string, version: string): GroupVersionStatus | undefined {
    const key = gvKey(group, version);
    const cached = this.gvStatus.get(key);
    if (cached) return cached;
    const kinds = this.byGv.get(key);
    if (!kinds) return undefined;
    const list = [...kinds.values()].sort((a, b) => a.kind.localeCompare(b.kind));
    const state = list.reduce<ApiState>(
      (best, k) => (RANK[k.state] < RANK[best] ? k.state : best),
      'removed',
    );
    const status = { group, version, state, kinds: list };
    this.gvStatus.set(key, status);
    return status;
  }

  kind(group: string, version: string, kind: string): KindStatus | undefined {
    return this.byGv.get(gvKey(group, version))?.get(kind);
  }

  /** Versions of a group the data knows, oldest name first. */
  versionsOf(group: string): string[] {
    return [...this.byGv.keys()]
      .filter((k) => k.startsWith(`${group}/`))
      .map((k) => k.slice(group.length + 1))
      .sort();
  }

  all(): readonly GroupVersionStatus[] {
    this.everyGv ??= [...this.byGv.keys()].map((k) => {
      const i = k.lastIndexOf('/');
      return this.groupVersion(k.slice(0, i), k.slice(i + 1)) as GroupVersionStatus;
    });
    return this.everyGv;
  }

  /**
   * Where to move a removed or deprecated API today: its stated replacement, followed while that was itself
   * removed (apiextensions.k8s.io/v1beta1 → v1), to a version served in the newest release.
   */
  servedReplacement(a: ApiRemoval): ServedTarget | undefined {
    const via: string[] = [];
    let group = a.replacement?.group;
    let version = a.replacement?.version;
    let kind = a.replacement?.kind ?? a.kind;
    for (let hop = 0; hop < 6 && group && version; hop++) {
      const status = this.kind(group, version, kind);
      if (status?.state !== 'removed') {
        return { group, version, kind, kindChanged: kind !== a.kind, via };
      }
      via.push(apiName({ group, version, kind }));
      const next = status.removal?.replacement;
      if (next) {
        group = next.group;
        version = next.version;
        kind = next.kind ?? kind;
        continue;
      }
      // No stated replacement: the group's served version of the same kind, if the data knows one.
      const served = this.versionsOf(group)
        .map((v) => this.kind(group as string, v, kind))
        .find((k) => k?.state === 'served');
      if (served) return { group, version: served.version, kind, kindChanged: kind !== a.kind, via };
      return undefined;
    }
    return undefined;
  }
}

/** The release that removed the feature as a whole, if any. */
function featureRemoval(f: Feature): string | null {
  return f.stages.find((s) => s.stage === 'removed' && !s.appliesTo && !s.planned)?.version ?? null;
}

/** The release that deprecated the feature as a whole, if it is not removed yet. */
function featureDeprecation(f: Feature): string | null {
  return f.stages.find((s) => s.stage === 'deprecated' && !s.appliesTo && !s.planned)?.version ?? null;
}

const catalogs = new WeakMap<Corpus, ApiCatalog>();

/** The catalog of a corpus, built once. */
export function apiCatalog(corpus: Corpus): ApiCatalog {
  let c = catalogs.get(corpus);
  if (!c) {
    c = new ApiCatalog(corpus);
    catalogs.set(corpus, c);
  }
  return c;
}
