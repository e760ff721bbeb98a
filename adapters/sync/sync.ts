/**
 * `k8sbot sync`: fetch the upstream files (or read a local tree with --from), import them, build and validate
 * the whole corpus, and only then switch the data folder to the new bundle. A failed, partial or invalid sync
 * never replaces good data: every failure happens before the switch and leaves the old bundle in place.
 */

import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { compareCorpora, type DataChanges } from '../../knowledge/data-changes.js';
import type { KnowledgePaths } from '../../knowledge/data-dir.js';
import { BUNDLE_FILES, importUpstream, serializeBundle } from '../../knowledge/import.js';
import { type Corpus, loadCorpus, readHistory, tryLoadCorpus } from '../../knowledge/load.js';
import { knowledgeDir } from '../../knowledge/paths.js';
import { formatProblems, type Problem } from '../../knowledge/problems.js';
import { BUNDLE_SNAPSHOT, projectStamp, writeSnapshot } from '../../knowledge/snapshot.js';
import { UpstreamFormatError } from '../../knowledge/upstream/report.js';
import { dirTree } from '../../knowledge/upstream/tree.js';
import { FetchError, GitHubClient, type GitHubOptions, type RequestCounts } from './github.js';
import { Mirror, type RepoUpdate } from './mirror.js';
import { KnowledgeStore } from './store.js';

export interface SyncOptions {
  paths: KnowledgePaths;
  /** Read this local tree (laid out like the repositories) instead of fetching. */
  from?: string | undefined;
  github?: GitHubOptions;
  now?: () => Date;
}

export const SyncReport = z.strictObject({
  ok: z.literal(true),
  /** false when upstream and the project's own history were unchanged: nothing was written. */
  changed: z.boolean(),
  bundle: z.string().nullable(),
  source: z.enum(['github', 'directory']),
  dataAsOf: z.string(),
  repositories: z.array(
    z.strictObject({ repo: z.string(), commit: z.string(), changed: z.boolean(), downloaded: z.number() }),
  ),
  changes: z.custom<DataChanges>(),
  skipped: z.number(),
  /** Problems between the new facts and the curated entries: logged, not fatal (the facts are still right). */
  warnings: z.array(z.string()),
  requests: z.strictObject({ api: z.number(), raw: z.number(), notModified: z.number() }).nullable(),
});
export type SyncReport = z.infer<typeof SyncReport>;

/** A sync that did not complete; the current data was kept. */
export class SyncError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SyncError';
  }
}

/** Fingerprint of the inputs besides upstream (the cited history and corrections), so a project upgrade re-imports. */
function historyStamp(): string {
  const hash = createHash('sha256');
  for (const name of ['releases.yaml', 'api-corrections.yaml'])
    hash.update(readFileSync(join(knowledgeDir, 'history', name)));
  return hash.digest('hex').slice(0, 16);
}

const BundleInfo = z.strictObject({ createdAt: z.string(), historyStamp: z.string(), from: z.string() });

export async function runSync(options: SyncOptions): Promise<SyncReport> {
  const store = new KnowledgeStore(options.paths);
  const now = options.now ?? (() => new Date());
  return store.withLock(async () => {
    const state = store.readState();
    const startedAt = now();
    state.lastAttemptAt = startedAt.toISOString();
    try {
      const report = await syncLocked(store, options, startedAt);
      state.lastSuccessAt = now().toISOString();
      if (report.changed) state.lastChangeAt = state.lastSuccessAt;
      state.lastError = null;
      store.writeState(state);
      return report;
    } catch (err) {
      const message = reason(err);
      state.lastError = { at: now().toISOString(), message };
      store.writeState(state);
      throw new SyncError(message);
    }
  });
}

function reason(err: unknown): string {
  if (err instanceof FetchError || err instanceof UpstreamFormatError || err instanceof SyncError)
    return err.message;
  if (err instanceof z.ZodError)
    return `the imported facts do not match the schema: ${err.issues
      .slice(0, 3)
      .map((i) => `${i.path.join('.')}: ${i.message}`)
      .join('; ')}`;
  return (err as Error)?.message ?? String(err);
}

