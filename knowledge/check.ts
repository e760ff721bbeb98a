/**
 * The corpus validator behind `npm run knowledge:check` and the test suite. Beyond the schemas (load.ts) it
 * checks what only the whole corpus can tell: stage order, agreement with the imported gate and core-feature
 * data, unique aliases, references, summary length, and that every YAML example is a valid manifest on a
 * current cluster. It reports every problem at once, each with its file and field.
 */
import { parseAllDocuments } from 'yaml';
import { apiCatalog } from './api-catalog.js';
import { changesIn } from './changes.js';
import { stagesFromCore } from './derive.js';
import { type Corpus, type CuratedFile, type LoadOptions, tryLoadCorpus } from './load.js';
import type { Problem } from './problems.js';
import type {
  CuratedFeatureFile,
  CuratedReleaseFile,
  Feature,
  GateRecord,
  Stage,
  StageName,
} from './schema.js';
import { normaliseKey } from './text.js';
import { checkUpgradeRules } from './upgrade/rules.js';
import { compareVersions } from './versions.js';

export interface CheckResult {
  problems: Problem[];
  checked: { features: number; releases: number; examples: number };
}

export async function checkCorpus(options: LoadOptions = {}): Promise<CheckResult> {
  const { corpus, problems, curatedFeatures, curatedReleases } = tryLoadCorpus(options);
  if (!corpus) return { problems, checked: { features: 0, releases: 0, examples: 0 } };

  const gates = new Map(corpus.gates.map((g) => [g.name.toLowerCase(), g]));
  const kepGateNames = new Set(corpus.keps.flatMap((k) => k.featureGates.map((g) => g.toLowerCase())));
  const coreById = new Map(corpus.core.map((c) => [c.id, c]));
  const newestVersion = corpus.releases.at(-1)?.version ?? corpus.newestReleased;
  let examples = 0;

  for (const { file, entry } of curatedFeatures) {
    const add = (path: string, message: string) => problems.push({ file, path, message });
    checkSummary(entry, add);
    if (entry.stages) {
      checkStageOrder(entry.stages, add);
      for (const [i, s] of entry.stages.entries()) {
        if (!s.planned && compareVersions(s.version, newestVersion) > 0) {
          add(
            `stages.${i}.version`,
            `${s.version} is after the newest known release ${newestVersion}; mark it planned`,
          );
        }
      }
      const core = entry.core ? coreById.get(entry.core) : undefined;
      if (core) compareStagesWith(entry.stages, stagesFromCore(core), `core-features.json (${core.id})`, add);
      const gate = entry.featureGates.map((g) => gates.get(g.toLowerCase())).find((g) => g !== undefined);
      if (gate) compareStagesWith(entry.stages, gateStageRows(gate), `the ${gate.name} gate page`, add);
    }
    for (const [i, g] of entry.featureGates.entries()) {
      if (!gates.has(g.toLowerCase()) && !kepGateNames.has(g.toLowerCase())) {
        add(`featureGates.${i}`, `unknown feature gate "${g}" (not in feature-gates.json nor in any KEP)`);
      }
    }
    for (const [i, r] of entry.related.entries()) {
      if (r === entry.id) add(`related.${i}`, 'a feature cannot be related to itself');
      else if (!corpus.featureById.has(r) && !corpus.redirects.has(r))
        add(`related.${i}`, `no feature "${r}"`);
    }
    const needsExample = entry.apiResources.length > 0 || entry.fields.length > 0;
    if (needsExample && entry.examples.length === 0 && !entry.noExampleReason) {
      add(
        'examples',
        'a feature with an API object or field needs at least one YAML example (or noExampleReason)',
      );
    }
    for (const [i, ex] of entry.examples.entries()) {
      examples++;
      for (const message of await validateExample(
        ex.yaml,
        ex.removedApi === true,
        corpus.apiRemovals,
        corpus.newestReleased,
      )) {
        add(`examples.${i}.yaml`, message);
      }
    }
  }

  checkAliases(curatedFeatures, problems);
  problems.push(...checkCorpusWide(corpus));
  // The upgrade rules name the project's features: checked against the project's own corpus, not a fixture tree.
  if (options.dir === undefined) problems.push(...checkUpgradeRules(corpus));
  checkReleases(curatedReleases, corpus.featureById, corpus.redirects, problems);
  return {
    problems,
    checked: { features: curatedFeatures.length, releases: curatedReleases.length, examples },
  };
}

