import { execFile } from 'node:child_process';
import { createHmac, generateKeyPairSync, sign } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandInteraction } from '../fakes/discord-interactions.js';
import { fakeSlack, type SlackFake } from '../fakes/http-fake.js';
import { slashCommand } from '../fakes/slack-payloads.js';
import { type ServeProcess, sample, startServe } from '../support/serve-process.js';

const SECRET = 'abcdef0123456789abcdef0123456789';
const { privateKey, publicKey } = generateKeyPairSync('ed25519');
const der = publicKey.export({ format: 'der', type: 'spki' });
const DISCORD_KEY = der.subarray(der.length - 32).toString('hex');

function slackRequest(base: string, text: string, responseUrl: string) {
  const body = new URLSearchParams(slashCommand(text, responseUrl)).toString();
  const ts = Math.floor(Date.now() / 1000);
  return fetch(`${base}/slack/events`, {
    method: 'POST',
    body,
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-slack-request-timestamp': String(ts),
      'x-slack-signature': `v0=${createHmac('sha256', SECRET).update(`v0:${ts}:${body}`).digest('hex')}`,
    },
  });
}

function discordRequest(base: string, interaction: unknown) {
  const raw = JSON.stringify(interaction);
  const ts = String(Math.floor(Date.now() / 1000));
  return fetch(`${base}/discord/interactions`, {
    method: 'POST',
    body: raw,
    headers: {
      'content-type': 'application/json',
      'x-signature-ed25519': sign(null, Buffer.from(ts + raw), privateKey).toString('hex'),
      'x-signature-timestamp': ts,
    },
  });
}

/** Latencies (ms) of `n` GETs, 100 ms apart, measured by a separate process. */
function probeLatencies(url: string, n: number): Promise<number[]> {
  const script = `const out = []; for (let i = 0; i < ${n}; i++) { const t = performance.now(); await fetch(${JSON.stringify(url)}); out.push(performance.now() - t); await new Promise((r) => setTimeout(r, 100)); } console.log(JSON.stringify(out));`;
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['--input-type=module', '-e', script], (err, stdout) =>
      err ? reject(err) : resolve(JSON.parse(stdout) as number[]),
    );
  });
}

function env(slack: SlackFake, dir: string): Record<string, string> {
  return {
    SLACK_BOT_TOKEN: 'xoxb-serve-edge-secret',
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_API_URL: `${slack.url}/api/`,
    DISCORD_PUBLIC_KEY: DISCORD_KEY,
    DISCORD_APPLICATION_ID: '123456789012345678',
    K8SBOT_DB: join(dir, 'bot.sqlite'),
    K8SBOT_DATA_DIR: dir,
  };
}

