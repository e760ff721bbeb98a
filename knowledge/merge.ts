/**
 * Merges imported records and curated entries into one list of Features.
 *
 * Every imported record (a KEP, a gate that no KEP lists, a core feature) belongs to exactly one feature.
 * A core feature claims the KEPs and gates it lists; a curated entry claims its core feature, KEPs and gates,
 * and wins over a core claim. Records whose feature was claimed leave a redirect from their old id.
 */
import {
  coreFeatureId,
  FEATURE_GATES_URL,
  featureFromCore,
  featureFromGate,
  featureFromKep,
  GateBook,
  kepFeatureId,
} from './derive.js';
import type { Problem } from './problems.js';
import type {
  CoreFeatureRecord,
  CuratedFeatureFile,
  Feature,
  GateRecord,
  KepRecord,
  RenameRecord,
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

/** One imported record (a KEP, a gate no KEP lists, a core feature) as the feature built from it. */
type Member = { kind: 'kep' | 'gate' | 'core'; feature: Feature };

const uniq = <T>(items: T[]): T[] => [...new Set(items)];

/** Some kep.yaml files still carry the template's title ("KEP Template"); that is not a name of anything. */
const isRealName = (name: string): boolean => !/^kep template$/i.test(name.trim());

export function mergeFeatures(facts: ImportedFeatureFacts, curated: CuratedEntry[]): MergedFeatures {
  const problems: Problem[] = [];
  const book = new GateBook(facts.gates, facts.renames);
  const renamedAway = book.renamedAway();
  const kepCount = new Map<number, number>();
  for (const k of facts.keps) kepCount.set(k.number, (kepCount.get(k.number) ?? 0) + 1);

  // 1. One member per imported record, owned by its own feature at first.
  const members: Member[] = [];
  const owner = new Map<Member, string>();
  const kepMembers = new Map<number, Member[]>();
  const gateMembers = new Map<string, Member>();
  const coreMembers = new Map<string, Member>();
  const gatesListedByKeps = new Set(facts.keps.flatMap((k) => k.featureGates.map((g) => g.toLowerCase())));

  for (const kep of facts.keps) {
    const feature = featureFromKep(
      kep,
      kepFeatureId(kep, (kepCount.get(kep.number) ?? 0) > 1),
      book,
      facts.newestReleased,
    );
    const member: Member = { kind: 'kep', feature };
    members.push(member);
    owner.set(member, feature.id);
    kepMembers.set(kep.number, [...(kepMembers.get(kep.number) ?? []), member]);
  }
  for (const gate of facts.gates) {
    const name = gate.name.toLowerCase();
    if (gate.keps.length > 0 || gatesListedByKeps.has(name) || renamedAway.has(name)) continue;
    const feature = featureFromGate(gate, book);
    const member: Member = { kind: 'gate', feature };
    members.push(member);
    owner.set(member, feature.id);
    gateMembers.set(gate.name.toLowerCase(), member);
  }
  for (const core of facts.core) {
    const feature = featureFromCore(core);
    const member: Member = { kind: 'core', feature };
    members.push(member);
    owner.set(member, feature.id);
    coreMembers.set(core.id, member);
  }

  // 2. Core features claim the KEPs and gate-only gates they list (the first core feature to list one keeps it).
  const claimedByCore = new Set<Member>();
  for (const core of facts.core) {
    const id = coreFeatureId(core);
    const listed = [
      ...core.keps.flatMap((n) => kepMembers.get(n) ?? []),
      ...core.featureGates.flatMap((g) => gateMembers.get(g.toLowerCase()) ?? []),
    ];
    for (const m of listed) {
      if (claimedByCore.has(m)) continue;
      claimedByCore.add(m);
      owner.set(m, id);
    }
  }

  // 3. Curated entries claim what they list; two entries claiming one record is a problem.
  const claimedByCurated = new Map<Member, string>();
  const curatedById = new Map<string, CuratedEntry>();
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
    const claims: Array<[Member | undefined, string]> = [];
    if (entry.core) {
      const m = coreMembers.get(entry.core);
      if (!m)
        problems.push({
          file,
          path: 'core',
          message: `no core feature "${entry.core}" in core-features.json`,
        });
      claims.push([m, `core feature ${entry.core}`]);
      // Whatever the core feature claimed (its KEPs and gates) comes along with it.
      if (m)
        for (const other of members)
          if (other !== m && owner.get(other) === m.feature.id)
            claims.push([other, `${other.feature.name} (via ${entry.core})`]);
    }
    for (const n of entry.keps) {
      const ms = kepMembers.get(n);
      if (!ms)
        problems.push({
          file,
          path: 'keps',
          message: `KEP ${n} is not in the imported KEP data (list it under unlistedKeps with a reason)`,
        });
      for (const m of ms ?? []) claims.push([m, `KEP ${n}`]);
    }
    for (const g of entry.featureGates) {
      const m = gateMembers.get(g.toLowerCase());
      if (m) claims.push([m, `gate ${g}`]);
    }
    for (const [m, what] of claims) {
      if (!m) continue;
      const previous = claimedByCurated.get(m);
      if (previous && previous !== entry.id) {
        problems.push({
          file,
          path: 'keps',
          message: `${what} is already claimed by curated entry "${previous}"`,
        });
        continue;
      }
      claimedByCurated.set(m, entry.id);
      owner.set(m, entry.id);
    }
  }

  // 4. Build one feature per owner.
  const byOwner = new Map<string, Member[]>();
  for (const m of members) {
    const id = owner.get(m) as string;
    byOwner.set(id, [...(byOwner.get(id) ?? []), m]);
  }
  const redirects = new Map<string, string>();
  for (const m of members) {
    const id = owner.get(m) as string;
    if (m.feature.id !== id) redirects.set(m.feature.id, id);
  }

  const features: Feature[] = [];
  for (const [id, group] of byOwner) {
    const c = curatedById.get(id);
    const own = group.find((m) => m.feature.id === id);
    const base = c ? undefined : own;
    if (!c && !base) continue;
    features.push(c ? buildCurated(c.entry, group) : combine((base as Member).feature, group));
  }
  // Curated entries that claimed nothing still become features.
  for (const [id, c] of curatedById) {
    if (!byOwner.has(id)) features.push(buildCurated(c.entry, []));
  }

  attachRenames(features, facts.renames);
  // A stage in a release that has not happened yet is a plan, wherever it comes from (a gate page updated
  // ahead of the release day, a KEP milestone, a curated row).
  for (const f of features)
    for (const s of f.stages)
      if (!s.planned && compareVersions(s.version, facts.newestReleased) > 0) s.planned = true;
  const ids = new Set(features.map((f) => f.id));
  for (const from of [...redirects.keys()]) if (ids.has(from)) redirects.delete(from);
  features.sort((a, b) => Number(b.curated) - Number(a.curated) || a.id.localeCompare(b.id));
  return { features, redirects, problems };
}

