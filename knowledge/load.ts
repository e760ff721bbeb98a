/**
 * Reads the facts bundle (knowledge/generated/*.json, or a synced bundle), the cited history
 * (knowledge/history/*.yaml) and the curated YAML files, validates all of it and merges it into a Corpus.
 * Collects every problem (file, path, message) before failing, so one run shows everything to fix.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { currentBundleDir, type KnowledgePaths, knowledgePaths } from './data-dir.js';
import { mergeFeatures } from './merge.js';
import { knowledgeDir, projectRoot } from './paths.js';
import { CorpusError, type Problem, zodProblems } from './problems.js';
import {
  type ApiCorrection,
  ApiCorrectionsFile,
  type ApiRemoval,
  type ClusterSizeLimit,
  type CoreFeatureRecord,
  CoreHistoryFile,
  CuratedFeatureFile,
  CuratedReleaseFile,
  type Feature,
  type GateRecord,
  GeneratedApiRemovals,
  GeneratedGates,
  GeneratedKeps,
  GeneratedMeta,
  GeneratedReleases,
  GlossaryFile,
  type KepRecord,
  type Release,
  ReleasesHistoryFile,
  type RenameRecord,
  RenamesHistoryFile,
  type SourceRef,
} from './schema.js';
import { BUNDLE_SNAPSHOT, projectStamp, readSnapshot } from './snapshot.js';

export interface Corpus {
  features: Feature[];
  featureById: Map<string, Feature>;
  /** Ids of records merged into another feature → that feature's id. */
  redirects: Map<string, string>;
  releases: Release[];
  releaseByVersion: Map<string, Release>;
  apiRemovals: ApiRemoval[];
  renames: RenameRecord[];
  keps: KepRecord[];
  gates: GateRecord[];
  core: CoreFeatureRecord[];
  clusterSizeLimits: ClusterSizeLimit[];
  currentMaxNodes: number;
  /** Japanese words → English search terms (knowledge/glossary.yaml). */
  glossary: Record<string, string>;
  /** The newest commit date among the upstream sources: how current the facts are. */
  dataAsOf: string;
  sources: z.infer<typeof SourceRef>[];
  newestReleased: string;
  curatedFiles: { features: string[]; releases: string[] };
}

export interface LoadOptions {
  /** Root of the knowledge tree (tests point it at fixtures). */
  dir?: string;
  /** Folder of the facts bundle (a synced one); default `<dir>/generated`, the baseline shipped with the project. */
  bundleDir?: string;
}

export interface CuratedFile<T> {
  file: string;
  entry: T;
}

function display(path: string): string {
  return relative(projectRoot, path) || path;
}

function readJson<S extends z.ZodType>(file: string, schema: S, problems: Problem[]): z.infer<S> | undefined {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    problems.push({ file: display(file), path: '', message: `cannot read: ${(err as Error).message}` });
    return undefined;
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    problems.push(...zodProblems(display(file), parsed.error));
    return undefined;
  }
  return parsed.data;
}

/** Reads every *.yaml file in a folder and validates it; the file name (without .yaml) must equal `key`. */
export function readCuratedDir<S extends z.ZodType>(
  dir: string,
  schema: S,
  key: (entry: z.infer<S>) => string,
  problems: Problem[],
): CuratedFile<z.infer<S>>[] {
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => n.endsWith('.yaml') && !n.startsWith('_'));
  } catch {
    return [];
  }
  const out: CuratedFile<z.infer<S>>[] = [];
  for (const name of names.sort()) {
    const path = join(dir, name);
    const file = display(path);
    let raw: unknown;
    try {
      raw = parseYaml(readFileSync(path, 'utf8'), { prettyErrors: true, uniqueKeys: true });
    } catch (err) {
      problems.push({ file, path: '', message: `not valid YAML: ${(err as Error).message.split('\n')[0]}` });
      continue;
    }
    const parsed = schema.safeParse(raw);
    if (!parsed.success) {
      problems.push(...zodProblems(file, parsed.error));
      continue;
    }
    const expected = basename(name, '.yaml');
    if (key(parsed.data) !== expected) {
      problems.push({
        file,
        path: 'id',
        message: `the file must be named ${key(parsed.data)}.yaml (file name == id)`,
      });
      continue;
    }
    out.push({ file, entry: parsed.data });
  }
  return out;
}

