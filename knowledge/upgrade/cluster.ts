/**
 * A live cluster, read-only: what the bot collected from it (a ClusterSnapshot: /version, discovery, the
 * apiVersions objects were last applied or managed with, the feature gates /metrics reports) and what that means
 * for its next minor release (a ClusterReport). Pure: collecting is adapters/cluster's job.
 */
import { differenceInCalendarDays, parseISO } from 'date-fns';
import { z } from 'zod';
import { apiCatalog } from '../api-catalog.js';
import { parseApiVersion } from '../derive.js';
import type { Corpus } from '../load.js';
import { nextVersion } from '../versions.js';
import { apiStatusAt, wayOut } from './api-findings.js';
import { featureOfGate, featureOfKind } from './context.js';
import { evaluateGate } from './gate-findings.js';
import { ApiFinding, GateFinding, Severity } from './report.js';

const Version = z.string().regex(/^1\.\d+$/);

export const ClusterError = z.strictObject({
  code: z.enum(['config', 'unreachable', 'timeout', 'unauthorized', 'forbidden', 'http']),
  message: z.string(),
});
export type ClusterError = z.infer<typeof ClusterError>;

export const ClusterObject = z.strictObject({
  kind: z.string(),
  name: z.string(),
  namespace: z.string().optional(),
  /** The apiVersions the object was last applied (kubectl apply's annotation) or managed with (managedFields). */
  apiVersions: z.array(
    z.strictObject({
      apiVersion: z.string(),
      source: z.enum(['last-applied', 'managed-fields']),
      manager: z.string().optional(),
    }),
  ),
});
export type ClusterObject = z.infer<typeof ClusterObject>;

export const ClusterSnapshot = z.strictObject({
  name: z.string(),
  checkedAt: z.string(),
  /** The cluster could not be read at all. */
  error: ClusterError.optional(),
  version: z.strictObject({ gitVersion: z.string(), minor: Version }).optional(),
  /** Group/versions discovery says the server serves ("apps/v1", "v1"). */
  served: z.array(z.string()),
  /** Kinds it serves in group/versions the data deprecates or removes ("policy/v1beta1 PodSecurityPolicy"). */
  servedKinds: z.array(z.string()),
  /** Objects of the kinds that matter whose last-applied or managed apiVersion differs from how they were listed. */
  objects: z.array(ClusterObject),
  /** Each list the bot made: the resource, how many objects, or why it failed (forbidden, …). */
  lists: z.array(
    z.strictObject({
      resource: z.string(),
      count: z.number().int().nonnegative(),
      problem: ClusterError.optional(),
    }),
  ),
  /** kubernetes_feature_enabled from the API server's /metrics; null when it could not be read. */
  gates: z.array(z.strictObject({ name: z.string(), stage: z.string(), enabled: z.boolean() })).nullable(),
  metricsProblem: ClusterError.optional(),
});
export type ClusterSnapshot = z.infer<typeof ClusterSnapshot>;

export const ClusterFinding = z.strictObject({
  severity: Severity,
  object: z.strictObject({ kind: z.string(), name: z.string(), namespace: z.string().optional() }),
  source: z.enum(['last-applied', 'managed-fields']),
  manager: z.string().optional(),
  api: ApiFinding,
  featureId: z.string().nullable(),
});
export type ClusterFinding = z.infer<typeof ClusterFinding>;

export const ClusterReport = z.strictObject({
  name: z.string(),
  checkedAt: z.string(),
  error: ClusterError.optional(),
  version: z.string().nullable(),
  minor: Version.nullable(),
  next: Version.nullable(),
  endOfLife: z.string().nullable(),
  daysToEndOfLife: z.number().int().nullable(),
  /** Served group/versions the next minor deprecates or removes, with their kinds. */
  servedApis: z.array(ApiFinding.extend({ severity: Severity })),
  findings: z.array(ClusterFinding),
  gates: z
    .strictObject({
      enabled: z.number().int().nonnegative(),
      /** Enabled or disabled against the data's default for the running release: set on purpose. */
      changed: z.array(z.strictObject({ name: z.string(), stage: z.string(), enabled: z.boolean() })),
      findings: z.array(
        z.strictObject({ severity: Severity, gate: GateFinding, featureId: z.string().nullable() }),
      ),
    })
    .nullable(),
  problems: z.array(z.string()),
});
export type ClusterReport = z.infer<typeof ClusterReport>;

