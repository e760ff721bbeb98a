import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../knowledge/paths.js';
import { fakeSlack, type HttpFake } from '../fakes/http-fake.js';

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