function readYaml<S extends z.ZodType>(path: string, schema: S, problems: Problem[]): z.infer<S> | undefined {
  let raw: unknown;
  try {
    raw = parseYaml(readFileSync(path, 'utf8'), { uniqueKeys: true });
  } catch (err) {
    problems.push({
      file: display(path),
      path: '',
      message: `cannot read: ${(err as Error).message.split('\n')[0]}`,
    });
    return undefined;
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    problems.push(...zodProblems(display(path), parsed.error));
    return undefined;
  }
  return parsed.data;
}

/** The cited history no upstream file holds (knowledge/history/*.yaml). */
export interface History {
  core: z.infer<typeof CoreHistoryFile>;
  renames: RenameRecord[];
  releases: z.infer<typeof ReleasesHistoryFile>;
  apiCorrections: ApiCorrection[];
}

export function readHistory(dir: string, problems: Problem[]): History | undefined {
  const file = (name: string) => join(dir, 'history', name);
  const core = readYaml(file('core-features.yaml'), CoreHistoryFile, problems);
  const renames = readYaml(file('renames.yaml'), RenamesHistoryFile, problems);
  const releases = readYaml(file('releases.yaml'), ReleasesHistoryFile, problems);
  const corrections = readYaml(file('api-corrections.yaml'), ApiCorrectionsFile, problems);
  if (!core || !renames || !releases || !corrections) return undefined;
  return { core, renames: renames.renames, releases, apiCorrections: corrections.corrections };
}

function readGlossary(path: string, problems: Problem[]): Record<string, string> {
  let raw: unknown;
  try {
    raw = parseYaml(readFileSync(path, 'utf8'), { uniqueKeys: true });
  } catch (err) {
    const missing = (err as NodeJS.ErrnoException).code === 'ENOENT';
    if (!missing)
      problems.push({
        file: display(path),
        path: '',
        message: `not valid YAML: ${(err as Error).message.split('\n')[0]}`,
      });
    return {};
  }
  const parsed = GlossaryFile.safeParse(raw);
  if (!parsed.success) {
    problems.push(...zodProblems(display(path), parsed.error));
    return {};
  }
  return parsed.data.ja;
}

export interface LoadResult {
  corpus: Corpus | undefined;
  problems: Problem[];
  curatedFeatures: CuratedFile<CuratedFeatureFile>[];
  curatedReleases: CuratedFile<CuratedReleaseFile>[];
}

