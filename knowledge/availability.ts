/**
 * A feature as it stood in one release: its stage, whether it was on by default, and the gate that switches it.
 * Read from the feature's own history rows (gate pages, cited core history, KEP milestones) — the same rows the
 * card's timeline shows — so a direct answer never disagrees with the card under it.
 */
import type { Feature, Stage, StageName } from './schema.js';
import { compareStages, compareVersions } from './versions.js';

export interface FeatureAt {
  version: string;
  /** "absent": not in Kubernetes yet in that release. */
  state: 'absent' | StageName;
  /** The release the state began. */
  since?: string;
  /** On without any flag in that release; null when the data does not say. */
  defaultOn: boolean | null;
  /** The feature gate that turns it on or off. */
  gate?: string;
  /** The state comes from a target that has not happened yet. */
  planned: boolean;
}

/** Feature-wide rows in order; planned targets only when asked about a release they fall in. */
export function ownRows(feature: Feature, withPlanned = false): Stage[] {
  let rows = rowCache.get(feature);
  if (!rows) {
    const all = feature.stages.filter((s) => !s.appliesTo).sort(compareStages);
    rows = { all, happened: all.filter((s) => !s.planned) };
    rowCache.set(feature, rows);
  }
  return withPlanned ? rows.all : rows.happened;
}

/** Features are immutable once loaded: their ordered rows are worked out once. */
const rowCache = new WeakMap<Feature, { all: Stage[]; happened: Stage[] }>();

/** The gate a user would switch: the primary gate, else the only one. */
export function switchGate(feature: Feature): string | undefined {
  return (
    feature.gates.find((g) => g.primary)?.name ??
    (feature.featureGates.length === 1 ? feature.featureGates[0] : undefined)
  );
}

function defaultOf(row: Stage, feature: Feature, version: string): boolean | null {
  if (row.enabledByDefault !== undefined) return row.enabledByDefault;
  const gate =
    feature.gates.find((g) => g.primary) ?? (feature.gates.length === 1 ? feature.gates[0] : undefined);
  const gateRow = gate?.stages.filter((s) => compareVersions(s.version, version) <= 0).at(-1);
  if (gateRow?.defaultOn !== undefined && gateRow.defaultOn !== null && gateRow.stage === row.stage)
    return gateRow.defaultOn;
  if (row.stage === 'stable') return true;
  // Kubernetes' own rules: an alpha feature gate is off by default; beta APIs were on by default before 1.24.
  const gated = gate !== undefined || feature.featureGates.length > 0;
  if (row.stage === 'alpha') return gated ? false : null;
  if (row.stage === 'beta' && !gated && compareVersions(row.version, '1.24') < 0) return true;
  return null;
}

function deprecatedDefault(row: Stage, feature: Feature, version: string): boolean | null {
  if (row.enabledByDefault !== undefined) return row.enabledByDefault;
  const gate =
    feature.gates.find((g) => g.primary) ?? (feature.gates.length === 1 ? feature.gates[0] : undefined);
  const gateRow = gate?.stages.filter((s) => compareVersions(s.version, version) <= 0).at(-1);
  return gateRow?.stage === 'deprecated' ? gateRow.defaultOn : null;
}

export function featureAt(feature: Feature, version: string, newestReleased: string): FeatureAt {
  const future = compareVersions(version, newestReleased) > 0;
  const rows = ownRows(feature, future).filter((r) => compareVersions(r.version, version) <= 0);
  const gate = switchGate(feature);
  const base = { version, ...(gate ? { gate } : {}) };
  const last = rows.at(-1);
  if (!last) return { ...base, state: 'absent', defaultOn: null, planned: false };
  // A deprecated feature is still there, with the default its gate gives it then, else the one it had.
  const working = [...rows].reverse().find((r) => r.stage !== 'deprecated');
  const deprecatedOn = last.stage === 'deprecated' ? deprecatedDefault(last, feature, version) : null;
  const defaultOn =
    last.stage === 'removed'
      ? false
      : deprecatedOn !== null
        ? deprecatedOn
        : working
          ? defaultOf(working, feature, version)
          : null;
  return {
    ...base,
    state: last.stage,
    since: rows.find((r) => r.stage === last.stage)?.version ?? last.version,
    defaultOn,
    planned: last.planned === true,
  };
}