type Add = (path: string, message: string) => void;

const SENTENCE_END_EN = /[.!?](?=\s|$)/g;
const SENTENCE_END_JA = /[。！？]/g;

function checkSummary(entry: CuratedFeatureFile, add: Add): void {
  const en = (entry.summary.en.match(SENTENCE_END_EN) ?? []).length;
  const ja = (entry.summary.ja.match(SENTENCE_END_JA) ?? []).length;
  if (en < 1 || en > 3) add('summary.en', `write 1 to 3 sentences (found ${en}), each ending with . ! or ?`);
  if (ja < 1 || ja > 3) add('summary.ja', `write 1 to 3 sentences (found ${ja}), each ending with 。`);
  if (!/[\u3040-\u30ff\u4e00-\u9fff]/.test(entry.summary.ja))
    add('summary.ja', 'the Japanese summary has no Japanese text');
  if (entry.summary.en.length > 600) add('summary.en', 'keep the summary under 600 characters');
}

/** Feature-wide rows (no appliesTo, not planned): first versions must go alpha ≤ beta ≤ stable ≤ deprecated ≤ removed. */
export function checkStageOrder(stages: Stage[], add: Add): void {
  const first = firstVersions(stages);
  const present = (['alpha', 'beta', 'stable', 'deprecated', 'removed'] as const).filter((s) => first.has(s));
  for (let i = 1; i < present.length; i++) {
    const before = present[i - 1] as StageName;
    const after = present[i] as StageName;
    if (compareVersions(first.get(before) as string, first.get(after) as string) > 0) {
      add(
        'stages',
        `${after} ${first.get(after)} comes before ${before} ${first.get(before)}; stages go alpha ≤ beta ≤ stable ≤ deprecated ≤ removed`,
      );
    }
  }
  for (const [i, s] of stages.entries()) {
    if (s.appliesTo && s.stage !== 'deprecated' && s.stage !== 'removed') {
      add(`stages.${i}.appliesTo`, 'appliesTo is for deprecated or removed rows of old API versions');
    }
  }
}

function firstVersions(stages: Stage[]): Map<StageName, string> {
  const first = new Map<StageName, string>();
  for (const s of stages) {
    if (s.appliesTo || s.planned || s.unconfirmed) continue;
    const seen = first.get(s.stage);
    if (!seen || compareVersions(s.version, seen) < 0) first.set(s.stage, s.version);
  }
  return first;
}

function gateStageRows(gate: GateRecord): Stage[] {
  return gate.stages.map((s) => ({ stage: s.stage, version: s.fromVersion }));
}

/**
 * A curated history must agree with the imported facts: for every stage the source records, the first
 * feature-wide version must match, and a curated removal needs a source. A row with `reason` records why not.
 */
function compareStagesWith(curated: Stage[], imported: Stage[], source: string, add: Add): void {
  const mine = firstVersions(curated);
  const theirs = firstVersions(imported);
  const rowIndex = (stage: StageName, version: string | undefined) =>
    curated.findIndex((s) => s.stage === stage && s.version === version && !s.appliesTo);
  for (const [stage, version] of theirs) {
    const own = mine.get(stage);
    const i = rowIndex(stage, own);
    if (own === version) continue;
    if (i >= 0 && curated[i]?.reason) continue;
    if (own === undefined) {
      if (curated.some((s) => s.stage === stage && s.reason)) continue;
      add(
        'stages',
        `${source} has ${stage} in ${version}; this entry has no ${stage} row (add it, or a row with a reason)`,
      );
    } else {
      add(
        `stages.${i}`,
        `${stage} ${own} disagrees with ${source} (${stage} ${version}); fix it or record why in "reason"`,
      );
    }
  }
  for (const [stage, version] of mine) {
    if (stage !== 'removed' || theirs.has('removed')) continue;
    const i = rowIndex(stage, version);
    if (!curated[i]?.reason) {
      add(
        `stages.${i}`,
        `${source} does not say this feature was removed; a living feature must never be shown as removed (record the reason)`,
      );
    }
  }
}

