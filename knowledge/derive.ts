/**
 * Turns imported records (KEPs, feature gates, core features) into Features with a stage history.
 *
 * The rules, in the order they matter:
 *  - A gate page says when a gate reached a stage; it wins over a KEP milestone (a KEP milestone is a target).
 *  - A KEP milestone after the newest release is shown as planned, never as history.
 *  - A KEP milestone the gate contradicts (the gate never reached that stage) is dropped.
 *  - A KEP milestone without any gate is history only for an implemented KEP; otherwise it is "unconfirmed".
 *  - A gate removed after it went GA means the gate was locked on and deleted; the feature lives on.
 *  - A gate removed before GA means the feature went with it, in the release after the gate's last one.
 *  - core-features.json rows that list `appliesTo` concern old API versions, never the feature itself.
 */
import type {
  ApiRef,
  Category,
  CoreFeatureRecord,
  Feature,
  GateHistory,
  GateRecord,
  KepRecord,
  RenameRecord,
  Stage,
  StageName,
} from './schema.js';
import { compareStages, compareVersions, nextVersion, stageRank } from './versions.js';

export const FEATURE_GATES_URL =
  'https://kubernetes.io/docs/reference/command-line-tools-reference/feature-gates/';

const SIG_CATEGORIES: Record<string, Category> = {
  'sig-apps': 'workloads',
  'sig-network': 'networking',
  'sig-storage': 'config-storage',
  'sig-auth': 'security',
  'sig-api-machinery': 'api-extensibility',
  'sig-scheduling': 'scheduling',
  'sig-autoscaling': 'autoscaling',
  'sig-cluster-lifecycle': 'cluster-lifecycle',
  'sig-node': 'node-runtime',
  'sig-windows': 'node-runtime',
  'sig-instrumentation': 'observability',
  'sig-cli': 'cli',
  'sig-cloud-provider': 'cloud-provider',
  'sig-architecture': 'project',
  'sig-release': 'project',
  'sig-testing': 'project',
  'sig-contributor-experience': 'project',
  'sig-docs': 'project',
  'sig-multicluster': 'cluster-lifecycle',
  'sig-security': 'security',
  'sig-k8s-infra': 'project',
  'sig-scalability': 'project',
};

function categoryOfSig(sig: string | null): Category {
  return (sig && SIG_CATEGORIES[sig]) || 'other';
}

/** "MaxUnavailableStatefulSet" → "max-unavailable-stateful-set". */
export function kebab(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1-$2')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .toLowerCase();
}

const NOT_SHIPPED = new Set(['withdrawn', 'rejected', 'replaced', 'superseded', 'deferred']);

/** KEP statuses as written include typos and templates; this returns the status a reader should see. */
export function normaliseKepStatus(status: string | null): string | null {
  if (!status) return null;
  const s = status.trim().toLowerCase();
  if (s.includes('|')) return null;
  if (s.startsWith('implemented') || s === 'imlpemented') return 'implemented';
  return s;
}

/**
 * Stage rows from a gate page: one per stage, plus one when a beta's default flips in a later release. A later
 * row that only locks the gate (GA, then "locked" a release later) is not a second GA: it marks the first row
 * `lockedIn`. The removal of the gate is not a row here (see removalFromGate).
 */
export function stagesFromGate(gate: GateRecord, as?: string): Stage[] {
  const rows: Stage[] = [];
  for (const s of gate.stages) {
    const prev = rows.at(-1);
    const onOff = s.stage === 'alpha' || s.stage === 'beta';
    if (prev && prev.stage === s.stage) {
      const flips =
        onOff &&
        s.defaultValue !== null &&
        prev.enabledByDefault !== undefined &&
        prev.enabledByDefault !== s.defaultValue;
      if (flips && prev.version === s.fromVersion) {
        // Two rows for one release: the default changed in a patch release of it.
        prev.enabledByDefault = s.defaultValue as boolean;
        prev.defaultChangedInPatch = true;
      } else if (flips) {
        rows.push({
          stage: s.stage,
          version: s.fromVersion,
          enabledByDefault: s.defaultValue as boolean,
          origin: 'gate',
          ...(as ? { as } : {}),
        });
      } else if (s.locked && !prev.lockedIn) {
        prev.lockedIn = s.fromVersion;
      }
      continue;
    }
    const row: Stage = { stage: s.stage, version: s.fromVersion, origin: 'gate' };
    if (as) row.as = as;
    if (s.defaultValue !== null && onOff) row.enabledByDefault = s.defaultValue;
    if (s.locked) row.lockedIn = s.fromVersion;
    rows.push(row);
  }
  const last = gate.stages.at(-1);
  if (!as && gate.removed && gate.lastVersion && last?.stage === 'stable') {
    const stable = rows.findLast((r) => r.stage === 'stable');
    if (stable) stable.gateRemovedIn = nextVersion(gate.lastVersion);
  }
  return rows;
}