async function syncLocked(store: KnowledgeStore, options: SyncOptions, startedAt: Date): Promise<SyncReport> {
  let client: GitHubClient | undefined;
  let updates: RepoUpdate[] = [];
  let treeDir: string;
  if (options.from) {
    treeDir = options.from;
  } else {
    client = new GitHubClient(options.github);
    const mirror = new Mirror(options.paths.mirror);
    updates = await mirror.update(client);
    treeDir = mirror.dir;
  }

  const problems: Problem[] = [];
  const history = readHistory(knowledgeDir, problems);
  if (!history)
    throw new SyncError(`the project's cited history does not load:\n${formatProblems(problems)}`);
  const stamp = historyStamp();
  const currentDir = store.current();
  const currentInfo = currentDir ? readInfo(currentDir) : undefined;
  const upstreamUnchanged = !options.from && updates.every((u) => !u.changed);
  const counts = client ? { ...client.counts } : null;
  if (currentDir && upstreamUnchanged && currentInfo?.historyStamp === stamp) {
    const corpus = loadCorpus({ bundleDir: currentDir });
    return unchanged(currentDir, corpus, updates, counts);
  }

  const { bundle, skipped } = importUpstream(dirTree(treeDir), {
    releases: history.releases,
    apiCorrections: history.apiCorrections,
  });
  const files = serializeBundle(bundle);
  if (currentDir && BUNDLE_FILES.every((name) => sameFile(join(currentDir, name), files[name]))) {
    return unchanged(currentDir, loadCorpus({ bundleDir: currentDir }), updates, counts);
  }

  const staging = store.stage();
  try {
    for (const name of BUNDLE_FILES) writeFileSync(join(staging, name), files[name]);
    const loaded = tryLoadCorpus({ bundleDir: staging });
    const fatal = loaded.problems.filter((p) => p.file.includes(staging) || p.file.includes('.staging-'));
    if (!loaded.corpus || fatal.length > 0)
      throw new SyncError(
        `the new data does not load:\n${formatProblems(fatal.length > 0 ? fatal : loaded.problems)}`,
      );
    const corpus = loaded.corpus;
    writeSnapshot(corpus, join(staging, BUNDLE_SNAPSHOT), projectStamp());
    const info = {
      createdAt: startedAt.toISOString(),
      historyStamp: stamp,
      from: options.from ? 'directory' : 'github',
    };
    writeFileSync(join(staging, 'bundle.json'), `${JSON.stringify(info, null, 1)}\n`);
    // Compared with what the bot answered from until now: the current bundle, or the baseline before any sync.
    const before = currentDir ? safeLoad(currentDir) : safeBaseline();
    const id = bundleId(startedAt, files['meta.json'] + files['keps.json'] + files['feature-gates.json']);
    store.publish(staging, id, startedAt);
    return {
      ok: true,
      changed: true,
      bundle: id,
      source: options.from ? 'directory' : 'github',
      dataAsOf: corpus.dataAsOf,
      repositories: repositories(corpus, updates),
      changes: compareCorpora(before, corpus),
      skipped: skipped.length,
      warnings: loaded.problems.map((p) => `${p.file}${p.path ? ` ${p.path}` : ''}: ${p.message}`),
      requests: counts && client ? { ...client.counts } : null,
    };
  } catch (err) {
    store.discard(staging);
    throw err;
  }
}

function unchanged(
  dir: string,
  corpus: Corpus,
  updates: RepoUpdate[],
  counts: RequestCounts | null,
): SyncReport {
  return {
    ok: true,
    changed: false,
    bundle: dir.split(/[\\/]/).at(-1) ?? null,
    source: updates.length > 0 ? 'github' : 'directory',
    dataAsOf: corpus.dataAsOf,
    repositories: repositories(corpus, updates),
    changes: compareCorpora(corpus, corpus),
    skipped: 0,
    warnings: [],
    requests: counts,
  };
}

function repositories(corpus: Corpus, updates: RepoUpdate[]): SyncReport['repositories'] {
  return corpus.sources.map((s) => {
    const u = updates.find((x) => x.repo === s.repository);
    return {
      repo: s.repository,
      commit: s.commit,
      changed: u?.changed ?? false,
      downloaded: u?.downloaded ?? 0,
    };
  });
}

function readInfo(dir: string): z.infer<typeof BundleInfo> | undefined {
  try {
    return BundleInfo.parse(JSON.parse(readFileSync(join(dir, 'bundle.json'), 'utf8')));
  } catch {
    return undefined;
  }
}

function sameFile(path: string, text: string): boolean {
  try {
    return readFileSync(path, 'utf8') === text;
  } catch {
    return false;
  }
}

function safeBaseline(): Corpus | undefined {
  try {
    return loadCorpus();
  } catch {
    return undefined;
  }
}

function safeLoad(dir: string): Corpus | undefined {
  try {
    return loadCorpus({ bundleDir: dir });
  } catch {
    return undefined;
  }
}

/** "20261204T101500Z-3f2a9c1b": sortable by time, unique by content. */
function bundleId(at: Date, content: string): string {
  const time = at
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  return `${time}-${createHash('sha256').update(content).digest('hex').slice(0, 8)}`;
}