describe('serve while Slack’s API is down at start-up', () => {
  let slack: SlackFake;
  let dir: string;
  let serve: ServeProcess;

  beforeAll(async () => {
    slack = fakeSlack();
    slack.fault(
      (r) => r.path === '/api/auth.test',
      { kind: 'status', status: 503, afterRecord: false },
      Infinity,
    );
    await slack.start();
    dir = mkdtempSync(join(tmpdir(), 'k8sbot-serve-edge-'));
    serve = await startServe(env(slack, dir));
  });

  afterAll(async () => {
    serve.kill();
    await slack.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('stays up, says it is not ready because of Slack, and Discord keeps answering', async () => {
    await slack.waitFor((r) => r.path === '/api/auth.test');
    expect((await fetch(`${serve.base}/livez`)).status).toBe(200);
    const readyz = await serve.readyz(503);
    expect(readyz.checks.slack).toMatchObject({ ok: false });
    expect(readyz.checks.store).toEqual({ ok: true });
    expect(readyz.checks.knowledge).toEqual({ ok: true });
    const pong = await discordRequest(serve.base, { type: 1, id: '1', token: 't' });
    expect(await pong.json()).toEqual({ type: 1 });
    const card = await discordRequest(
      serve.base,
      commandInteraction('feature', [{ name: 'name', value: 'petset' }]),
    );
    expect(JSON.stringify(await card.json())).toContain('StatefulSet');
    await serve.logged('adapter could not start; retrying in the background');
    expect(serve.child.exitCode).toBeNull();
  });

  it('becomes ready once Slack answers again, without a restart', async () => {
    slack.reset();
    const readyz = await serve.readyz(200, 20_000);
    expect(readyz).toEqual({
      ready: true,
      checks: { knowledge: { ok: true }, shutdown: { ok: true }, store: { ok: true }, slack: { ok: true } },
    });
    await serve.logged('"msg":"adapter started"');
    const res = await slackRequest(serve.base, 'feature petset', `${slack.url}/response/1`);
    expect(JSON.stringify(await res.json())).toContain('StatefulSet');
  });

  it('counts what it did in /metrics', async () => {
    await slackRequest(serve.base, 'release 1.99', `${slack.url}/response/2`);
    await slackRequest(serve.base, 'x'.repeat(600), `${slack.url}/response/3`);
    await fetch(`${serve.base}/slack/events`, { method: 'POST', body: 'x'.repeat(100_000) });
    await fetch(`${serve.base}/slack/events`);
    const text = await serve.metrics();
    const q = (platform: string, intent: string, outcome: string) =>
      sample(text, 'k8sbot_questions_total', { platform, intent, outcome });
    expect(q('slack', 'feature', 'answered')).toBe(1);
    expect(q('discord', 'feature', 'answered')).toBe(1);
    expect(q('slack', 'release', 'unknown_release')).toBe(1);
    expect(q('slack', 'unknown', 'input_too_long')).toBe(1);
    expect(sample(text, 'k8sbot_answer_duration_seconds_count', { platform: 'slack' })).toBe(3);
    expect(sample(text, 'k8sbot_ack_duration_seconds_count', { platform: 'slack' })).toBe(3);
    expect(sample(text, 'k8sbot_ack_duration_seconds_count', { platform: 'discord' })).toBe(2);
    expect(sample(text, 'k8sbot_ack_duration_seconds_bucket', { platform: 'slack', le: '+Inf' })).toBe(3);
    expect(sample(text, 'k8sbot_http_requests_total', { route: 'slack_events', status: '413' })).toBe(1);
    expect(sample(text, 'k8sbot_http_requests_total', { route: 'slack_events', status: '405' })).toBe(1);
    expect(sample(text, 'k8sbot_knowledge_data_age_seconds')).toBeGreaterThan(0);
    expect(sample(text, 'k8sbot_knowledge_last_sync_success_timestamp_seconds')).toBe(0);
    expect(sample(text, 'k8sbot_ready')).toBe(1);
    expect(sample(text, 'k8sbot_readiness_check', { check: 'slack' })).toBe(1);
    expect(sample(text, 'process_resident_memory_bytes')).toBeGreaterThan(0);
    expect(text).toMatch(/^nodejs_eventloop_lag_seconds /m);
    expect(text).toMatch(/^k8sbot_build_info\{version="\d+\.\d+\.\d+",node="[\d.]+"\} 1$/m);
    expect(text).toContain('# TYPE k8sbot_digest_posts_total counter');
    expect(text).toContain('# TYPE k8sbot_storage_errors_total counter');
    expect(serve.stderr()).not.toContain('xoxb-serve-edge-secret');
  });

  it('holds its memory and answers its probes under 200 concurrent 3.9 MB uploads', async () => {
    const body = new Uint8Array(3.9 * 2 ** 20).fill(97);
    const before = serve.memory();
    const uploads = Array.from({ length: 200 }, () =>
      fetch(`${serve.base}/slack/events`, { method: 'POST', body }).then(
        (r) => r.status,
        () => 0,
      ),
    );
    // Probed from another process, as the kubelet does (this one is busy sending).
    const probes = await probeLatencies(`${serve.base}/livez`, 5);
    const statuses = await Promise.all(uploads);
    expect(statuses.filter((s) => s === 413)).toHaveLength(200);
    expect(Math.max(...probes)).toBeLessThan(1_000);
    // 780 MB were sent; the server kept none of it.
    expect(serve.memory().peak - before.peak).toBeLessThan(60);
  });
});

describe('SIGTERM under load', () => {
  it('stops accepting, finishes what is in flight, cuts a slow client off, and exits 0 within 10 s', async () => {
    const slack = fakeSlack();
    await slack.start();
    const dir = mkdtempSync(join(tmpdir(), 'k8sbot-sigterm-'));
    const serve = await startServe(env(slack, dir));
    try {
      await serve.readyz(200);
      // A slow client: its request body trickles in, one byte a second.
      const slow = connect(serve.port, '127.0.0.1');
      slow.on('error', () => {});
      slow.write(
        'POST /slack/events HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n',
      );
      const trickle = setInterval(() => slow.writable && slow.write('x'), 1_000);
      let running = true;
      const statuses: number[] = [];
      const failures: string[] = [];
      const worker = async (n: number) => {
        for (let i = 0; running; i++) {
          try {
            const res = await slackRequest(
              serve.base,
              i % 2 ? 'sts' : 'release 1.24',
              `${slack.url}/response/${n}`,
            );
            await res.arrayBuffer();
            statuses.push(res.status);
          } catch (err) {
            failures.push(String((err as Error).cause ?? err));
            await new Promise((r) => setTimeout(r, 20));
          }
        }
      };
      const workers = Array.from({ length: 20 }, (_, n) => worker(n));
      await new Promise((r) => setTimeout(r, 1_500));
      const signalled = Date.now();
      serve.child.kill('SIGTERM');
      const code = await serve.exited;
      const tookMs = Date.now() - signalled;
      running = false;
      clearInterval(trickle);
      slow.destroy();
      await Promise.all(workers);
      expect(code).toBe(0);
      expect(tookMs).toBeLessThan(12_000);
      expect(statuses.length).toBeGreaterThan(20);
      expect(new Set(statuses)).toEqual(new Set([200]));
      // After the close, new connections are refused (the load balancer has stopped sending by then).
      expect(failures.every((f) => /ECONNREFUSED|other side closed|ECONNRESET|SocketError/.test(f))).toBe(
        true,
      );
      expect(serve.stderr()).toContain('"msg":"shutting down"');
      expect(serve.stderr()).toContain('"msg":"stopped"');
    } finally {
      serve.kill();
      await slack.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 40_000);
});