/** The release that no longer has a removed gate (the one after the last release its page lists). */
export function gateRemovedIn(gate: GateRecord): string | null {
  return gate.removed && gate.lastVersion ? nextVersion(gate.lastVersion) : null;
}

/**
 * A gate removed before it went GA takes its feature with it: the feature is gone in the release after the
 * last one that lists the gate. Only for the feature's primary gate; a part's removal is the part's.
 */
export function removalFromGate(gate: GateRecord): Stage | undefined {
  const last = gate.stages.at(-1);
  const removedIn = gateRemovedIn(gate);
  if (!removedIn || !last || last.stage === 'stable') return undefined;
  return { stage: 'removed', version: removedIn, gateRemovedIn: removedIn, origin: 'gate' };
}

/** A gate's own history for the card's gate list and the Answer (`feature.gates`). */
export function gateHistory(gate: GateRecord, primary: boolean, book: GateBook): GateHistory {
  const stages: GateHistory['stages'] = [];
  for (const s of gate.stages) {
    const prev = stages.at(-1);
    if (prev && prev.stage === s.stage && prev.defaultOn === s.defaultValue) {
      if (s.locked && !prev.lockedIn) prev.lockedIn = s.fromVersion;
      continue;
    }
    stages.push({
      stage: s.stage,
      version: s.fromVersion,
      defaultOn: s.defaultValue,
      ...(s.locked ? { lockedIn: s.fromVersion } : {}),
    });
  }
  return {
    name: gate.name,
    primary,
    stages,
    removedIn: gateRemovedIn(gate),
    formerNames: [...new Set([...gate.formerNames, ...book.predecessorNames(gate.name)])],
  };
}

/** Gate pages by name, with the gates each one was renamed from (UserNamespacesStatelessPodsSupport → UserNamespacesSupport). */
export class GateBook {
  private readonly byName: Map<string, GateRecord>;
  private readonly predecessors = new Map<string, GateRecord[]>();

  constructor(gates: GateRecord[], renames: RenameRecord[]) {
    this.byName = new Map(gates.map((g) => [g.name.toLowerCase(), g]));
    const link = (oldName: string, newName: string) => {
      const old = this.byName.get(oldName.toLowerCase());
      if (!old || !this.byName.has(newName.toLowerCase())) return;
      const list = this.predecessors.get(newName.toLowerCase()) ?? [];
      if (!list.includes(old)) list.push(old);
      this.predecessors.set(newName.toLowerCase(), list);
    };
    for (const r of renames) if (r.kind === 'feature gate') link(r.old, r.new);
    for (const g of gates) for (const old of g.formerNames) link(old, g.name);
  }

  get(name: string): GateRecord | undefined {
    return this.byName.get(name.toLowerCase());
  }

  /** The names plus the names of the gates they were renamed from. */
  withPredecessors(names: string[]): string[] {
    const older = names.flatMap((n) => (this.predecessors.get(n.toLowerCase()) ?? []).map((g) => g.name));
    return [...new Set([...names, ...older])];
  }

  /** Names of the gates this one was renamed from. */
  predecessorNames(name: string): string[] {
    return (this.predecessors.get(name.toLowerCase()) ?? []).map((g) => g.name);
  }

  /** Names of gates that live on under a new name. */
  renamedAway(): Set<string> {
    return new Set([...this.predecessors.values()].flat().map((g) => g.name.toLowerCase()));
  }