/** Kinds that are never stored (reviews) or not served as an API (audit), and events (many, short-lived). */
const NOT_LISTED_GROUPS = new Set([
  'audit.k8s.io',
  'authentication.k8s.io',
  'authorization.k8s.io',
  'events.k8s.io',
]);

/** "NetworkPolicy" → "networkpolicies", as Kubernetes names resources. */
export function plural(kind: string): string {
  const k = kind.toLowerCase();
  if (/(s|x|ch|sh)$/.test(k)) return `${k}es`;
  if (/[^aeiou]y$/.test(k)) return `${k.slice(0, -1)}ies`;
  return `${k}s`;
}

export interface WatchedKind {
  kind: string;
  /** Groups that served the kind (old and new): the one the cluster serves is listed. */
  groups: string[];
}

/** The kinds worth listing on a live cluster: every kind on the removal list that is stored in the cluster. */
export function watchedKinds(corpus: Corpus): WatchedKind[] {
  const byKind = new Map<string, Set<string>>();
  /** Kinds whose every row moves to another kind (ScheduledJob → CronJob): no object of them exists any more. */
  const renamedAway = new Map<string, boolean>();
  for (const a of corpus.apiRemovals) {
    if (NOT_LISTED_GROUPS.has(a.group)) continue;
    const groups = byKind.get(a.kind) ?? new Set<string>();
    groups.add(a.group);
    const sameKind = !a.replacement || (a.replacement.kind ?? a.kind) === a.kind;
    if (a.replacement && sameKind) groups.add(a.replacement.group);
    byKind.set(a.kind, groups);
    renamedAway.set(a.kind, (renamedAway.get(a.kind) ?? true) && !sameKind);
  }
  return [...byKind.entries()]
    .filter(([kind]) => !renamedAway.get(kind))
    .map(([kind, groups]) => ({ kind, groups: [...groups].sort() }))
    .sort((a, b) => a.kind.localeCompare(b.kind));
}

/** The read-only ClusterRole rules the cluster mode needs (documented in README; the deploy component matches). */
export function clusterReaderRules(
  corpus: Corpus,
): Array<
  | { apiGroups: string[]; resources: string[]; verbs: string[] }
  | { nonResourceURLs: string[]; verbs: string[] }
> {
  const byGroup = new Map<string, Set<string>>();
  for (const w of watchedKinds(corpus))
    for (const g of w.groups) byGroup.set(g, (byGroup.get(g) ?? new Set()).add(plural(w.kind)));
  return [
    ...[...byGroup.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([g, resources]) => ({
        apiGroups: [g === 'core' ? '' : g],
        resources: [...resources].sort(),
        verbs: ['get', 'list', 'watch'],
      })),
    { nonResourceURLs: ['/version', '/metrics'], verbs: ['get'] },
  ];
}

/** The default of a gate in a release, from its stages in the data (null when the data does not say). */
function defaultIn(corpus: Corpus, name: string, minor: string): boolean | null {
  const g = corpus.gates.find((x) => x.name === name);
  if (!g) return null;
  const n = Number(minor.slice(2));
  const stage = [...g.stages].reverse().find((s) => Number(s.fromVersion.slice(2)) <= n);
  return stage?.defaultValue ?? null;
}

const RANK = { breaking: 0, deprecated: 1, notice: 2 } as const;

