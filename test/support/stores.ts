/** The two store implementations, opened the same way, so one suite runs against both. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KyselyStore } from '../../adapters/storage/kysely-store.js';
import { openPostgresStore } from '../../adapters/storage/postgres.js';
import { openSqliteStore } from '../../adapters/storage/sqlite.js';
import { createTestSchema } from './postgres.js';

export interface StoreTarget {
  /** DATABASE_URL for PostgreSQL, or the SQLite file path. */
  location: string;
  open(): Promise<KyselyStore>;
  cleanup(): Promise<void>;
}

export type StoreKind = 'sqlite' | 'postgres';
export const STORE_KINDS: StoreKind[] = ['sqlite', 'postgres'];

/** A fresh, empty database of the given kind: a temporary SQLite file or a new PostgreSQL schema. */
export async function storeTarget(kind: StoreKind, label: string): Promise<StoreTarget> {
  if (kind === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), `k8sbot-${label}-`));
    const file = join(dir, 'k8sbot.sqlite');
    return {
      location: file,
      open: () => openSqliteStore(file),
      cleanup: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  const schema = await createTestSchema(label);
  return {
    location: schema.url,
    open: () => openPostgresStore(schema.url, { poolSize: 4 }),
    cleanup: () => schema.drop(),
  };
}
