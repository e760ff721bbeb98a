import type { AddressInfo } from 'node:net';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { loadConfig } from '../../adapters/config.js';
import { type RunningBot, startBot } from '../../adapters/serve.js';
import { fakeSlack, type SlackFake } from '../fakes/http-fake.js';
import { captureLogger } from '../support/logs.js';
import { sample } from '../support/serve-process.js';
import { STORE_KINDS, type StoreTarget, storeTarget } from '../support/stores.js';

interface Readyz {
  ready: boolean;
  checks: Record<string, { ok: boolean; detail?: string }>;
}

async function readyz(running: RunningBot, status: 200 | 503, timeoutMs = 10_000): Promise<Readyz> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const res = await fetch(`http://127.0.0.1:${running.port}/readyz`);
    const body = (await res.json()) as Readyz;
    if (res.status === status) return body;
    if (Date.now() > until) throw new Error(`/readyz stayed ${res.status}: ${JSON.stringify(body)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const PROBE = { probe: { intervalMs: 100, timeoutMs: 300 } };
let running: RunningBot | undefined;
let slack: SlackFake | undefined;
let target: StoreTarget | undefined;

afterEach(async () => {
  await running?.stop();
  await slack?.stop();
  await target?.cleanup();
  running = undefined;
  slack = undefined;
  target = undefined;
});

describe.each(STORE_KINDS)('readiness follows the %s store', (kind) => {
  it('is not ready while the store cannot take a write (held lock, missing table), and ready again after', async () => {
    slack = fakeSlack();
    await slack.start();
    target = await storeTarget(kind, 'readiness');
    const log = captureLogger('info');
    running = await startBot(
      loadConfig({
        SLACK_BOT_TOKEN: 'xoxb-readiness',
        SLACK_SIGNING_SECRET: 'abcdef0123456789abcdef0123456789',
        SLACK_API_URL: `${slack.url}/api/`,
        PORT: '0',
        K8SBOT_SYNC_INTERVAL: 'off',
        ...(kind === 'postgres' ? { DATABASE_URL: target.location } : { K8SBOT_DB: target.location }),
      }),
      log.logger,
      undefined,
      PROBE,
    );
    await running.started;
    await readyz(running, 200);

    // Another connection holds the write lock: the probe's write waits, times out, and the replica leaves the
    // Service until the lock is gone.
    const release = await holdWriteLock(kind, target.location);
    const locked = await readyz(running, 503);
    expect(locked.checks.store).toMatchObject({
      ok: false,
      detail: expect.stringMatching(/no answer in 300 ms/),
    });
    expect(locked.checks.slack).toEqual({ ok: true });
    await release();
    await readyz(running, 200);

    // The table the probe writes is gone: the write fails at once, and is counted.
    const restore = await renameTable(kind, target.location);
    const broken = await readyz(running, 503);
    expect(broken.checks.store?.ok).toBe(false);
    const metrics = await (await fetch(`http://127.0.0.1:${running.port}/metrics`)).text();
    expect(sample(metrics, 'k8sbot_storage_errors_total', { operation: 'ping' })).toBeGreaterThan(0);
    expect(sample(metrics, 'k8sbot_readiness_check', { check: 'store' })).toBe(0);
    await restore();
    await readyz(running, 200);
    expect(log.lines.filter((l) => l.msg.startsWith('the store does not take writes'))).toHaveLength(2);
    expect(log.lines.filter((l) => l.msg.startsWith('the store takes writes again'))).toHaveLength(2);
  }, 40_000);
});

async function holdWriteLock(kind: string, location: string): Promise<() => Promise<void>> {
  if (kind === 'sqlite') {
    const db = new Database(location);
    db.exec('BEGIN IMMEDIATE');
    return async () => {
      db.exec('COMMIT');
      db.close();
    };
  }
  const client = new pg.Client({ connectionString: location });
  await client.connect();
  await client.query('BEGIN');
  await client.query('LOCK TABLE event_receipts IN ACCESS EXCLUSIVE MODE');
  return async () => {
    await client.query('ROLLBACK');
    await client.end();
  };
}

async function renameTable(kind: string, location: string): Promise<() => Promise<void>> {
  const run = async (statement: string) => {
    if (kind === 'sqlite') {
      const db = new Database(location);
      db.exec(statement);
      db.close();
      return;
    }
    const client = new pg.Client({ connectionString: location });
    await client.connect();
    await client.query(statement);
    await client.end();
  };
  await run('ALTER TABLE event_receipts RENAME TO event_receipts_away');
  return () => run('ALTER TABLE event_receipts_away RENAME TO event_receipts');
}

describe('probes in Socket Mode (no platform needs HTTP)', () => {
  it('listens on PORT for the probes and metrics; not ready until the socket connects', async () => {
    const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise<void>((r) => wss.once('listening', () => r()));
    const wsUrl = `ws://127.0.0.1:${(wss.address() as AddressInfo).port}/link`;
    wss.on('connection', (ws) => ws.send(JSON.stringify({ type: 'hello', num_connections: 1 })));
    slack = fakeSlack();
    // Slack cannot hand out a socket URL at first.
    slack.fault(
      (r) => r.path === '/api/apps.connections.open',
      { kind: 'status', status: 500, afterRecord: false },
      2,
    );
    slack.on((r) =>
      r.path === '/api/apps.connections.open' ? { body: { ok: true, url: wsUrl } } : undefined,
    );
    await slack.start();
    target = await storeTarget('sqlite', 'socket-probes');
    try {
      running = await startBot(
        loadConfig({
          SLACK_BOT_TOKEN: 'xoxb-socket',
          SLACK_APP_TOKEN: 'xapp-socket',
          SLACK_API_URL: `${slack.url}/api/`,
          PORT: '0',
          K8SBOT_DB: target.location,
          K8SBOT_SYNC_INTERVAL: 'off',
        }),
        captureLogger('info').logger,
        undefined,
        PROBE,
      );
      const starting = await readyz(running, 503);
      expect(starting.checks.slack?.ok).toBe(false);
      expect((await fetch(`http://127.0.0.1:${running.port}/livez`)).status).toBe(200);
      expect((await fetch(`http://127.0.0.1:${running.port}/slack/events`, { method: 'POST' })).status).toBe(
        404,
      );
      await readyz(running, 200, 15_000);
      const metrics = await (await fetch(`http://127.0.0.1:${running.port}/metrics`)).text();
      expect(sample(metrics, 'k8sbot_ready')).toBe(1);
      // The connection drops: not ready until the client has reconnected (it waits 5 s before it tries).
      for (const client of wss.clients) client.terminate();
      expect((await readyz(running, 503)).checks.slack).toEqual({
        ok: false,
        detail: 'socket mode is not connected',
      });
      await readyz(running, 200, 15_000);
    } finally {
      await running?.stop();
      running = undefined;
      await new Promise((r) => wss.close(r));
    }
  }, 40_000);
});
