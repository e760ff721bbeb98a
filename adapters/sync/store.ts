/**
 * The data folder a sync writes (K8SBOT_DATA_DIR/knowledge): complete bundles, the pointer to the current one,
 * the sync's state, and the lock that keeps two syncs from writing at once.
 *
 * A bundle is written into a staging folder, checked, then renamed into bundles/; only then is current.json
 * replaced, with a rename of a fully written file. A reader therefore sees the old bundle or the new one, never
 * half of one, and a failed sync leaves the old pointer and the old bundle untouched.
 */
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import lockfile from 'proper-lockfile';
import { z } from 'zod';
import { type CurrentPointer, currentBundleDir, type KnowledgePaths } from '../../knowledge/data-dir.js';

export const SyncState = z.strictObject({
  lastAttemptAt: z.string().nullable(),
  lastSuccessAt: z.string().nullable(),
  lastChangeAt: z.string().nullable(),
  lastError: z.strictObject({ at: z.string(), message: z.string() }).nullable(),
});
export type SyncState = z.infer<typeof SyncState>;

const EMPTY_STATE: SyncState = {
  lastAttemptAt: null,
  lastSuccessAt: null,
  lastChangeAt: null,
  lastError: null,
};
/** Bundles kept besides the current one, so an operator can point back at the previous data by hand. */
const KEEP_PREVIOUS = 2;

export class KnowledgeStore {
  constructor(readonly paths: KnowledgePaths) {}

  current(): string | undefined {
    return currentBundleDir(this.paths);
  }

  readState(): SyncState {
    try {
      return SyncState.parse(JSON.parse(readFileSync(this.paths.state, 'utf8')));
    } catch {
      return { ...EMPTY_STATE };
    }
  }

  writeState(state: SyncState): void {
    this.atomicWrite(this.paths.state, `${JSON.stringify(state, null, 1)}\n`);
  }

  /**
   * Holds the sync lock while `work` runs. A second sync waits for the first (up to `waitMs`) rather than writing
   * beside it; a lock left by a process that died is taken over after `staleMs`.
   */
  async withLock<T>(work: () => Promise<T>, waitMs = 120_000, staleMs = 10 * 60_000): Promise<T> {
    mkdirSync(this.paths.root, { recursive: true });
    const release = await lockfile.lock(this.paths.root, {
      lockfilePath: join(this.paths.root, 'sync.lock'),
      stale: staleMs,
      retries: {
        retries: Math.max(1, Math.ceil(waitMs / 1000)),
        minTimeout: 1000,
        maxTimeout: 1000,
        factor: 1,
      },
    });
    try {
      return await work();
    } finally {
      await release().catch(() => {});
    }
  }

  /** A new, empty staging folder for a bundle being built. */
  stage(): string {
    mkdirSync(this.paths.bundles, { recursive: true });
    return mkdtempSync(join(this.paths.bundles, '.staging-'));
  }

  discard(staging: string): void {
    rmSync(staging, { recursive: true, force: true });
  }

  /** Moves a checked staging folder into place under `id` and points current.json at it. */
  publish(staging: string, id: string, at: Date): string {
    const dir = join(this.paths.bundles, id);
    renameSync(staging, dir);
    const pointer: CurrentPointer = { bundle: id, switchedAt: at.toISOString() };
    this.atomicWrite(this.paths.current, `${JSON.stringify(pointer)}\n`);
    this.prune(id);
    return dir;
  }

  private prune(current: string): void {
    const bundles = readdirSync(this.paths.bundles, { withFileTypes: true })
      .filter((e) => e.isDirectory() && !e.name.startsWith('.') && e.name !== current)
      .map((e) => e.name)
      .sort()
      .reverse();
    for (const old of bundles.slice(KEEP_PREVIOUS))
      rmSync(join(this.paths.bundles, old), { recursive: true, force: true });
    // Staging folders of syncs that died are removed once nobody can be writing them (we hold the lock).
    for (const e of readdirSync(this.paths.bundles, { withFileTypes: true }))
      if (e.name.startsWith('.staging-'))
        rmSync(join(this.paths.bundles, e.name), { recursive: true, force: true });
  }

  private atomicWrite(file: string, text: string): void {
    mkdirSync(this.paths.root, { recursive: true });
    const tmp = `${file}.tmp-${process.pid}-${Date.now()}`;
    writeFileSync(tmp, text);
    renameSync(tmp, file);
  }
}
