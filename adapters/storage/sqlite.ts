/**
 * The embedded default: one SQLite file (better-sqlite3) in WAL mode. better-sqlite3 is synchronous, so the
 * busy timeout is 0 and a write that meets another process's lock is retried asynchronously with a short
 * jittered sleep: the event loop (and every answer) never waits on a database lock.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import BetterSqlite3 from 'better-sqlite3';
import {
  type DialectAdapter,
  Kysely,
  type MigrationLockOptions,
  SqliteAdapter,
  SqliteDialect,
  sql,
} from 'kysely';
import { KyselyStore } from './kysely-store.js';
import type { Database } from './tables.js';

/** How long one operation keeps retrying while another process holds the write lock. */
export const SQLITE_BUSY_DEADLINE_MS = 10_000;

const isBusy = (err: unknown): boolean =>
  typeof (err as { code?: unknown })?.code === 'string' &&
  /^SQLITE_(BUSY|LOCKED)/.test((err as { code: string }).code);

/** Runs `operation`, retrying while SQLite reports the database busy, until the deadline. */
export function retryWhileBusy(deadlineMs = SQLITE_BUSY_DEADLINE_MS) {
  return async <T>(operation: () => Promise<T>): Promise<T> => {
    const deadline = Date.now() + deadlineMs;
    for (let attempt = 0; ; attempt++) {
      try {
        return await operation();
      } catch (err) {
        if (!isBusy(err) || Date.now() >= deadline) throw err;
        await sleep(Math.min(50, 2 ** attempt) + Math.random() * 5);
      }
    }
  };
}

/**
 * Kysely's SQLite adapter takes no migration lock (it assumes one process). This one runs migrations in a
 * transaction whose first statement writes the lock row: it holds SQLite's write lock, so a second process
 * gets SQLITE_BUSY, rolls back and retries (retryWhileBusy), then finds the migrations done.
 */
class MigrationLockingAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true;
  }

  override async acquireMigrationLock(db: Kysely<unknown>, options: MigrationLockOptions): Promise<void> {
    // Writing the row takes the write lock for the rest of the transaction; the value itself is never read.
    const table = sql.table(options.lockTable);
    await sql`UPDATE ${table} SET is_locked = is_locked WHERE id = ${options.lockRowId}`.execute(db);
  }

  override async releaseMigrationLock(): Promise<void> {
    // Commit or rollback of the migration transaction releases the write lock.
  }
}

class LockingSqliteDialect extends SqliteDialect {
  override createAdapter(): DialectAdapter {
    return new MigrationLockingAdapter();
  }
}

export interface SqliteStoreOptions {
  busyDeadlineMs?: number;
}

export async function openSqliteStore(path: string, options: SqliteStoreOptions = {}): Promise<KyselyStore> {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const guard = retryWhileBusy(options.busyDeadlineMs);
  const database = new BetterSqlite3(path);
  database.pragma('busy_timeout = 0');
  await guard(async () => database.pragma('journal_mode = WAL'));
  database.pragma('synchronous = NORMAL');
  // Sorts and temporary tables stay in memory: nothing is written outside the database's own folder (the image
  // runs with a read-only root filesystem).
  database.pragma('temp_store = MEMORY');
  const db = new Kysely<Database>({ dialect: new LockingSqliteDialect({ database }) });
  const store = new KyselyStore(db, { dialect: 'sqlite', guard });
  try {
    await store.migrate();
  } catch (err) {
    await store.close();
    throw err;
  }
  return store;
}