  /**
   * The gate's rows, preceded by the rows of the gates it was renamed from (marked "as OldName"): only their
   * alpha, beta and GA rows before the new name's first release. The old name's deprecation or removal is the end
   * of a name, not of the feature (RequestManagement was deprecated; API Priority and Fairness was not).
   */
  history(gate: GateRecord): Stage[] {
    const own = stagesFromGate(gate);
    const start = own[0]?.version;
    const older = (this.predecessors.get(gate.name.toLowerCase()) ?? []).flatMap((p) =>
      stagesFromGate(p, p.name).filter(
        (r) =>
          (r.stage === 'alpha' || r.stage === 'beta' || r.stage === 'stable') &&
          (!start || compareVersions(r.version, start) < 0),
      ),
    );
    return [...older, ...own].sort(compareStages);
  }
}

function firstVersionOf(rows: Stage[], stage: StageName): string | undefined {
  return rows.find((r) => r.stage === stage)?.version;
}

/** The KEP's gate whose history agrees with most of the KEP's milestones (the first listed on a tie). */
export function primaryGate(kep: KepRecord, book: GateBook): GateRecord | undefined {
  let best: { gate: GateRecord; score: number } | undefined;
  for (const name of kep.featureGates) {
    const gate = book.get(name);
    if (!gate) continue;
    const rows = book.history(gate);
    const score = (['alpha', 'beta', 'stable'] as const).filter(
      (s) => kep.milestone[s] !== undefined && firstVersionOf(rows, s) === kep.milestone[s],
    ).length;
    if (!best || score > best.score) best = { gate, score };
  }
  return best?.gate;
}

function highestStage(rows: Stage[]): number {
  return Math.max(-1, ...rows.map((r) => stageRank(r.stage)));
}

/**
 * Stage history of a KEP: the primary gate's rows, then KEP milestones for stages the gate does not cover.
 */
export function stagesForKep(kep: KepRecord, book: GateBook, newestReleased: string): Stage[] {
  const status = normaliseKepStatus(kep.status);
  const gate = primaryGate(kep, book);
  const rows = gate ? book.history(gate) : [];
  const gateReach = highestStage(rows);
  const gateStart = rows[0]?.version ?? '1.0';
  for (const stage of ['alpha', 'beta', 'stable', 'deprecated', 'removed'] as const satisfies StageName[]) {
    const version = kep.milestone[stage];
    if (!version || rows.some((r) => r.stage === stage)) continue;
    const planned = compareVersions(version, newestReleased) > 0;
    if (planned) {
      if (status && NOT_SHIPPED.has(status)) continue;
      rows.push({ stage, version, planned: true, origin: 'kep' });
      continue;
    }
    if (gate) {
      // The gate page is the record of what shipped: a past target beyond what the gate reached was missed.
      // Earlier stages the gate page does not list (it started at beta) and deprecations or removals the page
      // does not show are taken from the KEP.
      // Strictly before the gate's first release: a gate that starts at beta in 1.33 was never alpha in 1.33.
      const earlier = stageRank(stage) < gateReach && compareVersions(version, gateStart) < 0;
      if (earlier || stage === 'deprecated' || stage === 'removed')
        rows.push({ stage, version, origin: 'kep' });
      continue;
    }
    if (status && NOT_SHIPPED.has(status)) continue;
    rows.push(
      status === 'implemented'
        ? { stage, version, origin: 'kep' }
        : { stage, version, unconfirmed: true, origin: 'kep' },
    );
  }
  // A KEP removal milestone wins over the removal derived from the gate's last release.
  const gateRemoval = gate ? removalFromGate(gate) : undefined;
  if (gateRemoval && !rows.some((r) => r.stage === 'removed')) rows.push(gateRemoval);
  return rows.sort(compareStages);
}

function baseFeature(
  partial: Pick<Feature, 'id' | 'name' | 'category' | 'origin'> & Partial<Feature>,
): Feature {
  return {
    aliases: [],
    summary: null,
    stages: [],
    status: null,
    keps: [],
    featureGates: [],
    gates: [],
    apiResources: [],
    fields: [],
    examples: [],
    keywords: [],
    addon: null,
    links: [],
    related: [],
    renames: [],
    altNames: [],
    sig: null,
    url: null,
    curated: false,
    ...partial,
  };
}

