/**
 * Joins imported records and curated entries into features. A feature is a concept, not a record: one card for
 * StatefulSet, one for Dynamic Resource Allocation, however many KEPs, gates and history rows describe it.
 *
 * How records join:
 *  1. Each gate belongs to at most one KEP: among the KEPs that list it, the one whose milestones match the gate's
 *     history and whose title names it (a KEP that merely mentions another feature's gate does not take it).
 *     A gate no KEP lists joins the KEP of the same name (the WatchBookmark gate and KEP-956 "Watch Bookmark").
 *     A renamed gate stays with its successor.
 *  2. A KEP joins the KEPs it replaces and is superseded by.
 *  3. A core feature (cited history) claims the KEPs and gates it lists; a curated entry claims its core feature,
 *     KEPs and gates, and everything joined to them, and wins over every other claim.
 *
 * A feature's own history comes from its curated entry, its core history or its primary gate (the first gate a
 * curated entry lists; otherwise the KEP's gate whose history matches its milestones). A helper gate's removal, a
 * withdrawn sub-KEP or a gate removed after GA (locked on) is never the feature's removal; each gate's own history
 * is kept in `gates`.
 */
import {
  coreFeatureId,
  FEATURE_GATES_URL,
  featureFromCore,
  featureFromGate,
  featureFromKep,
  GateBook,
  gateHistory,
  kebab,
  kepFeatureId,
  normaliseKepStatus,
  primaryGate,
  removalFromGate,
  stagesForKep,
  stagesFromCore,
} from './derive.js';
import type { Problem } from './problems.js';
import type {
  CoreFeatureRecord,
  CuratedFeatureFile,
  Feature,
  GateRecord,
  KepRecord,
  RenameRecord,
  Stage,
} from './schema.js';
import { compareStages, compareVersions } from './versions.js';

export interface ImportedFeatureFacts {
  keps: KepRecord[];
  gates: GateRecord[];
  core: CoreFeatureRecord[];
  renames: RenameRecord[];
  newestReleased: string;
}

export interface CuratedEntry {
  file: string;
  entry: CuratedFeatureFile;
}

export interface MergedFeatures {
  features: Feature[];
  /** Old id (kep-3140, gate-cron-job-time-zone, a core id) → id of the feature that absorbed it. */
  redirects: Map<string, string>;
  problems: Problem[];
}

const uniq = <T>(items: T[]): T[] => [...new Set(items)];
const NOT_SHIPPED = new Set(['withdrawn', 'rejected', 'replaced', 'superseded', 'deferred']);

/** Some kep.yaml files still carry the template's title ("KEP Template"); that is not a name of anything. */
const isRealName = (name: string): boolean => !/^kep template$/i.test(name.trim());

/** "Watch Bookmark", "WatchBookmark" and "watch-bookmarks" → "watchbookmark". */
function nameKey(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '')
    .replace(/s$/, '');
}

/** Lower-case words of a name, camelCase split ("CronJobTimeZone" → cron, job, time, zone). */
function nameWords(name: string): Set<string> {
  return new Set(
    name
      .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
      .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
      .toLowerCase()
      .split(/[^a-z0-9]+/)
      .filter((w) => w.length > 2),
  );
}

/** One imported record in the join. */
interface Unit {
  kind: 'kep' | 'gate' | 'core';
  id: string;
  kep?: KepRecord;
  gate?: GateRecord;
  core?: CoreFeatureRecord;
  /** Gates (with pages) this unit owns: a KEP's own gates, or the gate itself. */
  gates: GateRecord[];
  feature: Feature;
}

/**
 * Which KEP owns each gate: the one whose milestones agree with the gate's history and whose title shares the
 * gate's words. A KEP that lists another feature's gate (KEP-3695 lists DynamicResourceAllocation) does not take it.
 */
