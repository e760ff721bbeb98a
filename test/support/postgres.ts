/** A PostgreSQL schema of its own for one test file (or one test), so files can run in parallel. */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';

export interface TestSchema {
  /** DATABASE_URL whose connections work in the schema (search_path). */
  url: string;
  name: string;
  drop(): Promise<void>;
}

async function admin<T>(base: string, run: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: base });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

export async function createTestSchema(label: string): Promise<TestSchema> {
  const base = inject('postgresUrl');
  const name = `t_${label.replace(/\W+/g, '_').toLowerCase()}_${randomBytes(4).toString('hex')}`;
  await admin(base, (c) => c.query(`CREATE SCHEMA "${name}"`));
  const url = new URL(base);
  url.searchParams.set('options', `-c search_path=${name}`);
  return {
    url: url.toString(),
    name,
    drop: () => admin(base, (c) => c.query(`DROP SCHEMA "${name}" CASCADE`)).then(() => undefined),
  };
}