function checkAliases(curated: CuratedFile<CuratedFeatureFile>[], problems: Problem[]): void {
  const owners = new Map<string, { id: string; file: string; shared: boolean }>();
  for (const { file, entry } of curated) {
    const names = [entry.id, entry.name, ...entry.aliases];
    const seenHere = new Set<string>();
    for (const name of names) {
      const key = normaliseKey(name);
      if (!key || seenHere.has(key)) continue;
      seenHere.add(key);
      const shared = entry.sharedAliases.some((a) => normaliseKey(a) === key);
      const previous = owners.get(key);
      if (previous && previous.id !== entry.id && !(shared && previous.shared)) {
        problems.push({
          file,
          path: 'aliases',
          message: `"${name}" is also a name or alias of "${previous.id}" (${previous.file}); declare it in sharedAliases of both or drop it`,
        });
        continue;
      }
      owners.set(key, { id: entry.id, file, shared });
    }
  }
}

function checkReleases(
  curated: CuratedFile<CuratedReleaseFile>[],
  features: Map<string, unknown>,
  redirects: Map<string, string>,
  problems: Problem[],
): void {
  for (const { file, entry } of curated) {
    for (const [i, h] of entry.highlights.entries()) {
      if (h.feature && !features.has(h.feature) && !redirects.has(h.feature)) {
        problems.push({ file, path: `highlights.${i}.feature`, message: `no feature "${h.feature}"` });
      }
    }
  }
}

type ModelClass = new (data: unknown) => { validate(): void };

async function loadModel(apiVersion: string, kind: string): Promise<ModelClass | undefined> {
  try {
    const mod = (await import(`kubernetes-models/${apiVersion}/${kind}`)) as Record<string, ModelClass>;
    return mod[kind];
  } catch {
    return undefined;
  }
}

/** Parses an example (one or more YAML documents) and validates each against the Kubernetes schema. */
export async function validateExample(
  source: string,
  removedApi: boolean,
  removals: { group: string; version: string; kind: string; removedIn: string | null }[],
  newestReleased: string,
): Promise<string[]> {
  const messages: string[] = [];
  const docs = parseAllDocuments(source);
  if (!Array.isArray(docs)) return ['no YAML documents'];
  for (const [n, doc] of docs.entries()) {
    const where = docs.length > 1 ? `document ${n + 1}: ` : '';
    if (doc.errors.length > 0) {
      messages.push(`${where}not valid YAML: ${doc.errors[0]?.message.split('\n')[0]}`);
      continue;
    }
    const obj = doc.toJS() as { apiVersion?: unknown; kind?: unknown } | null;
    if (!obj || typeof obj.apiVersion !== 'string' || typeof obj.kind !== 'string') {
      messages.push(`${where}a manifest needs apiVersion and kind`);
      continue;
    }
    const [group, version] = obj.apiVersion.includes('/')
      ? obj.apiVersion.split('/')
      : ['core', obj.apiVersion];
    const removal = removals.find(
      (r) =>
        r.group === group &&
        r.version === version &&
        r.kind === obj.kind &&
        r.removedIn &&
        compareVersions(r.removedIn, newestReleased) <= 0,
    );
    if (removal && !removedApi) {
      messages.push(
        `${where}${obj.apiVersion} ${obj.kind} is no longer served (removed in ${removal.removedIn}); use the current apiVersion or mark the example removedApi`,
      );
      continue;
    }
    if (removedApi) {
      if (!removal)
        messages.push(`${where}marked removedApi, but ${obj.apiVersion} ${obj.kind} is not a removed API`);
      continue;
    }
    const Model = await loadModel(obj.apiVersion, obj.kind);
    if (!Model) {
      messages.push(`${where}unknown apiVersion/kind ${obj.apiVersion} ${obj.kind}`);
      continue;
    }
    try {
      new Model(obj).validate();
    } catch (err) {
      messages.push(`${where}${obj.kind} does not validate: ${(err as Error).message.split('\n')[0]}`);
    }
  }
  return messages;
}

const PLACEHOLDER =
  /\b(?:todo|tbd|lorem ipsum|placeholder|fixme)\b|no hand-written description|手書きの解説はまだありません/i;

/**
 * Checks only the whole merged corpus can tell, each reported with the feature (or release, or API) it concerns:
 *  - every gate that reached GA belongs to exactly one feature, and when it is that feature's own gate the card's
 *    GA version is the gate's (unless a curated row says why not);
 *  - no living feature (its own gate beta or GA, or GA and then removed) is shown as removed;
 *  - no release or upgrade list names a feature twice;
 *  - no curated description is empty or a placeholder;
 *  - every API group/version the data mentions is classified (served, deprecated, removed) — never served by default.
 */