/** A non-curated feature plus the records it absorbed. */
function combine(identity: Feature, group: Member[]): Feature {
  const others = group.filter((m) => m.feature !== identity);
  const keps = others.filter((m) => m.kind === 'kep');
  return {
    ...identity,
    keps: uniq([...identity.keps, ...group.flatMap((m) => m.feature.keps)]),
    featureGates: uniq(group.flatMap((m) => m.feature.featureGates)),
    altNames: uniq(others.map((m) => m.feature.name).filter(isRealName)),
    links: uniqueLinks(group.flatMap((m) => m.feature.links)),
    status: identity.status ?? keps[0]?.feature.status ?? null,
    sig: identity.sig ?? keps[0]?.feature.sig ?? null,
    url: identity.url ?? keps[0]?.feature.url ?? null,
  };
}

function buildCurated(entry: CuratedFeatureFile, group: Member[]): Feature {
  const core = group.find((m) => m.kind === 'core');
  const firstKep = entry.keps
    .map((n) => group.find((m) => m.kind === 'kep' && m.feature.keps.includes(n)))
    .find((m) => m !== undefined);
  const gate = group.find((m) => m.kind === 'gate');
  const stageSource = core ?? firstKep ?? gate;
  const stages = entry.stages
    ? entry.stages.map((s) => ({ ...s, origin: s.origin ?? ('curated' as const) }))
    : [...(stageSource?.feature.stages ?? [])];
  const kepLinks = group.filter((m) => m.kind === 'kep').flatMap((m) => m.feature.links);
  const gates = uniq([...entry.featureGates, ...group.flatMap((m) => m.feature.featureGates)]);
  const url = firstKep?.feature.url ?? entry.links[0]?.url ?? (gates.length > 0 ? FEATURE_GATES_URL : null);
  return {
    id: entry.id,
    name: entry.name,
    aliases: uniq(entry.aliases),
    category: entry.category,
    summary: entry.summary,
    stages: stages.sort(compareStages),
    status: entry.status ?? firstKep?.feature.status ?? null,
    keps: uniq([
      ...entry.keps,
      ...entry.unlistedKeps.map((k) => k.number),
      ...group.flatMap((m) => m.feature.keps),
    ]),
    featureGates: gates,
    apiResources: entry.apiResources.length > 0 ? entry.apiResources : (core?.feature.apiResources ?? []),
    fields: entry.fields,
    examples: entry.examples,
    keywords: uniq(entry.keywords),
    addon: entry.addon ?? null,
    links: uniqueLinks([...entry.links, ...kepLinks]),
    related: entry.related,
    renames: entry.renames,
    altNames: uniq(group.map((m) => m.feature.name).filter((n) => n !== entry.name && isRealName(n))),
    sig: firstKep?.feature.sig ?? null,
    url,
    origin: 'curated',
    curated: true,
  };
}

function uniqueLinks(links: Feature['links']): Feature['links'] {
  const seen = new Set<string>();
  return links.filter((l) => !seen.has(l.url) && seen.add(l.url));
}

/**
 * Renames from feature-renames.json: the old name becomes an alias of the feature that has the new name.
 * The feature is chosen by how it holds the new name: as its name, then as a gate, then as an alias, then
 * as an API kind; curated entries first within each tier (a sub-feature that merely uses the kind loses).
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
    if (!feature.renames.some((x) => x.from === r.old))
      feature.renames.push({ from: r.old, to: r.new, version: r.version });
    if (!feature.aliases.includes(r.old)) feature.aliases.push(r.old);
  }
}
