/**
 * Reads one cluster into a ClusterSnapshot, read-only: GET /version, discovery (/api, /apis and the group/versions
 * of the kinds that matter), a metadata-only list of each of those kinds (the last-applied annotation and
 * managedFields hold the apiVersion an object was written with, as kube-no-trouble reads them), and the
 * kubernetes_feature_enabled lines of /metrics. A list that is forbidden is reported and the rest goes on.
 */
import pLimit from 'p-limit';
import { apiCatalog } from '../../knowledge/api-catalog.js';
import { parseApiVersion } from '../../knowledge/derive.js';
import type { Corpus } from '../../knowledge/load.js';
import {
  type ClusterError,
  type ClusterObject,
  type ClusterSnapshot,
  watchedKinds,
} from '../../knowledge/upgrade/cluster.js';
import { type KubeClient, KubeRequestError } from './client.js';

const METADATA_ONLY = 'application/json;as=PartialObjectMetadataList;v=v1;g=meta.k8s.io,application/json';
const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';
const PAGE = 500;
const LISTS_AT_ONCE = 4;

interface ApiGroupList {
  groups?: Array<{
    name: string;
    versions?: Array<{ groupVersion: string }>;
    preferredVersion?: { groupVersion: string };
  }>;
}
interface ResourceList {
  resources?: Array<{ name: string; kind: string; verbs?: string[] }>;
}
interface ObjectList {
  metadata?: { continue?: string };
  items?: Array<{
    metadata?: {
      name?: string;
      namespace?: string;
      annotations?: Record<string, string>;
      managedFields?: Array<{ apiVersion?: string; manager?: string }>;
    };
  }>;
}

const errorOf = (err: unknown): ClusterError =>
  err instanceof KubeRequestError ? err.error : { code: 'http', message: (err as Error).message };

/** "1", "29+" (EKS, GKE) → "1.29" */
function minorOf(v: { major?: string; minor?: string }): string | undefined {
  const major = /^\d+/.exec(v.major ?? '')?.[0];
  const minor = /^\d+/.exec(v.minor ?? '')?.[0];
  return major === '1' && minor ? `1.${Number(minor)}` : undefined;
}