export function checkCorpusWide(corpus: Corpus): Problem[] {
  const problems: Problem[] = [];
  const at = (file: string, path: string, message: string) => problems.push({ file, path, message });
  const owners = new Map<string, Feature[]>();
  for (const f of corpus.features)
    for (const g of f.gates) owners.set(g.name, [...(owners.get(g.name) ?? []), f]);

  for (const gate of corpus.gates) {
    const ga = gate.stages.find((s) => s.stage === 'stable')?.fromVersion;
    if (!ga) continue;
    const list = owners.get(gate.name) ?? [];
    if (list.length !== 1) {
      at(
        `gate ${gate.name}`,
        'owners',
        `went GA in ${ga} and belongs to ${list.length} features (${list.map((f) => f.id).join(', ') || 'none'}); it must belong to exactly one`,
      );
      continue;
    }
    const f = list[0] as Feature;
    const own = f.gates.find((g) => g.name === gate.name);
    if (!own?.primary) continue;
    const rows = f.stages.filter((s) => s.stage === 'stable' && !s.appliesTo && !s.planned);
    const shown = rows[0];
    if (!shown && f.stages.every((s) => s.stage !== 'removed' || s.appliesTo))
      at(`feature ${f.id}`, 'stages', `its gate ${gate.name} went GA in ${ga}, but the card shows no GA`);
    else if (shown && shown.version !== ga && !shown.reason)
      at(
        `feature ${f.id}`,
        'stages',
        `the card says GA ${shown.version}; its gate ${gate.name} went GA in ${ga}`,
      );
  }

  for (const f of corpus.features) {
    const primary = f.gates.find((g) => g.primary);
    const record = primary ? corpus.gates.find((g) => g.name === primary.name) : undefined;
    if (!record) continue;
    const last = record.stages.at(-1)?.stage;
    const living =
      (!record.removed && (last === 'beta' || last === 'stable')) || (record.removed && last === 'stable');
    const removal = f.stages.find((s) => s.stage === 'removed' && !s.appliesTo && !s.planned);
    if (living && removal && !removal.reason)
      at(
        `feature ${f.id}`,
        'stages',
        `is shown as removed in ${removal.version}, but its own gate ${record.name} is ${record.removed ? 'GA and was only locked on and deleted' : `still ${last}`}`,
      );
    if (f.curated && f.summary && (PLACEHOLDER.test(f.summary.en) || PLACEHOLDER.test(f.summary.ja)))
      at(`feature ${f.id}`, 'summary', 'the description is a placeholder');
  }

  for (const r of corpus.releases) {
    const changes = changesIn(corpus, r.version, { planned: !r.released });
    for (const [list, items] of Object.entries(changes)) {
      if (!Array.isArray(items) || list.startsWith('api')) continue;
      const seen = new Set<string>();
      for (const c of items as Array<{ feature: Feature; scope?: string }>) {
        const key = `${c.feature.name.toLowerCase()}|${c.scope ?? ''}`;
        if (seen.has(key)) at(`release ${r.version}`, list, `lists ${c.feature.name} twice`);
        seen.add(key);
      }
    }
  }

  const catalog = apiCatalog(corpus);
  const mentioned = new Map<string, string>();
  const mention = (group: string, version: string, kind: string | undefined, where: string) => {
    if (kind) mentioned.set(`${group}/${version} ${kind}`, where);
  };
  for (const a of corpus.apiRemovals) {
    mention(a.group, a.version, a.kind, 'the API removal list');
    if (a.replacement)
      mention(
        a.replacement.group,
        a.replacement.version,
        a.replacement.kind ?? a.kind,
        `the replacement of ${a.kind}`,
      );
  }
  for (const f of corpus.features)
    for (const r of f.apiResources) mention(r.group, r.version, r.kind, `feature ${f.id}`);
  for (const [key, where] of mentioned) {
    const [gv, kind] = key.split(' ') as [string, string];
    const i = gv.lastIndexOf('/');
    if (!catalog.kind(gv.slice(0, i), gv.slice(i + 1), kind))
      at('API catalog', key, `is mentioned by ${where} but not classified as served, deprecated or removed`);
  }
  return problems;
}
