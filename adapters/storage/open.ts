/**
 * Opens the configured store: PostgreSQL when DATABASE_URL is set, otherwise the SQLite file. Only the driver in
 * use is loaded.
 */
import type { Logger } from '../../bot/logger.js';
import type { Store } from './port.js';

export interface StoreConfig {
  /** postgres://… or postgresql://… */
  databaseUrl?: string | undefined;
  /** The SQLite file used when there is no databaseUrl. */
  sqlitePath: string;
}

export async function openStore(config: StoreConfig, logger?: Logger): Promise<Store> {
  if (config.databaseUrl) {
    const { openPostgresStore } = await import('./postgres.js');
    const store = await openPostgresStore(config.databaseUrl, {
      onPoolError: (err) => logger?.warn({ err: err.message }, 'postgres connection error'),
    });
    logger?.info({ store: 'postgres', migrations: (await store.migrations()).length }, 'store ready');
    return store;
  }
  const { openSqliteStore } = await import('./sqlite.js');
  const store = await openSqliteStore(config.sqlitePath);
  logger?.info({ store: 'sqlite', migrations: (await store.migrations()).length }, 'store ready');
  return store;
}