function gateOwners(keps: KepRecord[], book: GateBook): Map<string, KepRecord> {
  const listing = new Map<string, KepRecord[]>();
  for (const k of keps)
    for (const g of k.featureGates) {
      const gate = book.get(g);
      if (!gate) continue;
      const key = gate.name.toLowerCase();
      listing.set(key, [...(listing.get(key) ?? []), k]);
    }
  const owners = new Map<string, KepRecord>();
  for (const [key, candidates] of listing) {
    const gate = book.get(key) as GateRecord;
    const rows = book.history(gate);
    const first = (stage: string) => rows.find((r) => r.stage === stage)?.version;
    const words = nameWords(gate.name);
    const score = (k: KepRecord) => {
      const milestones = (['alpha', 'beta', 'stable'] as const).filter(
        (s) => k.milestone[s] !== undefined && k.milestone[s] === first(s),
      ).length;
      const title = nameWords(k.title);
      const shared = [...words].filter((w) => title.has(w)).length / Math.max(1, words.size);
      const listedFirst = k.featureGates[0]?.toLowerCase() === key ? 1 : 0;
      const specific = k.featureGates.length === 1 ? 0.5 : 0;
      const shipped = NOT_SHIPPED.has(normaliseKepStatus(k.status) ?? '') ? -1 : 0;
      return 3 * milestones + 2 * shared + listedFirst + specific + shipped;
    };
    const best = [...candidates].sort((a, b) => score(b) - score(a) || a.number - b.number)[0];
    if (best) owners.set(key, best);
  }
  return owners;
}