/** The first release with the stage (planned targets included, marked). */
export function firstAt(feature: Feature, stage: StageName): Stage | undefined {
  return ownRows(feature, true).find((r) => r.stage === stage);
}

/** The first release from which the feature is on by default (beta on, or GA). */
export function onByDefaultFrom(feature: Feature): Stage | undefined {
  for (const row of ownRows(feature, true)) {
    if (row.stage === 'removed' || row.stage === 'deprecated') continue;
    if (defaultOf(row, feature, row.version) === true) return row;
  }
  return undefined;
}

export interface DefaultChanges {
  /** Features on by default in `to` that were not in `from` (off, or not there yet). */
  nowOn: Feature[];
  /** Features on by default in `from` and off in `to` (not removed). */
  nowOff: Feature[];
}

/** What an upgrade from `from` to `to` switches on or off without anyone touching a flag. */
export function defaultChangesBetween(
  features: readonly Feature[],
  from: string,
  to: string,
  newestReleased: string,
): DefaultChanges {
  const key = `${from}>${to}>${newestReleased}`;
  const cache = defaultsCache.get(features) ?? new Map<string, DefaultChanges>();
  defaultsCache.set(features, cache);
  const cached = cache.get(key);
  if (cached) return cached;
  const computed = computeDefaultChanges(features, from, to, newestReleased);
  if (cache.size >= 256) cache.clear();
  cache.set(key, computed);
  return computed;
}

const defaultsCache = new WeakMap<readonly Feature[], Map<string, DefaultChanges>>();

function computeDefaultChanges(
  features: readonly Feature[],
  from: string,
  to: string,
  newestReleased: string,
): DefaultChanges {
  const nowOn: Feature[] = [];
  const nowOff: Feature[] = [];
  for (const f of features) {
    // Only features with a switch: a new core API kind is "on" but nothing was turned on.
    if (f.featureGates.length === 0) continue;
    const before = featureAtCached(f, from, newestReleased);
    const after = featureAtCached(f, to, newestReleased);
    if (after.state === 'removed' || after.state === 'absent') continue;
    if (after.defaultOn === true && before.defaultOn !== true) nowOn.push(f);
    else if (before.defaultOn === true && after.defaultOn === false) nowOff.push(f);
  }
  const order = (a: Feature, b: Feature) =>
    Number(b.curated) - Number(a.curated) || a.name.localeCompare(b.name);
  return { nowOn: nowOn.sort(order), nowOff: nowOff.sort(order) };
}

/**
 * featureAt without work per call: a feature's state only changes at its own rows, so the states at those
 * releases are worked out once and a release is looked up among them (for upgrade cards over every feature).
 */
function featureAtCached(feature: Feature, version: string, newestReleased: string): FeatureAt {
  let steps = stepCache.get(feature);
  if (steps?.newest !== newestReleased) {
    const versions = [...new Set(ownRows(feature, true).map((r) => r.version))];
    steps = { newest: newestReleased, at: versions.map((v) => featureAt(feature, v, newestReleased)) };
    stepCache.set(feature, steps);
  }
  let found: FeatureAt | undefined;
  const future = compareVersions(version, newestReleased) > 0;
  for (const s of steps.at) {
    if (compareVersions(s.version, version) > 0) break;
    if (s.planned && !future) continue;
    found = s;
  }
  if (found) return { ...found, version };
  const gate = switchGate(feature);
  return { version, state: 'absent', defaultOn: null, planned: false, ...(gate ? { gate } : {}) };
}

const stepCache = new WeakMap<Feature, { newest: string; at: FeatureAt[] }>();