/** Loads everything and returns the problems instead of throwing. */
export function tryLoadCorpus(options: LoadOptions = {}): LoadResult {
  const dir = options.dir ?? knowledgeDir;
  const problems: Problem[] = [];
  const gen = (name: string) => join(options.bundleDir ?? join(dir, 'generated'), name);
  const keps = readJson(gen('keps.json'), GeneratedKeps, problems);
  const gates = readJson(gen('feature-gates.json'), GeneratedGates, problems);
  const releases = readJson(gen('releases.json'), GeneratedReleases, problems);
  const apiRemovals = readJson(gen('api-removals.json'), GeneratedApiRemovals, problems);
  const meta = readJson(gen('meta.json'), GeneratedMeta, problems);
  const history = readHistory(dir, problems);
  const glossary = readGlossary(join(dir, 'glossary.yaml'), problems);
  const curatedFeatures = readCuratedDir(join(dir, 'features'), CuratedFeatureFile, (e) => e.id, problems);
  const curatedReleases = readCuratedDir(
    join(dir, 'releases'),
    CuratedReleaseFile,
    (e) => e.version,
    problems,
  );

  if (!keps || !gates || !releases || !apiRemovals || !meta || !history) {
    return { corpus: undefined, problems, curatedFeatures, curatedReleases };
  }
  const core = history.core;

  const merged = mergeFeatures(
    {
      keps: keps.keps,
      gates: gates.featureGates,
      core: core.features,
      renames: history.renames,
      newestReleased: releases.newestReleased,
    },
    curatedFeatures,
  );
  problems.push(...merged.problems);

  const releaseNotes = new Map(curatedReleases.map((r) => [r.entry.version, r]));
  for (const r of curatedReleases) {
    if (!releases.releases.some((x) => x.version === r.entry.version)) {
      problems.push({
        file: r.file,
        path: 'version',
        message: `no release ${r.entry.version} in releases.json`,
      });
    }
  }
  const mergedReleases: Release[] = releases.releases.map((r) => {
    const notes = releaseNotes.get(r.version)?.entry;
    return { ...r, summary: notes?.summary ?? null, highlights: notes?.highlights ?? [] };
  });

  const corpus: Corpus = {
    features: merged.features,
    featureById: new Map(merged.features.map((f) => [f.id, f])),
    redirects: merged.redirects,
    releases: mergedReleases,
    releaseByVersion: new Map(mergedReleases.map((r) => [r.version, r])),
    apiRemovals: apiRemovals.apiRemovals,
    renames: history.renames,
    keps: keps.keps,
    gates: gates.featureGates,
    core: core.features,
    clusterSizeLimits: core.clusterSizeLimits,
    currentMaxNodes: core.currentMaxNodes.maxNodes,
    glossary,
    dataAsOf: meta.dataAsOf,
    sources: meta.sources,
    newestReleased: releases.newestReleased,
    curatedFiles: {
      features: curatedFeatures.map((c) => c.file),
      releases: curatedReleases.map((c) => c.file),
    },
  };
  return { corpus, problems, curatedFeatures, curatedReleases };
}

/** Loads and validates the corpus from its source files, or throws a CorpusError that lists every problem. */
export function loadCorpusFromSources(options: LoadOptions = {}): Corpus {
  const { corpus, problems } = tryLoadCorpus(options);
  if (problems.length > 0 || !corpus) throw new CorpusError(problems);
  return corpus;
}

/**
 * The corpus for the bot: the build-time snapshot when it is current (fast start-up), else the sources.
 * A custom `dir` always reads sources. With `bundleDir`, the bundle's own snapshot when it matches this project.
 */
export function loadCorpus(options: LoadOptions = {}): Corpus {
  if (options.dir === undefined && options.bundleDir !== undefined)
    return (
      readSnapshot(join(options.bundleDir, BUNDLE_SNAPSHOT), projectStamp()) ?? loadCorpusFromSources(options)
    );
  const baseline = options.dir === undefined && options.bundleDir === undefined;
  return (baseline ? readSnapshot() : undefined) ?? loadCorpusFromSources(options);
}

/** Where the corpus came from: the baseline shipped with the project, or a synced bundle. */
export interface LoadedKnowledge {
  corpus: Corpus;
  /** The bundle folder, when a synced bundle is in use. */
  bundleDir?: string;
  /** Why the current synced bundle could not be used (then the baseline is used). */
  problem?: string;
}

/**
 * The corpus from the current synced bundle in the data folder (K8SBOT_DATA_DIR), or the baseline when no sync
 * has completed. A bundle that no longer loads (a damaged disk, an incompatible upgrade) falls back to the baseline
 * and says why, so the bot always starts with good data.
 */
export function loadKnowledge(paths: KnowledgePaths = knowledgePaths()): LoadedKnowledge {
  const bundleDir = currentBundleDir(paths);
  if (bundleDir) {
    try {
      return { corpus: loadCorpus({ bundleDir }), bundleDir };
    } catch (err) {
      return {
        corpus: loadCorpus(),
        problem: `the synced bundle ${bundleDir} does not load: ${(err as Error).message.split('\n')[0]}`,
      };
    }
  }
  return { corpus: loadCorpus() };
}

/** Resolves a feature id, following redirects from merged records (kep-3140 → cronjob-timezone). */
export function featureByIdOrRedirect(corpus: Corpus, id: string): Feature | undefined {
  return corpus.featureById.get(id) ?? corpus.featureById.get(corpus.redirects.get(id) ?? '');
}