/** What a snapshot means for the next minor release. */
export function analyzeCluster(corpus: Corpus, snap: ClusterSnapshot, now: Date): ClusterReport {
  const minor = snap.version?.minor ?? null;
  const next = minor ? nextVersion(minor) : null;
  const release = minor ? corpus.releaseByVersion.get(minor) : undefined;
  const endOfLife = release?.endOfLife ?? null;
  const problems = [
    ...snap.lists.flatMap((l) => (l.problem ? [`${l.resource}: ${l.problem.message}`] : [])),
    ...(snap.metricsProblem ? [`/metrics: ${snap.metricsProblem.message}`] : []),
  ];
  const base = {
    name: snap.name,
    checkedAt: snap.checkedAt,
    ...(snap.error ? { error: snap.error } : {}),
    version: snap.version?.gitVersion ?? null,
    minor,
    next,
    endOfLife,
    daysToEndOfLife: endOfLife ? differenceInCalendarDays(parseISO(endOfLife), now) : null,
  };
  if (!next || snap.error) return { ...base, servedApis: [], findings: [], gates: null, problems };
  const catalog = apiCatalog(corpus);
  const ctx = { catalog, target: next };

  const servedApis: ClusterReport['servedApis'] = [];
  for (const served of snap.servedKinds) {
    const [gv = '', kind = ''] = served.split(' ');
    const p = parseApiVersion(gv);
    const k = p ? catalog.kind(p.group, p.version, kind) : undefined;
    if (k) {
      const at = apiStatusAt(ctx, k.group, k.version, k.kind);
      if (!at || !k.removal) continue;
      servedApis.push({
        severity: at.removed ? 'breaking' : 'deprecated',
        group: k.group,
        version: k.version,
        kind: k.kind,
        deprecatedIn: k.deprecatedIn,
        removedIn: k.removedIn,
        replacement: wayOut(corpus, catalog, k),
      });
    }
  }

  const findings: ClusterFinding[] = [];
  for (const obj of snap.objects) {
    const seen = new Set<string>();
    for (const v of obj.apiVersions) {
      if (seen.has(v.apiVersion)) continue;
      const p = parseApiVersion(v.apiVersion);
      const at = p ? apiStatusAt(ctx, p.group, p.version, obj.kind) : undefined;
      if (!p || !at) continue;
      seen.add(v.apiVersion);
      findings.push({
        severity: at.removed ? 'breaking' : 'deprecated',
        object: { kind: obj.kind, name: obj.name, ...(obj.namespace ? { namespace: obj.namespace } : {}) },
        source: v.source,
        ...(v.manager ? { manager: v.manager } : {}),
        api: {
          group: p.group,
          version: p.version,
          kind: obj.kind,
          deprecatedIn: at.status.deprecatedIn,
          removedIn: at.status.removedIn,
          replacement: wayOut(corpus, catalog, at.status),
        },
        featureId: featureOfKind(corpus, obj.kind),
      });
    }
  }
  findings.sort(
    (a, b) =>
      RANK[a.severity] - RANK[b.severity] ||
      a.object.kind.localeCompare(b.object.kind) ||
      (a.object.namespace ?? '').localeCompare(b.object.namespace ?? '') ||
      a.object.name.localeCompare(b.object.name),
  );

  let gates: ClusterReport['gates'] = null;
  if (snap.gates && minor) {
    const changed = snap.gates.filter((g) => {
      const d = defaultIn(corpus, g.name, minor);
      return d !== null && d !== g.enabled;
    });
    gates = {
      enabled: snap.gates.filter((g) => g.enabled).length,
      changed,
      findings: changed.flatMap((g) => {
        const e = evaluateGate(corpus, { name: g.name, value: g.enabled, component: 'kube-apiserver' }, next);
        return e && e.gate.reason !== 'unknown' ? [{ ...e, featureId: featureOfGate(corpus, g.name) }] : [];
      }),
    };
  }
  return { ...base, servedApis, findings, gates, problems };
}

/** "3 objects and 1 served API break on 1.30" — counts for the digest and the card. */
export function breakingCounts(r: ClusterReport): { objects: number; apis: number; gates: number } {
  return {
    objects: new Set(
      r.findings
        .filter((f) => f.severity === 'breaking')
        .map((f) => `${f.object.kind}/${f.object.namespace}/${f.object.name}`),
    ).size,
    apis: r.servedApis.filter((a) => a.severity === 'breaking').length,
    gates: r.gates?.findings.filter((f) => f.severity === 'breaking').length ?? 0,
  };
}