/** The KEP folder a `replaces` / `superseded-by` entry points at ("/keps/sig-node/2133-..." or a URL). */
function kepPathOf(ref: string): string | undefined {
  const m = /(keps\/[^\s#?]+?)\/?(?:kep\.yaml|README\.md)?$/.exec(ref.trim());
  return m?.[1];
}

export function mergeFeatures(facts: ImportedFeatureFacts, curated: CuratedEntry[]): MergedFeatures {
  const problems: Problem[] = [];
  const book = new GateBook(facts.gates, facts.renames);
  const renamedAway = book.renamedAway();
  const kepCount = new Map<number, number>();
  for (const k of facts.keps) kepCount.set(k.number, (kepCount.get(k.number) ?? 0) + 1);
  const owners = gateOwners(facts.keps, book);

  // 1. Units: one per KEP (with the gates it owns), per gate no KEP owns, per core feature.
  const units: Unit[] = [];
  const kepUnits = new Map<number, Unit[]>();
  const kepByPath = new Map<string, Unit>();
  const gateUnit = new Map<string, Unit>();
  for (const kep of facts.keps) {
    const own = kep.featureGates
      .map((g) => book.get(g))
      .filter((g): g is GateRecord => g !== undefined && owners.get(g.name.toLowerCase()) === kep);
    const feature = featureFromKep(
      kep,
      kepFeatureId(kep, (kepCount.get(kep.number) ?? 0) > 1),
      book,
      facts.newestReleased,
    );
    const unit: Unit = { kind: 'kep', id: feature.id, kep, gates: own, feature };
    units.push(unit);
    kepUnits.set(kep.number, [...(kepUnits.get(kep.number) ?? []), unit]);
    kepByPath.set(kep.path, unit);
    for (const g of own) gateUnit.set(g.name.toLowerCase(), unit);
  }
  const kepByName = new Map<string, Unit>();
  for (const u of units) if (u.kep && isRealName(u.kep.title)) kepByName.set(nameKey(u.kep.title), u);
  for (const gate of facts.gates) {
    const key = gate.name.toLowerCase();
    if (gateUnit.has(key) || renamedAway.has(key)) continue;
    const sameName = kepByName.get(nameKey(gate.name));
    if (sameName) {
      sameName.gates.push(gate);
      gateUnit.set(key, sameName);
      continue;
    }
    const feature = featureFromGate(gate, book);
    const unit: Unit = { kind: 'gate', id: feature.id, gate, gates: [gate], feature };
    units.push(unit);
    gateUnit.set(key, unit);
  }
  const coreUnits = new Map<string, Unit>();
  for (const core of facts.core) {
    const feature = featureFromCore(core);
    const unit: Unit = { kind: 'core', id: feature.id, core, gates: [], feature };
    units.push(unit);
    coreUnits.set(core.id, unit);
  }

  // 2. Groups by union-find: replaces / superseded-by chains join KEPs.
  const parent = new Map<Unit, Unit>(units.map((u) => [u, u]));
  const find = (u: Unit): Unit => {
    let root = u;
    while (parent.get(root) !== root) root = parent.get(root) as Unit;
    parent.set(u, root);
    return root;
  };
  /** Joins b into a's group (a's group keeps its identity). */
  const join = (a: Unit, b: Unit) => {
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent.set(rb, ra);
  };
  for (const u of units) {
    if (!u.kep) continue;
    for (const ref of u.kep.replaces) {
      const old = kepByPath.get(kepPathOf(ref) ?? '');
      if (old && old !== u) join(u, old);
    }
    for (const ref of u.kep.supersededBy) {
      const next = kepByPath.get(kepPathOf(ref) ?? '');
      if (next && next !== u) join(next, u);
    }
  }

  // 3. Claims: core features, then curated entries (which win). The owner of a group is an id.
  const owner = new Map<Unit, string>();
  const claimGroup = (u: Unit, id: string) => {
    const root = find(u);
    for (const x of units) if (find(x) === root) owner.set(x, id);
  };
  const claimedByCore = new Set<Unit>();
  for (const core of facts.core) {
    const id = coreFeatureId(core);
    const self = coreUnits.get(core.id) as Unit;
    owner.set(self, id);
    const listed = [
      ...core.keps.flatMap((n) => kepUnits.get(n) ?? []),
      ...core.featureGates.flatMap((g) => gateUnit.get(g.toLowerCase()) ?? []),
    ];
    for (const m of listed) {
      if (claimedByCore.has(m)) continue;
      claimedByCore.add(m);
      claimGroup(m, id);
    }
  }

  const curatedById = new Map<string, CuratedEntry>();
  const claimedByCurated = new Map<Unit, string>();
  /** Gates a curated entry takes away from the KEP that owns them (the entry says they are its parts). */
  const gateClaims = new Map<string, string>();
  for (const c of curated) {
    const { entry, file } = c;
    if (curatedById.has(entry.id)) {
      problems.push({
        file,
        path: 'id',
        message: `id "${entry.id}" is already used by ${curatedById.get(entry.id)?.file}`,
      });
      continue;
    }
    curatedById.set(entry.id, c);
    const claims: Array<[Unit, string]> = [];
    if (entry.core) {
      const m = coreUnits.get(entry.core);
      if (!m)
        problems.push({
          file,
          path: 'core',
          message: `no core feature "${entry.core}" in the cited core history`,
        });
      else {
        claims.push([m, `core feature ${entry.core}`]);
        // Whatever the core feature claimed (its KEPs and gates) comes along with it.
        for (const other of units)
          if (other !== m && owner.get(other) === m.id)
            claims.push([other, `${other.feature.name} (via ${entry.core})`]);
      }
    }
    for (const n of entry.keps) {
      const ms = kepUnits.get(n);
      if (!ms)
        problems.push({
          file,
          path: 'keps',
          message: `KEP ${n} is not in the imported KEP data (list it under unlistedKeps with a reason)`,
        });
      for (const m of ms ?? []) claims.push([m, `KEP ${n}`]);
    }
    for (const g of entry.featureGates) {
      const m = gateUnit.get(g.toLowerCase());
      if (!m) continue;
      // A gate's own unit, or a KEP whose only gate it is (the KEP of that gate), comes along with the gate.
      if (m.kind === 'gate' || (m.kind === 'kep' && m.gates.length === 1)) claims.push([m, `gate ${g}`]);
      else {
        const previous = gateClaims.get(g.toLowerCase());
        if (previous && previous !== entry.id)
          problems.push({
            file,
            path: 'featureGates',
            message: `gate ${g} is already claimed by curated entry "${previous}"`,
          });
        else gateClaims.set(g.toLowerCase(), entry.id);
      }
    }
    for (const [m, what] of claims) {
      const previous = claimedByCurated.get(m);
      if (previous && previous !== entry.id) {
        problems.push({
          file,
          path: 'keps',
          message: `${what} is already claimed by curated entry "${previous}"`,
        });
        continue;
      }
      const root = find(m);
      for (const x of units)
        if (find(x) === root && (!claimedByCurated.has(x) || x === m)) {
          claimedByCurated.set(x, entry.id);
          owner.set(x, entry.id);
        }
    }
  }
  for (const u of units) if (!owner.has(u)) owner.set(u, find(u).id);

  // 4. One feature per owner.
  const byOwner = new Map<string, Unit[]>();
  for (const u of units) {
    const id = owner.get(u) as string;
    byOwner.set(id, [...(byOwner.get(id) ?? []), u]);
  }
  const gatesOf = (id: string, group: Unit[]): GateRecord[] => {
    const mine = group
      .flatMap((u) => u.gates)
      .filter((g) => (gateClaims.get(g.name.toLowerCase()) ?? id) === id);
    const claimed = [...gateClaims].filter(([, owner]) => owner === id).map(([g]) => book.get(g));
    return uniq([...mine, ...claimed.filter((g): g is GateRecord => g !== undefined)]);
  };

  const features: Feature[] = [];
  for (const [id, group] of byOwner) {
    const c = curatedById.get(id);
    if (c) {
      features.push(buildCurated(c.entry, group, gatesOf(id, group), book, facts.newestReleased));
      continue;
    }
    const own = group.find((u) => u.id === id);
    if (own) features.push(combine(own, group, gatesOf(id, group), book, facts.newestReleased));
  }
  for (const [id, c] of curatedById)
    if (!byOwner.has(id))
      features.push(buildCurated(c.entry, [], gatesOf(id, []), book, facts.newestReleased));

  const redirects = new Map<string, string>();
  for (const u of units) {
    const id = owner.get(u) as string;
    if (u.id !== id) redirects.set(u.id, id);
    // A gate that lives in a feature is reachable by its old gate-feature id too.
    for (const g of u.gates) {
      const gid = `gate-${kebab(g.name)}`;
      if (gid !== id) redirects.set(gid, id);
    }
  }

  attachRenames(features, facts.renames);
  // A stage in a release that has not happened yet is a plan, wherever it comes from (a gate page updated
  // ahead of the release day, a KEP milestone, a curated row).
  for (const f of features)
    for (const s of f.stages)
      if (!s.planned && compareVersions(s.version, facts.newestReleased) > 0) s.planned = true;
  // Two different KEPs can carry the same title ("Skip Volume Ownership Change"): say which is which.
  const byName = new Map<string, Feature[]>();
  for (const f of features)
    byName.set(f.name.toLowerCase(), [...(byName.get(f.name.toLowerCase()) ?? []), f]);
  for (const same of byName.values())
    if (same.length > 1)
      for (const f of same)
        if (!f.curated && f.keps[0] !== undefined) f.name = `${f.name} (KEP-${f.keps[0]})`;
  const ids = new Set(features.map((f) => f.id));
  for (const from of [...redirects.keys()]) if (ids.has(from)) redirects.delete(from);
  features.sort((a, b) => Number(b.curated) - Number(a.curated) || a.id.localeCompare(b.id));
  return { features, redirects, problems };
}

/** The feature's own history: its primary gate's (a helper gate's removal is not the feature's). */
function historyOf(
  primaryKep: KepRecord | undefined,
  primary: GateRecord | undefined,
  book: GateBook,
  newestReleased: string,
): Stage[] {
  if (primaryKep) {
    const rows = stagesForKep(
      { ...primaryKep, featureGates: primary ? [primary.name] : [] },
      book,
      newestReleased,
    );
    // A withdrawn or replaced KEP's own removal milestone ends the KEP, not the feature that replaced it.
    return rows;
  }
  if (!primary) return [];
  const rows = book.history(primary);
  const removal = removalFromGate(primary);
  return (removal ? [...rows, removal] : rows).sort(compareStages);
}

/** Marks core/curated beta rows "off by default" where the feature's gates say so. */
function defaultsFromGates(stages: Stage[], gates: GateRecord[], book: GateBook): Stage[] {
  const gateRows = gates.flatMap((g) => book.history(g));
  return stages.map((s) => {
    if (s.enabledByDefault !== undefined || (s.stage !== 'beta' && s.stage !== 'alpha') || s.appliesTo)
      return s;
    const match = gateRows.find(
      (r) => r.stage === s.stage && r.version === s.version && r.enabledByDefault !== undefined,
    );
    return match ? { ...s, enabledByDefault: match.enabledByDefault as boolean } : s;
  });
}

function gateList(gates: GateRecord[], primary: GateRecord | undefined, book: GateBook): Feature['gates'] {
  const ordered = primary ? [primary, ...gates.filter((g) => g !== primary)] : gates;
  return ordered.map((g) => gateHistory(g, g === primary, book));
}

/** A feature built from imported records only. */
function combine(
  identity: Unit,
  group: Unit[],
  gates: GateRecord[],
  book: GateBook,
  newestReleased: string,
): Feature {
  const keps = group.filter((u) => u.kind === 'kep');
  const base = identity.feature;
  let stages = base.stages;
  let primary: GateRecord | undefined;
  if (identity.kind === 'kep' && identity.kep) {
    primary = primaryGate({ ...identity.kep, featureGates: gates.map((g) => g.name) }, book) ?? gates[0];
    stages = historyOf(identity.kep, primary, book, newestReleased);
  } else if (identity.kind === 'gate') {
    primary = identity.gate;
  } else if (identity.kind === 'core') {
    stages = defaultsFromGates(stages, gates, book);
  }
  const others = group.filter((u) => u !== identity);
  const names = uniq([...gates.map((g) => g.name), ...pagelessGates(group, book)]);
  return {
    ...base,
    stages,
    keps: uniq([...base.keps, ...group.flatMap((u) => u.feature.keps)]),
    featureGates: book.withPredecessors(names),
    gates: gateList(gates, primary, book),
    altNames: uniq(others.map((u) => u.feature.name).filter(isRealName)),
    links: uniqueLinks(group.flatMap((u) => u.feature.links)),
    status: base.status ?? keps[0]?.feature.status ?? null,
    sig: base.sig ?? keps[0]?.feature.sig ?? null,
    url: base.url ?? keps[0]?.feature.url ?? null,
  };
}

function buildCurated(
  entry: CuratedFeatureFile,
  group: Unit[],
  gates: GateRecord[],
  book: GateBook,
  newestReleased: string,
): Feature {
  const core = group.find((u) => u.kind === 'core');
  // The entry's first KEP is its primary one; when a number is shared (2133), the one that shipped.
  const kepUnitsOf = (n: number) => group.filter((u) => u.kep?.number === n);
  const primaryKepUnit = entry.keps
    .map(
      (n) =>
        kepUnitsOf(n).sort(
          (a, b) =>
            Number(NOT_SHIPPED.has(normaliseKepStatus(a.kep?.status ?? null) ?? '')) -
            Number(NOT_SHIPPED.has(normaliseKepStatus(b.kep?.status ?? null) ?? '')),
        )[0],
    )
    .find((u) => u !== undefined);
  const listedPrimary = entry.featureGates.map((g) => book.get(g)).find((g) => g !== undefined);
  // A feature with a cited core history has no gate of its own: its gates are parts added later.
  const primary = core
    ? undefined
    : (listedPrimary ??
      (primaryKepUnit?.kep
        ? primaryGate({ ...primaryKepUnit.kep, featureGates: primaryKepUnit.gates.map((g) => g.name) }, book)
        : undefined) ??
      gates[0]);
  let stages: Stage[];
  if (entry.stages) stages = entry.stages.map((s) => ({ ...s, origin: s.origin ?? ('curated' as const) }));
  else if (core) stages = defaultsFromGates(stagesFromCore(core.core as CoreFeatureRecord), gates, book);
  else stages = historyOf(primaryKepUnit?.kep, primary, book, newestReleased);
  if (entry.stages) stages = defaultsFromGates(stages, primary ? [primary] : [], book);

  const kepLinks = group.filter((u) => u.kind === 'kep').flatMap((u) => u.feature.links);
  const names = uniq([
    ...entry.featureGates.map((n) => book.get(n)?.name ?? n),
    ...gates.map((g) => g.name),
    ...pagelessGates(group, book),
  ]);
  const url =
    primaryKepUnit?.feature.url ?? entry.links[0]?.url ?? (names.length > 0 ? FEATURE_GATES_URL : null);
  return {
    id: entry.id,
    name: entry.name,
    aliases: uniq(entry.aliases),
    category: entry.category,
    summary: entry.summary,
    stages: stages.sort(compareStages),
    status: entry.status ?? primaryKepUnit?.feature.status ?? null,
    keps: uniq([
      ...entry.keps,
      ...entry.unlistedKeps.map((k) => k.number),
      ...group.flatMap((u) => u.feature.keps),
    ]),
    featureGates: book.withPredecessors(names),
    gates: gateList(gates, primary, book),
    apiResources: entry.apiResources.length > 0 ? entry.apiResources : (core?.feature.apiResources ?? []),
    fields: entry.fields,
    examples: entry.examples,
    keywords: uniq(entry.keywords),
    addon: entry.addon ?? null,
    links: uniqueLinks([...entry.links, ...kepLinks]),
    related: entry.related,
    renames: entry.renames,
    altNames: uniq(group.map((u) => u.feature.name).filter((n) => n !== entry.name && isRealName(n))),
    sig: primaryKepUnit?.feature.sig ?? null,
    url,
    origin: 'curated',
    curated: true,
  };
}

/**
 * Gate names the group's KEPs and core records list that have no page (new gates, other spellings): still names
 * people search for. Gates with a page are listed only by the feature that owns them.
 */
function pagelessGates(group: Unit[], book: GateBook): string[] {
  const listed = group.flatMap((u) => u.kep?.featureGates ?? u.core?.featureGates ?? []);
  return listed.filter((n) => book.get(n) === undefined);
}

function uniqueLinks(links: Feature['links']): Feature['links'] {
  const seen = new Set<string>();
  return links.filter((l) => !seen.has(l.url) && seen.add(l.url));
}

/**
 * Renames: the old name becomes an alias of the feature that has the new name, and a former name of it when the
 * feature itself (a kind, a feature) was renamed. A renamed gate is shown with the gate, not as the feature's
 * former name. The feature is chosen by how it holds the new name: as its name, then as a gate, then as an
 * alias, then as an API kind; curated entries first within each tier.
 */
function attachRenames(features: Feature[], renames: RenameRecord[]): void {
  const tiers: Array<(f: Feature, name: string) => boolean> = [
    (f, name) => f.name.toLowerCase() === name,
    (f, name) => f.featureGates.some((g) => g.toLowerCase() === name),
    (f, name) => f.aliases.some((a) => a.toLowerCase() === name),
    (f, name) => f.apiResources.some((a) => a.kind.toLowerCase() === name),
  ];
  const ordered = [...features].sort(
    (a, b) => Number(b.curated) - Number(a.curated) || a.id.localeCompare(b.id),
  );
  for (const r of renames) {
    if (r.versionMeaning === 'successorIntroduced') continue;
    const name = r.new.toLowerCase();
    const feature = tiers
      .map((matches) => ordered.find((f) => matches(f, name)))
      .find((f) => f !== undefined);
    if (!feature) continue;
    if (r.kind !== 'feature gate' && !feature.renames.some((x) => x.from === r.old))
      feature.renames.push({ from: r.old, to: r.new, version: r.version });
    if (!feature.aliases.includes(r.old)) feature.aliases.push(r.old);
  }
}
