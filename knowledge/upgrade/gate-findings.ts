/**
 * Feature gates named in component configurations: KubeletConfiguration and KubeProxyConfiguration
 * `featureGates`, kubeadm's `extraArgs`, and `--feature-gates=` flags of containers (the static pod manifests of
 * kube-apiserver, kube-controller-manager and kube-scheduler, a kube-proxy DaemonSet, …). A component refuses to
 * start with a gate its release does not know (removed, or not there yet) or with a locked gate set against its
 * locked value.
 */
import { gateRemovedIn } from '../derive.js';
import type { Corpus } from '../load.js';
import { atOrBefore, type CheckContext, featureOfGate, locationOf, objectOf } from './context.js';
import type { ManifestObject, PathKey } from './manifests.js';
import { arrayAt, containersOf, podPlaces, recordAt, valueAt } from './pod-specs.js';
import type { Finding, GateFinding, Severity } from './report.js';

export interface GateSetting {
  name: string;
  value: boolean;
  component: string;
  at: PathKey[];
}

/** Not gates of their own: switches for every alpha or beta gate at once. */
const META_GATES = new Set(['AllAlpha', 'AllBeta']);

const COMPONENTS = ['kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'kube-proxy', 'kubelet'];

/** "A=true,B=false" → settings (entries that are not name=bool are ignored). */
export function parseGateList(text: string): Array<{ name: string; value: boolean }> {
  return text
    .split(',')
    .map((p) => /^\s*([A-Za-z][A-Za-z0-9]*)\s*=\s*(true|false)\s*$/i.exec(p))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ name: m[1] as string, value: (m[2] as string).toLowerCase() === 'true' }));
}

function componentOf(container: Record<string, unknown>): string {
  const words = [
    ...arrayAt(container, ['command']).slice(0, 2),
    valueAt(container, ['image']),
    valueAt(container, ['name']),
  ].filter((w): w is string => typeof w === 'string');
  for (const w of words) {
    const c = COMPONENTS.find((name) => w.split(/[/:@\s]/).some((part) => part === name));
    if (c) return c;
  }
  return typeof container.name === 'string' ? container.name : 'container';
}

const GROUP_COMPONENT: Record<string, string> = {
  'kubelet.config.k8s.io': 'kubelet',
  'kubeproxy.config.k8s.io': 'kube-proxy',
};

const KUBEADM_ARGS: Array<{ path: string[]; component: string }> = [
  { path: ['apiServer', 'extraArgs'], component: 'kube-apiserver' },
  { path: ['controllerManager', 'extraArgs'], component: 'kube-controller-manager' },
  { path: ['scheduler', 'extraArgs'], component: 'kube-scheduler' },
  { path: ['nodeRegistration', 'kubeletExtraArgs'], component: 'kubelet' },
];

/** Every feature gate an object sets, with the component that reads it. */
export function gateSettings(obj: ManifestObject): GateSetting[] {
  const out: GateSetting[] = [];
  const group = obj.apiVersion.split('/')[0] ?? '';
  const component = GROUP_COMPONENT[group];
  const gates = recordAt(obj.value, ['featureGates']);
  if (component && gates) {
    for (const [name, value] of Object.entries(gates))
      if (typeof value === 'boolean') out.push({ name, value, component, at: ['featureGates', name] });
  }
  if (group === 'kubeadm.k8s.io') {
    for (const { path, component: c } of KUBEADM_ARGS) {
      const args = valueAt(obj.value, path);
      // v1beta3: a map; v1beta4: a list of { name, value }.
      const entries: Array<{ value: unknown; at: PathKey[] }> = Array.isArray(args)
        ? args.flatMap((a, i) =>
            recordAt(a, [])?.name === 'feature-gates'
              ? [{ value: valueAt(a, ['value']), at: [...path, i] }]
              : [],
          )
        : recordAt(obj.value, path)?.['feature-gates'] !== undefined
          ? [{ value: recordAt(obj.value, path)?.['feature-gates'], at: [...path, 'feature-gates'] }]
          : [];
      for (const e of entries)
        if (typeof e.value === 'string')
          for (const g of parseGateList(e.value)) out.push({ ...g, component: c, at: e.at });
    }
  }
  for (const place of podPlaces(obj)) {
    for (const c of containersOf(obj, place)) {
      for (const list of ['command', 'args'] as const) {
        const tokens = arrayAt(c.value, [list]);
        tokens.forEach((t, i) => {
          if (typeof t !== 'string') return;
          const inline = /^--feature-gates=(.*)$/.exec(t);
          const next = t === '--feature-gates' ? tokens[i + 1] : undefined;
          const text = inline?.[1] ?? (typeof next === 'string' ? next : undefined);
          if (text === undefined) return;
          for (const g of parseGateList(text))
            out.push({ ...g, component: componentOf(c.value), at: [...c.path, list, inline ? i : i + 1] });
        });
      }
    }
  }
  return out;
}

/** What a gate setting means on the target, or undefined when it is fine there. */
export function evaluateGate(
  corpus: Corpus,
  setting: { name: string; value: boolean; component: string },
  target: string,
): { severity: Severity; gate: GateFinding } | undefined {
  if (META_GATES.has(setting.name)) return undefined;
  const record = corpus.gates.find((g) => g.name === setting.name);
  const base = { name: setting.name, component: setting.component, value: setting.value };
  if (!record) {
    return {
      severity: 'notice',
      gate: {
        ...base,
        reason: 'unknown',
        introducedIn: null,
        deprecatedIn: null,
        lockedIn: null,
        lockedTo: null,
        removedIn: null,
      },
    };
  }
  const introducedIn = record.stages[0]?.fromVersion ?? null;
  const removedIn = gateRemovedIn(record);
  const locked = record.stages.find((s) => s.locked);
  const lockedIn = locked?.fromVersion ?? null;
  const lockedTo = locked?.defaultValue ?? null;
  const deprecatedIn = record.stages.find((s) => s.stage === 'deprecated')?.fromVersion ?? null;
  const gate = (reason: GateFinding['reason']): GateFinding => ({
    ...base,
    reason,
    introducedIn,
    deprecatedIn,
    lockedIn,
    lockedTo,
    removedIn,
  });
  if (introducedIn && !atOrBefore(introducedIn, target))
    return { severity: 'breaking', gate: gate('not-yet') };
  if (removedIn && atOrBefore(removedIn, target)) return { severity: 'breaking', gate: gate('removed') };
  if (lockedIn && atOrBefore(lockedIn, target)) {
    return lockedTo !== null && lockedTo !== setting.value
      ? { severity: 'breaking', gate: gate('locked') }
      : { severity: 'deprecated', gate: gate('locked-same') };
  }
  if (deprecatedIn && atOrBefore(deprecatedIn, target))
    return { severity: 'deprecated', gate: gate('deprecated') };
  return undefined;
}

export function gateFindings(obj: ManifestObject, ctx: CheckContext): Finding[] {
  return gateSettings(obj).flatMap((s) => {
    const e = evaluateGate(ctx.corpus, s, ctx.target);
    if (!e) return [];
    return [
      {
        severity: e.severity,
        category: 'feature-gate' as const,
        location: locationOf(obj, obj.locate(s.at)),
        object: objectOf(obj),
        gate: e.gate,
        replacementInFrom: null,
        featureId: featureOfGate(ctx.corpus, s.name),
      },
    ];
  });
}
