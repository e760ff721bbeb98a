/**
 * Keeps a running `serve` current: a sync on a schedule (default every 6 hours), run in a child process so
 * fetching and importing never block a request, then the new corpus and search index are built beside the ones
 * in use (the index in small slices) and swapped in with one reference. It also notices a bundle switched by
 * someone else (a manual `k8sbot sync`, another replica on the same volume) and loads it the same way.
 * A failed sync changes nothing but the warning: the bot keeps answering from the data it has.
 */
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { KnowledgeHolder } from '../../bot/knowledge.js';
import type { Logger } from '../../bot/logger.js';
import { currentBundleDir, type KnowledgePaths } from '../../knowledge/data-dir.js';
import { type Freshness, freshness } from '../../knowledge/freshness.js';
import { loadCorpus } from '../../knowledge/load.js';
import { precomputeInBackground } from '../../knowledge/precompute.js';
import { FeatureIndex } from '../../knowledge/search.js';
import { KnowledgeStore, type SyncState } from './store.js';

export interface RefresherOptions {
  holder: KnowledgeHolder;
  paths: KnowledgePaths;
  /** Between scheduled syncs; null turns syncing off (the bot still picks up bundles others switch to). */
  intervalMs: number | null;
  logger: Logger;
  /** Environment of the sync process (GITHUB_TOKEN, the GitHub URLs); K8SBOT_DATA_DIR is set from `paths`. */
  env?: Record<string, string | undefined>;
  /** How often to look for a bundle switched by another process. */
  pollMs?: number;
  /** Days without a successful sync before the data counts as old. */
  staleAfterDays?: number;
  clock?: () => Date;
  /** Runs one sync; the default runs `k8sbot sync --json` in a child process. */
  runSync?: () => Promise<ChildSyncResult>;
  /** Told the result of every sync this refresher runs (metrics). */
  onSync?: (ok: boolean) => void;
}

export interface ChildSyncResult {
  ok: boolean;
  changed?: boolean;
  error?: string;
}

export interface RefresherStatus extends Freshness {
  bundle: string | null;
  syncing: boolean;
  syncEnabled: boolean;
  lastAttemptAt: string | null;
  lastError: { at: string; message: string } | null;
}

export class KnowledgeRefresher {
  private timer: NodeJS.Timeout | undefined;
  private poller: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private child: ReturnType<typeof spawn> | undefined;
  private readonly store: KnowledgeStore;
  private readonly clock: () => Date;
  private stopped = false;
  private warnedStale = false;

  constructor(private readonly options: RefresherOptions) {
    this.store = new KnowledgeStore(options.paths);
    this.clock = options.clock ?? (() => new Date());
    const state = this.store.readState();
    if (state.lastSuccessAt) options.holder.confirm(state.lastSuccessAt);
  }

  /** Schedules the first sync (soon, when the last success is older than the interval) and the polling. */
  start(): void {
    const { intervalMs, pollMs = 30_000 } = this.options;
    this.poller = setInterval(() => void this.pickUpSwitchedBundle(), pollMs);
    this.poller.unref();
    this.warnIfStale();
    if (intervalMs === null) return;
    const last = this.store.readState().lastSuccessAt;
    const due = last ? Date.parse(last) + intervalMs - this.clock().getTime() : 0;
    this.schedule(Math.max(5_000, due));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    clearInterval(this.poller);
    this.child?.kill('SIGTERM');
    await this.running?.catch(() => {});
  }

  status(): RefresherStatus {
    const state: SyncState = this.store.readState();
    const k = this.options.holder.current;
    return {
      ...freshness(k.corpus, this.clock(), k.lastSyncAt, this.options.staleAfterDays),
      bundle: k.bundle ?? null,
      syncing: this.running !== undefined,
      syncEnabled: this.options.intervalMs !== null,
      lastAttemptAt: state.lastAttemptAt,
      lastError: state.lastError,
    };
  }

