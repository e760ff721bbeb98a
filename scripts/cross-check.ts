/**
 * npm run knowledge:cross-check [-- <data dir>]
 *
 * Compares the baseline bundle the project's importer made (knowledge/generated) with the earlier extraction of
 * the same upstream commits (../shared/data, or $K8S_DATA_DIR) on every KEP, feature gate, release and API
 * removal. Every difference must be explained by a rule below (a parse rule of the importer or a correction kept
 * in knowledge/history with its reason); an unexplained difference fails the run. CI runs it when ../shared exists.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { knowledgeDir, projectRoot } from '../knowledge/paths.js';

// biome-ignore lint/suspicious/noExplicitAny: the earlier extraction's files are read as plain JSON.
type Json = any;

const dataDir = resolve(
  process.argv[2] ?? process.env.K8S_DATA_DIR ?? join(projectRoot, '..', 'shared', 'data'),
);
if (!existsSync(dataDir)) {
  console.log(`knowledge:cross-check: no ${dataDir}; nothing to compare`);
  process.exit(0);
}
const read = (dir: string, name: string): Json => JSON.parse(readFileSync(join(dir, name), 'utf8'));
const mine = (name: string) => read(join(knowledgeDir, 'generated'), name);
const theirs = (name: string) => read(dataDir, name);
const corrections: Array<{ api: string; drop?: boolean }> = (() => {
  const text = readFileSync(join(knowledgeDir, 'history', 'api-corrections.yaml'), 'utf8');
  return [...text.matchAll(/- api: (.+)\n((?: {4}.*\n)*)/g)].map((m) => ({
    api: (m[1] ?? '').trim(),
    drop: /^ {4}drop: true$/m.test(m[2] ?? ''),
  }));
})();

interface Difference {
  what: string;
  mine: unknown;
  theirs: unknown;
}
const unexplained: Difference[] = [];
const explained = new Map<string, number>();
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Records a difference, or counts it under the first rule that explains it. */
function differ(what: string, a: unknown, b: unknown, rules: Array<[string, boolean]>): void {
  if (same(a, b)) return;
  const rule = rules.find(([, holds]) => holds)?.[0];
  if (rule) explained.set(rule, (explained.get(rule) ?? 0) + 1);
  else unexplained.push({ what, mine: a, theirs: b });
}

// KEPs --------------------------------------------------------------------------------------------------------
const GATE_NAME = /^[A-Za-z][A-Za-z0-9]*$/;
const keps = new Map<string, Json>(mine('keps.json').keps.map((k: Json) => [`${k.number} ${k.path}`, k]));
const gatePages = new Map<string, string>(
  mine('feature-gates.json').featureGates.map((g: Json) => [g.name.toLowerCase(), g.name]),
);
for (const t of theirs('keps.json').keps) {
  const key = `${t.number} ${t.path}`;
  const m = keps.get(key);
  if (!m) {
    differ(`KEP ${key}`, undefined, 'present', []);
    continue;
  }
  keps.delete(key);
  for (const f of [
    'title',
    'owningSig',
    'participatingSigs',
    'status',
    'stage',
    'latestMilestone',
    'milestone',
    'url',
  ])
    differ(`KEP ${t.number} ${f}`, m[f], t[f] ?? null, []);
  for (const f of ['creationDate', 'lastUpdated'])
    differ(`KEP ${t.number} ${f}`, m[f], t[f] ?? null, [
      [
        'importer: dates written without leading zeros ("2024-2-1") are read',
        /^\d{4}-\d-|-\d$|-\d-/.test(
          t.unparsed?.[f === 'creationDate' ? 'creation-date' : 'last-updated'] ?? '',
        ) || m[f] !== null,
      ],
    ]);
  for (const f of ['replaces', 'supersededBy']) differ(`KEP ${t.number} ${f}`, m[f], t[f] ?? [], []);
  const expectedGates = t.featureGates
    .map((g: Json) => g.name)
    .filter((n: string) => GATE_NAME.test(n))
    .map((n: string) => gatePages.get(n.toLowerCase()) ?? n);
  differ(
    `KEP ${t.number} featureGates`,
    m.featureGates,
    t.featureGates.map((g: Json) => g.name),
    [
      [
        'importer: placeholder, template and environment-variable names are not gates; case follows the gate page',
        same(m.featureGates, [...new Set(expectedGates)]),
      ],
    ],
  );
}
for (const key of keps.keys()) differ(`KEP ${key}`, 'present', undefined, []);

