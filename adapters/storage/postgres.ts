/**
 * PostgreSQL (node-postgres pool) for any number of replicas. Tables live in the connection's current schema
 * (set `options=-c search_path=…` in DATABASE_URL to use another one); migrations run under Kysely's advisory
 * lock, so replicas that start together migrate once.
 */
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { KyselyStore } from './kysely-store.js';
import type { Database } from './tables.js';

export interface PostgresStoreOptions {
  /** Connections per process (default 10). */
  poolSize?: number;
  /** Server-side bound on one statement (default 15 s). */
  statementTimeoutMs?: number;
  /** Called with errors of idle pooled connections (a restart of the server, say). */
  onPoolError?: (err: Error) => void;
}

export async function openPostgresStore(
  url: string,
  options: PostgresStoreOptions = {},
): Promise<KyselyStore> {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize ?? 10,
    statement_timeout: options.statementTimeoutMs ?? 15_000,
    idle_in_transaction_session_timeout: 30_000,
    connectionTimeoutMillis: 5_000,
    application_name: 'k8s-feature-bot',
  });
  pool.on('error', (err) => options.onPoolError?.(err));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  try {
    const { rows } = await sql<{ schema: string | null }>`SELECT current_schema() AS schema`.execute(db);
    const schema = rows[0]?.schema;
    if (!schema) throw new Error('the connection has no current schema (does the search_path schema exist?)');
    const store = new KyselyStore(db, { dialect: 'postgres', schema });
    await store.migrate();
    return store;
  } catch (err) {
    await db.destroy();
    throw err;
  }
}
