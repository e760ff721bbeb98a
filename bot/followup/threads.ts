/**
 * Where a thread's context lives: the port the core needs (the adapters' Store implements it on SQLite and
 * PostgreSQL, so any replica can answer a follow-up) and a small in-memory LRU for a bot without a store.
 */
import { z } from 'zod';
import { Platform } from '../digest/store.js';

export const ThreadKey = z.strictObject({
  platform: Platform,
  /** Slack team id, Discord guild id, or '' when there is none. */
  workspaceId: z.string(),
  channelId: z.string().min(1),
  /** Slack thread_ts, Discord thread or message id. */
  threadId: z.string().min(1),
});
export type ThreadKey = z.infer<typeof ThreadKey>;

/** What the core needs from storage for follow-ups. Every call may be slow or fail; callers bound it. */
export interface ThreadContextStore {
  /** The value stored for the thread, unless it expired by `now`. */
  getThreadContext(key: ThreadKey, now: Date): Promise<{ value: unknown } | undefined>;
  /** Stores a small JSON value until now + ttlMs (replacing the thread's previous one). */
  putThreadContext(key: ThreadKey, value: unknown, ttlMs: number, now: Date): Promise<unknown>;
}

/** How long a thread's context is kept after the bot's last answer in it. */
export const THREAD_CONTEXT_TTL_MS = 24 * 60 * 60 * 1000;
/** Threads the in-memory fallback keeps; the least recently used goes first. */
export const MEMORY_THREADS = 2000;

function keyString(key: ThreadKey): string {
  return JSON.stringify([key.platform, key.workspaceId, key.channelId, key.threadId]);
}

/** The fallback when there is no store: one process's threads, bounded in number and expiring. */
export class MemoryThreadContexts implements ThreadContextStore {
  private readonly entries = new Map<string, { value: unknown; expiresAt: number }>();

  constructor(private readonly capacity = MEMORY_THREADS) {}

  get size(): number {
    return this.entries.size;
  }

  async getThreadContext(key: ThreadKey, now: Date): Promise<{ value: unknown } | undefined> {
    const k = keyString(key);
    const entry = this.entries.get(k);
    if (!entry) return undefined;
    this.entries.delete(k);
    if (entry.expiresAt <= now.getTime()) return undefined;
    this.entries.set(k, entry);
    return { value: entry.value };
  }

  async putThreadContext(key: ThreadKey, value: unknown, ttlMs: number, now: Date): Promise<void> {
    const k = keyString(key);
    this.entries.delete(k);
    this.entries.set(k, { value, expiresAt: now.getTime() + ttlMs });
    for (const oldest of this.entries.keys()) {
      if (this.entries.size <= this.capacity) break;
      this.entries.delete(oldest);
    }
  }
}
