import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgresStore } from '../../adapters/storage/postgres.js';
import { projectRoot } from '../../knowledge/paths.js';
import { fakeSlack, type HttpFake } from '../fakes/http-fake.js';
import { subscriptionInput } from '../fakes/subscriptions.js';
import { createTestSchema } from '../support/postgres.js';

describe('k8sbot serve (Slack HTTP + Discord HTTP on one port)', () => {
  let slack: HttpFake;
  let child: ChildProcess;
  let stderr = '';
  let port = 0;
  let dir: string;

  beforeAll(async () => {
    slack = fakeSlack();
    await slack.start();
    dir = mkdtempSync(join(tmpdir(), 'k8sbot-serve-'));
    child = spawn(process.execPath, ['--import', 'tsx', 'bot/cli.ts', 'serve'], {
      cwd: projectRoot,
      env: {
        PATH: process.env.PATH ?? '',
        SLACK_BOT_TOKEN: 'xoxb-serve-test-secret',
        SLACK_SIGNING_SECRET: 'abcdef0123456789abcdef0123456789',
        SLACK_API_URL: `${slack.url}/api/`,
        DISCORD_PUBLIC_KEY: 'b'.repeat(64),
        DISCORD_APPLICATION_ID: '123456789012345678',
        PORT: '0',
        K8SBOT_DB: join(dir, 'bot.sqlite'),
        K8SBOT_DATA_DIR: dir,
        K8SBOT_SYNC_INTERVAL: 'off',
        LOG_LEVEL: 'info',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stderr?.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    const deadline = Date.now() + 15_000;
    while (!port && Date.now() < deadline) {
      const m = /"port":(\d+)[^\n]*http server listening/.exec(stderr);
      if (m?.[1]) port = Number(m[1]);
      await new Promise((r) => setTimeout(r, 50));
    }
  });

  afterAll(async () => {
    if (child.exitCode === null) child.kill('SIGKILL');
    await slack.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('starts both endpoints and /healthz on PORT', async () => {
    expect(port).toBeGreaterThan(0);
    const health = (await (await fetch(`http://127.0.0.1:${port}/healthz`)).json()) as {
      data: Record<string, unknown>;
    };
    expect(health).toMatchObject({ ok: true, slack: 'http', discord: ['http'] });
    // No sync has run: the baseline shipped with the bot, which is months old by now, and says so.
    expect(health.data).toMatchObject({
      asOf: '2026-08-22',
      bundle: 'baseline',
      sync: 'off',
      lastSyncAt: null,
    });
    expect((await fetch(`http://127.0.0.1:${port}/slack/events`, { method: 'POST', body: 'x' })).status).toBe(
      401,
    );
    expect(
      (await fetch(`http://127.0.0.1:${port}/discord/interactions`, { method: 'POST', body: '{}' })).status,
    ).toBe(401);
  });

  it('never logs a secret', () => {
    expect(stderr).not.toContain('xoxb-serve-test-secret');
    expect(stderr).not.toContain('abcdef0123456789abcdef0123456789');
  });

  it('shuts down cleanly on SIGTERM', async () => {
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(stderr).toContain('"msg":"stopped"');
  });
});

describe('k8sbot serve on PostgreSQL: SIGTERM while a digest is being posted', () => {
  it('stops claiming, waits for the post in flight, records it, then closes the store', async () => {
    const slack = fakeSlack();
    // Slack keeps the post at once but answers only after 1.5 s: SIGTERM arrives while the post is in flight.
    slack.on((r) =>
      r.path === '/api/chat.postMessage' ? { ...slack.fallback(r), delayMs: 1_500 } : undefined,
    );
    await slack.start();
    const schema = await createTestSchema('serve');
    const store = await openPostgresStore(schema.url, { poolSize: 2 });
    const now = new Date();
    const created = new Date(now.getTime() - 14 * 86_400_000);
    await store.upsertSubscription(
      subscriptionInput({
        workspaceId: 'T1',
        channelId: 'CSLOW',
        weekday: ((now.getUTCDay() + 6) % 7) + 1,
        time: '00:00',
      }),
      created,
    );
    let stderr = '';
    const child = spawn(process.execPath, ['--import', 'tsx', 'bot/cli.ts', 'serve'], {
      cwd: projectRoot,
      env: {
        PATH: process.env.PATH ?? '',
        SLACK_BOT_TOKEN: 'xoxb-serve-test-secret',
        SLACK_SIGNING_SECRET: 'abcdef0123456789abcdef0123456789',
        SLACK_API_URL: `${slack.url}/api/`,
        DATABASE_URL: schema.url,
        PORT: '0',
        LOG_LEVEL: 'info',
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    child.stderr?.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      await slack.waitFor((r) => r.path === '/api/chat.postMessage', 20_000);
      const signalled = Date.now();
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(Date.now() - signalled).toBeGreaterThanOrEqual(1_000);
      expect(Date.now() - signalled).toBeLessThan(12_000);
      const [week] = (await store.listDeliveries()).map((d) => d.week);
      expect(
        await store.getDelivery({
          platform: 'slack',
          workspaceId: 'T1',
          channelId: 'CSLOW',
          week: week ?? '',
        }),
      ).toMatchObject({
        status: 'posted',
        messageId: slack.messages[0]?.ts,
      });
      expect(slack.digestCounts().size).toBe(1);
      const order = ['"msg":"digest posted"', '"msg":"stopped"'].map((m) => stderr.indexOf(m));
      expect(order[0]).toBeGreaterThan(-1);
      expect(order[1]).toBeGreaterThan(order[0] ?? 0);
      expect(stderr).not.toContain('xoxb-serve-test-secret');
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      await store.close();
      await schema.drop();
      await slack.stop();
    }
  }, 40_000);
});