// Feature gates -----------------------------------------------------------------------------------------------
const gates = new Map<string, Json>(mine('feature-gates.json').featureGates.map((g: Json) => [g.name, g]));
for (const t of theirs('feature-gates.json').featureGates) {
  const m = gates.get(t.name);
  if (!m) {
    differ(`gate ${t.name}`, undefined, 'present', []);
    continue;
  }
  gates.delete(t.name);
  const stages = t.stages.map((s: Json) => ({
    stage: s.stage,
    defaultValue: s.defaultValue,
    fromVersion: s.fromVersion,
    toVersion: s.toVersion,
    locked: s.locked,
  }));
  differ(`gate ${t.name} stages`, m.stages, stages, []);
  differ(`gate ${t.name} removed`, m.removed, t.removed, []);
  differ(`gate ${t.name} lastVersion`, m.lastVersion, t.lastVersion ?? null, []);
  differ(`gate ${t.name} formerNames`, m.formerNames, t.formerNames, []);
  const linked = [...new Set([...t.keps, ...(t.kepsCaseInsensitiveMatch ?? [])])].sort((a, b) => a - b);
  differ(`gate ${t.name} keps`, m.keps, linked, []);
}
for (const name of gates.keys()) differ(`gate ${name}`, 'present', undefined, []);

// Releases ----------------------------------------------------------------------------------------------------
const releases = new Map<string, Json>(mine('releases.json').releases.map((r: Json) => [r.version, r]));
differ(
  'newestReleased',
  mine('releases.json').newestReleased,
  theirs('releases.json').notes.newestReleased,
  [],
);
for (const t of theirs('releases.json').releases) {
  const m = releases.get(t.version);
  if (!m) {
    differ(`release ${t.version}`, undefined, 'present', []);
    continue;
  }
  releases.delete(t.version);
  const noTimeline = m.keyDates === null;
  for (const f of [
    'released',
    'releaseDate',
    'endOfLife',
    'maintenanceModeStart',
    'latestPatch',
    'latestPatchDate',
    'themes',
    'announcementUrl',
    'sigReleaseUrl',
  ])
    differ(`release ${t.version} ${f}`, m[f], t[f] ?? null, []);
  differ(`release ${t.version} plannedReleaseDate`, m.plannedReleaseDate, t.plannedReleaseDate ?? null, [
    [
      'source: the planned date of a past release is in a sig-release README the upstream tree does not hold (only the newest cycles are read); the bot shows it only for unreleased minors',
      noTimeline && m.released,
    ],
  ]);
  const sortKeys = (o: Json) =>
    o ? Object.fromEntries(Object.entries(o).sort(([a], [b]) => a.localeCompare(b))) : null;
  const keyDates = t.schedule
    ? Object.fromEntries(Object.entries(t.schedule.keyDates).filter(([k]) => !k.endsWith('Utc')))
    : null;
  differ(`release ${t.version} keyDates`, sortKeys(m.keyDates), sortKeys(keyDates), [
    [
      'source: timelines are read for the cycles whose sig-release README the upstream tree holds (the newest ones)',
      noTimeline && m.released,
    ],
  ]);
}
for (const v of releases.keys()) differ(`release ${v}`, 'present', undefined, []);

// API removals ------------------------------------------------------------------------------------------------
const apiName = (a: Json) => `${a.group === 'core' ? '' : `${a.group}/`}${a.version} ${a.kind}`;
const corrected = new Set(corrections.map((c) => c.api));
const dropped = new Set(corrections.filter((c) => c.drop).map((c) => c.api));
const removals = new Map<string, Json>(
  mine('api-removals.json').apiRemovals.map((a: Json) => [apiName(a), a]),
);
for (const t of theirs('api-removals.json').apiRemovals) {
  const name = apiName(t);
  const m = removals.get(name);
  if (!m) {
    differ(`API ${name}`, undefined, 'present', [
      ['knowledge/history/api-corrections.yaml: dropped with its reason', dropped.has(name)],
    ]);
    continue;
  }
  removals.delete(name);
  for (const f of ['deprecatedIn', 'removedIn', 'replacement', 'replacementAvailableIn']) {
    differ(`API ${name} ${f}`, m[f], t[f] ?? null, [
      ['knowledge/history/api-corrections.yaml: corrected with its reason', corrected.has(name)],
    ]);
  }
  const alternatives = (t.alternativeReplacements ?? []).map((r: Json) => ({
    group: r.group,
    version: r.version,
    ...(r.kind ? { kind: r.kind } : {}),
  }));
  differ(`API ${name} alternativeReplacements`, m.alternativeReplacements, alternatives, []);
}
for (const name of removals.keys()) differ(`API ${name}`, 'present', undefined, []);

for (const [rule, n] of explained) console.log(`explained (${n}): ${rule}`);
if (unexplained.length > 0) {
  console.error(`knowledge:cross-check: ${unexplained.length} unexplained difference(s) from ${dataDir}:`);
  for (const d of unexplained.slice(0, 50))
    console.error(`  ${d.what}: ours ${JSON.stringify(d.mine)}, theirs ${JSON.stringify(d.theirs)}`);
  process.exit(1);
}
console.log(`knowledge:cross-check ok: every difference from ${dataDir} is explained`);
