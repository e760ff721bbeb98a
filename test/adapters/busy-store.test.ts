/**
 * Nothing on the answer path waits on a database lock: another process holds the store's lock, and the bot still
 * answers feature questions and /healthz at once, and digest commands within the store timeout.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import type { Server } from 'node:http';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { createHttpServer, listen } from '../../adapters/http.js';
import { SlackAdapter } from '../../adapters/slack/app.js';
import type { KyselyStore } from '../../adapters/storage/kysely-store.js';
import { Bot } from '../../bot/bot.js';
import { DigestService } from '../../bot/digest/commands.js';
import { silentLogger } from '../../bot/logger.js';
import { fakeSlack, type SlackFake } from '../fakes/http-fake.js';
import { slashCommand } from '../fakes/slack-payloads.js';
import { realCorpus, realIndex } from '../helpers.js';
import { STORE_KINDS, type StoreTarget, storeTarget } from '../support/stores.js';

const SECRET = '8f742231b10e8888abcd99aaaa8685a5';

/** Holds the SQLite file's write lock from another process until killed (a write transaction left open). */
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
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  return new Promise((resolve) => child.stdout?.once('data', () => resolve(child)));
}

describe.each(STORE_KINDS)('answers while another process holds the %s store locked', (kind) => {
  let target: StoreTarget;
  let store: KyselyStore;
  let slack: SlackFake;
  let server: Server;
  let locker: ChildProcess | undefined;
  let pgLocker: pg.Client | undefined;

  afterEach(async () => {
    locker?.kill('SIGKILL');
    await pgLocker?.query('ROLLBACK').catch(() => undefined);
    await pgLocker?.end();
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
    await slack.stop();
    await store.close();
    await target.cleanup();
  });

  it('feature questions and /healthz at once, a digest command with a clear message in time', async () => {
    target = await storeTarget(kind, 'busy');
    store = await target.open();
    slack = fakeSlack();
    await slack.start();
    const corpus = realCorpus();
    const bot = new Bot({
      corpus,
      index: realIndex(),
      digest: new DigestService(corpus, store),
      storeTimeoutMs: 1_000,
    });
    const adapter = new SlackAdapter({
      bot,
      logger: silentLogger,
      config: {
        botToken: 'xoxb-test-token',
        signingSecret: SECRET,
        apiUrl: `${slack.url}/api/`,
        mode: 'http',
      },
    });
    await adapter.start();
    server = createHttpServer({
      slack: adapter.requestListener,
      logger: silentLogger,
      health: () => ({ slack: 'http' }),
    });
    const base = `http://127.0.0.1:${await listen(server, 0, '127.0.0.1')}`;

    if (kind === 'sqlite') locker = await lockSqlite(target.location);
    else {
      pgLocker = new pg.Client({ connectionString: target.location });
      await pgLocker.connect();
      await pgLocker.query('BEGIN; LOCK TABLE subscriptions IN ACCESS EXCLUSIVE MODE');
    }

    const ask = async (text: string) => {
      const body = new URLSearchParams(slashCommand(text, `${slack.url}/response/x`)).toString();
      const ts = Math.floor(Date.now() / 1000);
      const signature = `v0=${createHmac('sha256', SECRET).update(`v0:${ts}:${body}`).digest('hex')}`;
      const started = Date.now();
      const res = await fetch(`${base}/slack/events`, {
        method: 'POST',
        body,
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'x-slack-request-timestamp': String(ts),
          'x-slack-signature': signature,
        },
      });
      return { ms: Date.now() - started, json: (await res.json()) as { text: string } };
    };
    const health = async () => {
      const started = Date.now();
      const res = await fetch(`${base}/healthz`);
      await res.arrayBuffer();
      return Date.now() - started;
    };

    const digest = ask('digest subscribe tue 08:30');
    await new Promise((r) => setTimeout(r, 100));
    const [feature, healthMs] = await Promise.all([ask('feature petset'), health()]);
    expect(feature.ms).toBeLessThan(500);
    expect(feature.json.text).toMatch(/^StatefulSet/);
    expect(healthMs).toBeLessThan(200);
    const waited = await digest;
    expect(waited.ms).toBeGreaterThanOrEqual(900);
    expect(waited.ms).toBeLessThan(2_500);
    expect(waited.json.text).toContain('could not be reached in time');
  });
});
