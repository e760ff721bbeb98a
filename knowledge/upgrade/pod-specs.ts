/** Where an object keeps pods: a Pod itself, a PodTemplate, or the pod template of a workload (Deployment, CronJob, …). */
import type { ManifestObject, PathKey } from './manifests.js';

export interface PodPlace {
  /** The pod's metadata (annotations live here). */
  metadata: PathKey[];
  /** The pod's spec (containers, volumes). */
  spec: PathKey[];
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** The value at a path, or undefined. */
export function valueAt(value: unknown, path: readonly PathKey[]): unknown {
  let v: unknown = value;
  for (const key of path) {
    if (typeof key === 'number') {
      if (!Array.isArray(v)) return undefined;
      v = v[key];
    } else {
      if (!isRecord(v)) return undefined;
      v = v[key];
    }
  }
  return v;
}

export function recordAt(value: unknown, path: readonly PathKey[]): Record<string, unknown> | undefined {
  const v = valueAt(value, path);
  return isRecord(v) ? v : undefined;
}

export function arrayAt(value: unknown, path: readonly PathKey[]): unknown[] {
  const v = valueAt(value, path);
  return Array.isArray(v) ? v : [];
}

/** Workload templates: any kind (custom resources too) whose template has a pod spec with containers. */
const TEMPLATE_PATHS: PathKey[][] = [
  ['spec', 'template'],
  ['spec', 'jobTemplate', 'spec', 'template'],
];

export function podPlaces(obj: ManifestObject): PodPlace[] {
  if (obj.kind === 'Pod') return [{ metadata: ['metadata'], spec: ['spec'] }];
  if (obj.kind === 'PodTemplate') return [{ metadata: ['template', 'metadata'], spec: ['template', 'spec'] }];
  return TEMPLATE_PATHS.filter((p) => Array.isArray(valueAt(obj.value, [...p, 'spec', 'containers']))).map(
    (p) => ({ metadata: [...p, 'metadata'], spec: [...p, 'spec'] }),
  );
}

/** Containers of a pod spec with their paths: init containers, containers and ephemeral containers. */
export function containersOf(
  obj: ManifestObject,
  place: PodPlace,
): Array<{ path: PathKey[]; value: Record<string, unknown> }> {
  const out: Array<{ path: PathKey[]; value: Record<string, unknown> }> = [];
  for (const list of ['initContainers', 'containers', 'ephemeralContainers']) {
    arrayAt(obj.value, [...place.spec, list]).forEach((c, i) => {
      if (isRecord(c)) out.push({ path: [...place.spec, list, i], value: c });
    });
  }
  return out;
}