/** The KEP's title, or a name made from its folder when the title was left as the template's ("KEP Template"). */
export function kepName(kep: KepRecord): string {
  if (!/^kep template$/i.test(kep.title.trim())) return kep.title;
  const dir = kep.path.split('/').at(-1) ?? '';
  const words = dir.replace(/^\d+-/, '').replace(/-/g, ' ');
  return words ? words.charAt(0).toUpperCase() + words.slice(1) : `KEP-${kep.number}`;
}

export function kepFeatureId(kep: KepRecord, numberIsShared: boolean): string {
  if (!numberIsShared) return `kep-${kep.number}`;
  const dir = kep.path.split('/').at(-1) ?? String(kep.number);
  const sig = kep.path.split('/')[1] ?? '';
  return kebab(`kep-${sig}-${dir}`);
}

export function featureFromKep(kep: KepRecord, id: string, book: GateBook, newestReleased: string): Feature {
  return baseFeature({
    id,
    name: kepName(kep),
    category: categoryOfSig(kep.owningSig),
    origin: 'kep',
    status: normaliseKepStatus(kep.status),
    stages: stagesForKep(kep, book, newestReleased),
    keps: [kep.number],
    featureGates: book.withPredecessors(kep.featureGates),
    sig: kep.owningSig,
    url: kep.url,
    links: [{ title: `KEP-${kep.number}`, url: kep.url }],
  });
}

export function featureFromGate(gate: GateRecord, book: GateBook): Feature {
  return baseFeature({
    id: `gate-${kebab(gate.name)}`,
    name: gate.name,
    category: 'other',
    origin: 'gate',
    aliases: gate.formerNames,
    stages: [...book.history(gate), ...[removalFromGate(gate)].filter((s) => s !== undefined)].sort(
      compareStages,
    ),
    featureGates: book.withPredecessors([gate.name]),
    url: FEATURE_GATES_URL,
    links: [{ title: 'Feature gates reference', url: FEATURE_GATES_URL }],
  });
}

export function coreFeatureId(core: CoreFeatureRecord): string {
  return core.id.replace(/\./g, '-');
}

export function stagesFromCore(core: CoreFeatureRecord): Stage[] {
  return core.stages.map((s) => {
    const row: Stage = { stage: s.stage, version: s.version, origin: 'core' };
    if (s.apiVersion) row.apiVersion = s.apiVersion;
    if (s.appliesTo) row.appliesTo = s.appliesTo;
    const former = core.formerNames.find((n) => n.until && compareVersions(s.version, n.until) < 0);
    if (former) row.as = former.name;
    return row;
  });
}

/** "apps/v1" → { group: "apps", version: "v1" }; "v1" → the legacy core group. */
export function parseApiVersion(apiVersion: string): { group: string; version: string } | null {
  const m = /^(?:([a-z0-9.-]+)\/)?(v\d+(?:(?:alpha|beta)\d+)?)$/.exec(apiVersion);
  if (!m?.[2]) return null;
  return { group: m[1] ?? 'core', version: m[2] };
}

/** A core feature's kinds at the newest API version its feature-wide stage rows name. */
function apiResourcesOfCore(core: CoreFeatureRecord): ApiRef[] {
  const versions = core.stages
    .filter((s) => s.apiVersion && !s.appliesTo && s.stage !== 'deprecated' && s.stage !== 'removed')
    .map((s) => parseApiVersion(s.apiVersion as string))
    .filter((v) => v !== null);
  return core.kinds.flatMap((k) => {
    const newest = versions.findLast((v) => v.group === k.group);
    return newest && /^[A-Z]/.test(k.kind) ? [{ group: k.group, version: newest.version, kind: k.kind }] : [];
  });
}

export function featureFromCore(core: CoreFeatureRecord): Feature {
  return baseFeature({
    id: coreFeatureId(core),
    name: core.name,
    category: core.category,
    origin: 'core',
    aliases: [...new Set([...core.formerNames.map((n) => n.name), ...core.kinds.map((k) => k.kind)])].filter(
      (a) => a !== core.name,
    ),
    stages: stagesFromCore(core),
    apiResources: apiResourcesOfCore(core),
    keps: core.keps,
    featureGates: core.featureGates,
  });
}