/** `kubernetes_feature_enabled{name="X",stage="BETA"} 1` lines of the Prometheus text format. */
export function parseFeatureMetrics(text: string): Array<{ name: string; stage: string; enabled: boolean }> {
  const out: Array<{ name: string; stage: string; enabled: boolean }> = [];
  for (const line of text.split('\n')) {
    if (!line.startsWith('kubernetes_feature_enabled{')) continue;
    const m = /^kubernetes_feature_enabled\{([^}]*)\}\s+([0-9.eE+-]+)/.exec(line);
    if (!m) continue;
    const labels = Object.fromEntries(
      [...(m[1] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((l) => [l[1], l[2]]),
    );
    if (labels.name) out.push({ name: labels.name, stage: labels.stage ?? '', enabled: Number(m[2]) === 1 });
  }
  return out;
}

export async function inspectCluster(
  name: string,
  client: KubeClient,
  corpus: Corpus,
  now: Date = new Date(),
): Promise<ClusterSnapshot> {
  const snap: ClusterSnapshot = {
    name,
    checkedAt: now.toISOString(),
    served: [],
    servedKinds: [],
    objects: [],
    lists: [],
    gates: null,
  };
  let version: { major?: string; minor?: string; gitVersion?: string };
  try {
    version = await client.json('/version');
  } catch (err) {
    return { ...snap, error: errorOf(err) };
  }
  const minor = minorOf(version);
  if (minor) snap.version = { gitVersion: (version.gitVersion ?? `v${minor}`).replace(/^v/, ''), minor };

  // Discovery: what the server serves; each group's versions, its preferred one first.
  const versionsOf = new Map<string, string[]>();
  try {
    const core = await client.json<{ versions?: string[] }>('/api');
    for (const v of core.versions ?? []) snap.served.push(v);
    if (core.versions?.length) versionsOf.set('core', core.versions);
    const groups = await client.json<ApiGroupList>('/apis');
    for (const g of groups.groups ?? []) {
      const all = (g.versions ?? []).map((v) => v.groupVersion);
      snap.served.push(...all);
      const first = g.preferredVersion?.groupVersion;
      versionsOf.set(g.name, first ? [first, ...all.filter((v) => v !== first)] : all);
    }
  } catch (err) {
    return { ...snap, error: errorOf(err) };
  }

  // The resources to list: each kind that matters, in one group the cluster serves (the newest one, not `extensions`).
  const catalog = apiCatalog(corpus);
  const resourceLists = new Map<string, Promise<ResourceList | undefined>>();
  const resourcesOf = (gv: string) => {
    let p = resourceLists.get(gv);
    if (!p) {
      p = client.json<ResourceList>(gv === 'v1' ? '/api/v1' : `/apis/${gv}`).catch(() => undefined);
      resourceLists.set(gv, p);
    }
    return p;
  };
  // The kinds actually served in group/versions the data deprecates or removes (a group/version may serve only some).
  for (const gv of snap.served) {
    const p = parseApiVersion(gv);
    const listed = p ? catalog.groupVersion(p.group, p.version)?.kinds.filter((k) => k.removal) : undefined;
    if (!listed?.length) continue;
    for (const r of (await resourcesOf(gv))?.resources ?? [])
      if (!r.name.includes('/') && listed.some((k) => k.kind === r.kind))
        snap.servedKinds.push(`${gv} ${r.kind}`);
  }

  const targets: Array<{ kind: string; gv: string; resource: string }> = [];
  for (const w of watchedKinds(corpus)) {
    // PodSecurityPolicy lives only in policy/v1beta1 while policy/v1 is preferred: every served version is tried.
    const gvs = w.groups
      .filter((g) => versionsOf.has(g))
      .sort((a, b) => Number(a === 'extensions') - Number(b === 'extensions'))
      .flatMap((g) => versionsOf.get(g) ?? []);
    for (const gv of gvs) {
      const r = (await resourcesOf(gv))?.resources?.find(
        (x) => x.kind === w.kind && !x.name.includes('/') && (x.verbs ?? []).includes('list'),
      );
      if (r) {
        targets.push({ kind: w.kind, gv, resource: r.name });
        break;
      }
    }
  }

  // An apiVersion worth keeping: one the data marks deprecated or removed at some release.
  const flagged = (apiVersion: string, kind: string) => {
    const p = parseApiVersion(apiVersion);
    const k = p ? catalog.kind(p.group, p.version, kind) : undefined;
    return Boolean(k && (k.deprecatedIn || k.removedIn || k.state !== 'served'));
  };
  const limit = pLimit(LISTS_AT_ONCE);
  await Promise.all(
    targets.map((t) =>
      limit(async () => {
        const label = `${t.resource}.${t.gv.includes('/') ? (t.gv.split('/')[0] as string) : 'core'}`;
        const base = t.gv === 'v1' ? `/api/v1/${t.resource}` : `/apis/${t.gv}/${t.resource}`;
        let count = 0;
        let next: string | undefined;
        try {
          do {
            const page: ObjectList = await client.json(
              `${base}?limit=${PAGE}${next ? `&continue=${encodeURIComponent(next)}` : ''}`,
              METADATA_ONLY,
            );
            for (const item of page.items ?? []) {
              count++;
              const md = item.metadata ?? {};
              const versions: ClusterObject['apiVersions'] = [];
              const applied = md.annotations?.[LAST_APPLIED];
              if (applied) {
                try {
                  const v = (JSON.parse(applied) as { apiVersion?: unknown }).apiVersion;
                  if (typeof v === 'string') versions.push({ apiVersion: v, source: 'last-applied' });
                } catch {
                  // a hand-edited annotation that is not JSON says nothing about the apiVersion
                }
              }
              for (const f of md.managedFields ?? [])
                if (f.apiVersion)
                  versions.push({
                    apiVersion: f.apiVersion,
                    source: 'managed-fields',
                    ...(f.manager ? { manager: f.manager } : {}),
                  });
              const kept = versions.filter((v) => flagged(v.apiVersion, t.kind));
              if (kept.length > 0 && md.name)
                snap.objects.push({
                  kind: t.kind,
                  name: md.name,
                  ...(md.namespace ? { namespace: md.namespace } : {}),
                  apiVersions: kept,
                });
            }
            next = page.metadata?.continue || undefined;
          } while (next);
          snap.lists.push({ resource: label, count });
        } catch (err) {
          snap.lists.push({ resource: label, count, problem: errorOf(err) });
        }
      }),
    ),
  );
  snap.lists.sort((a, b) => a.resource.localeCompare(b.resource));

  try {
    snap.gates = parseFeatureMetrics(await client.get('/metrics', 'text/plain'));
  } catch (err) {
    snap.metricsProblem = errorOf(err);
  }
  return snap;
}