  /** Runs one sync now (or joins the one running) and swaps in what it produced. */
  refresh(): Promise<void> {
    this.running ??= this.syncAndSwap().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private schedule(delayMs: number): void {
    if (this.stopped || this.options.intervalMs === null) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      void this.refresh().finally(() => this.schedule(this.options.intervalMs ?? 0));
    }, delayMs);
    this.timer.unref();
  }

  private async syncAndSwap(): Promise<void> {
    const { logger } = this.options;
    const started = Date.now();
    const result = await (this.options.runSync ?? (() => this.runChildSync()))();
    this.options.onSync?.(result.ok);
    if (!result.ok) {
      logger.warn({ error: result.error }, 'knowledge sync failed; still answering from the data in use');
      this.warnIfStale();
      return;
    }
    const state = this.store.readState();
    const switched = await this.pickUpSwitchedBundle();
    if (!switched && state.lastSuccessAt) this.options.holder.confirm(state.lastSuccessAt);
    logger.info({ changed: result.changed ?? false, ms: Date.now() - started }, 'knowledge sync done');
    this.warnIfStale();
  }

  /** Loads the current bundle when it is not the one in use; true when it swapped. */
  async pickUpSwitchedBundle(): Promise<boolean> {
    const dir = currentBundleDir(this.options.paths);
    const holder = this.options.holder;
    if (!dir || dir === holder.current.bundle) return false;
    try {
      const corpus = loadCorpus({ bundleDir: dir });
      const index = await FeatureIndex.build(corpus, corpus.glossary);
      await precomputeInBackground(corpus);
      if (this.stopped) return false;
      const lastSyncAt = this.store.readState().lastSuccessAt ?? holder.current.lastSyncAt;
      holder.swap({ corpus, index, bundle: dir, lastSyncAt });
      this.warnedStale = false;
      this.options.logger.info(
        {
          bundle: dir.split(/[\\/]/).at(-1),
          dataAsOf: corpus.dataAsOf,
          newestRelease: corpus.newestReleased,
        },
        'answering from new knowledge',
      );
      return true;
    } catch (err) {
      this.options.logger.error(
        { err, bundle: dir },
        'the current knowledge bundle does not load; keeping the data in use',
      );
      return false;
    }
  }

  private warnIfStale(): void {
    const s = this.status();
    if (!s.stale || this.warnedStale) return;
    this.warnedStale = true;
    this.options.logger.warn(
      {
        dataAsOf: s.dataAsOf,
        lastSyncAt: s.lastSyncAt,
        ageDays: s.ageDays,
        overdueRelease: s.overdueRelease,
        lastError: s.lastError?.message,
      },
      'the knowledge data is out of date; cards say so until a sync succeeds',
    );
  }

  /** `k8sbot sync --json` in a child process: its own memory and event loop, killed on shutdown. */
  private runChildSync(): Promise<ChildSyncResult> {
    const here = fileURLToPath(import.meta.url);
    const fromSource = here.endsWith('.ts');
    const cli = join(dirname(here), '..', '..', 'bot', fromSource ? 'cli.ts' : 'cli.js');
    const args = [...(fromSource ? ['--import', 'tsx'] : []), cli, 'sync', '--json'];
    const dataDir = dirname(this.options.paths.root);
    return new Promise((resolve) => {
      const child = spawn(process.execPath, args, {
        env: { ...process.env, ...this.options.env, K8SBOT_DATA_DIR: dataDir },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      this.child = child;
      let out = '';
      let err = '';
      child.stdout?.on('data', (c: Buffer) => {
        out += c.toString('utf8');
      });
      child.stderr?.on('data', (c: Buffer) => {
        err += c.toString('utf8');
      });
      child.on('error', (e) => resolve({ ok: false, error: e.message }));
      child.on('close', (code) => {
        this.child = undefined;
        const last = out.trim().split('\n').at(-1) ?? '';
        try {
          const report = JSON.parse(last) as { ok: boolean; changed?: boolean; error?: string };
          resolve(
            report.ok
              ? { ok: true, changed: report.changed ?? false }
              : { ok: false, error: report.error ?? err.trim() },
          );
        } catch {
          resolve({
            ok: false,
            error: err.trim().split('\n').slice(-3).join(' ') || `sync exited with ${code}`,
          });
        }
      });
    });
  }
}
