/**
 * Digest and storage numbers for `npm run bench`:
 *   - fan-out: 1,000 subscribed Slack channels delivered by 3 replica processes on one database (PostgreSQL, and
 *     the SQLite file for comparison) against the local fake Slack API, from "go" to the last digest received;
 *   - answer latency while another process holds the store's write lock, beside the same answers with the
 *     store idle, and how long a digest command takes to say the store is unavailable.
 * PostgreSQL: BENCH_DATABASE_URL, TEST_DATABASE_URL or DATABASE_URL; otherwise a throwaway server.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import type { KyselyStore } from '../adapters/storage/kysely-store.js';
import { openPostgresStore } from '../adapters/storage/postgres.js';
import { openSqliteStore } from '../adapters/storage/sqlite.js';
import { Bot } from '../bot/bot.js';
import { type ChannelContext, DigestService } from '../bot/digest/commands.js';
import type { Corpus } from '../knowledge/load.js';
import { projectRoot } from '../knowledge/paths.js';
import type { FeatureIndex } from '../knowledge/search.js';
import { fakeSlack } from '../test/fakes/http-fake.js';
import { subscriptionInput } from '../test/fakes/subscriptions.js';
import type { WorkerSpec } from '../test/fixtures/scheduler-worker.js';
import { startThrowawayPostgres } from '../test/support/embedded-postgres.js';

const CHANNELS = 1_000;
const REPLICAS = 3;
const MONDAY = '2026-11-23T09:05:00Z';

function stats(samples: number[]): string {
  const s = [...samples].sort((a, b) => a - b);
  const at = (p: number) => s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? 0;
  return `p50 ${at(50).toFixed(2)} ms · p99 ${at(99).toFixed(2)} ms · max ${(s.at(-1) ?? 0).toFixed(2)} ms`;
}

async function withPostgres<T>(run: (url: string) => Promise<T>): Promise<T> {
  const given = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;
  const server = given ? undefined : await startThrowawayPostgres();
  const base = given ?? (server?.url as string);
  const schema = `bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  const url = new URL(base);
  url.searchParams.set('options', `-c search_path=${schema}`);
  try {
    return await run(url.toString());
  } finally {
    await admin.query(`DROP SCHEMA ${schema} CASCADE`);
    await admin.end();
    await server?.stop();
  }
}

/** Seconds from "go" until the fake has every digest, with 3 replica processes sharing one database. */
async function fanOut(kind: 'sqlite' | 'postgres', location: string, open: () => Promise<KyselyStore>) {
  const store = await open();
  for (let i = 0; i < CHANNELS; i++) {
    await store.upsertSubscription(
      subscriptionInput({ channelId: `C${String(i).padStart(4, '0')}` }),
      new Date('2026-11-01T00:00:00Z'),
    );
  }
  await store.close();
  const slack = fakeSlack();
  const epoch = Date.now();
  slack.clock = () => Date.parse(MONDAY) + (Date.now() - epoch);
  await slack.start();
  const dir = mkdtempSync(join(tmpdir(), 'k8sbot-bench-'));
  const startFile = join(dir, 'go');
  const children: ChildProcess[] = [];
  const exits: Array<Promise<unknown>> = [];
  for (let i = 0; i < REPLICAS; i++) {
    const spec: WorkerSpec = {
      store: kind,
      location,
      platform: 'slack',
      apiUrl: slack.url,
      epoch,
      weeks: [MONDAY],
      workerId: `bench-${i}`,
      timeoutMs: 10_000,
      deadlineMs: 300_000,
      channelIntervalMs: 1_000,
      startFile,
    };
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'test/fixtures/scheduler-worker.ts', JSON.stringify(spec)],
      { cwd: projectRoot, stdio: 'ignore' },
    );
    children.push(child);
    exits.push(new Promise((resolve) => child.once('exit', resolve)));
  }
  await new Promise((r) => setTimeout(r, 4_000)); // the replicas load the corpus and connect
  const go = performance.now();
  writeFileSync(startFile, '');
  while (slack.digestCounts().size < CHANNELS && performance.now() - go < 300_000) {
    await new Promise((r) => setTimeout(r, 5));
  }
  const seconds = (performance.now() - go) / 1000;
  await Promise.all(exits);
  const counts = [...slack.digestCounts().values()];
  await slack.stop();
  rmSync(dir, { recursive: true, force: true });
  const twice = counts.filter((n) => n > 1).length;
  return `${seconds.toFixed(2)} s (${counts.length} digests, ${twice} twice)`;
}

/** Holds the SQLite file's write lock from another process. */
function lockSqlite(file: string): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    [
      '-e',
      `const db = new (require('better-sqlite3'))(${JSON.stringify(file)});
       db.exec('BEGIN IMMEDIATE; UPDATE subscriptions SET lang = lang;');
       process.stdout.write('locked\\n');
       setInterval(() => {}, 1000);`,
    ],
    { cwd: projectRoot, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  return new Promise((resolve) => child.stdout?.once('data', () => resolve(child)));
}

async function answersWhileLocked(corpus: Corpus, index: FeatureIndex, questions: string[]) {
  const dir = mkdtempSync(join(tmpdir(), 'k8sbot-bench-lock-'));
  const file = join(dir, 'k8sbot.sqlite');
  const store = await openSqliteStore(file);
  const bot = new Bot({ corpus, index, digest: new DigestService(corpus, store) });
  const channel: ChannelContext = {
    platform: 'slack',
    workspaceId: 'T1',
    channelId: 'C1',
    userId: 'U1',
    canManage: true,
  };
  const measure = async () => {
    const samples: number[] = [];
    for (const q of questions) {
      const start = performance.now();
      await bot.respond(q, { channel });
      samples.push(performance.now() - start);
    }
    return samples;
  };
  await measure(); // warm-up
  const idle = await measure();
  const locker = await lockSqlite(file);
  // A digest command is waiting on the lock (retrying in the background) while the answers are measured.
  const pending = (async () => {
    const start = performance.now();
    const answer = await bot.respond('digest subscribe tue 08:30', { channel });
    return [performance.now() - start, answer.error?.code] as const;
  })();
  const locked = await measure();
  const [digestMs, code] = await pending;
  locker.kill('SIGKILL');
  await store.close();
  rmSync(dir, { recursive: true, force: true });
  return { idle, locked, digestMs, code };
}

export async function benchDigest(
  corpus: Corpus,
  index: FeatureIndex,
  questions: string[],
): Promise<Array<[string, string]>> {
  const rows: Array<[string, string]> = [];
  const pgFanOut = await withPostgres((url) =>
    fanOut('postgres', url, () => openPostgresStore(url, { poolSize: 4 })),
  );
  rows.push([`digest fan-out, ${CHANNELS} channels, ${REPLICAS} replicas, PostgreSQL`, pgFanOut]);
  const dir = mkdtempSync(join(tmpdir(), 'k8sbot-bench-sqlite-'));
  const file = join(dir, 'k8sbot.sqlite');
  rows.push([
    `digest fan-out, ${CHANNELS} channels, ${REPLICAS} replicas, SQLite file`,
    await fanOut('sqlite', file, () => openSqliteStore(file)),
  ]);
  rmSync(dir, { recursive: true, force: true });
  const { idle, locked, digestMs, code } = await answersWhileLocked(corpus, index, questions);
  rows.push([`answer latency, store idle (${idle.length} answers)`, stats(idle)]);
  rows.push(['answer latency, store locked by another process', stats(locked)]);
  rows.push([
    'digest command while the store is locked',
    `${digestMs.toFixed(0)} ms → ${code ?? 'answered'}`,
  ]);
  return rows;
}
