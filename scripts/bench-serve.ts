/**
 * `k8sbot serve` as a process, each number beside a bare node:http server (the floor) measured in the same run:
 *   - ready time: process start until /readyz answers 200 (the bare server: until it answers at all);
 *   - RSS idle (after start-up settles) and after 10,000 requests;
 *   - Slack and Discord acknowledgement latency, p50/p99, with 50 and 200 requests in flight (closed loop), each
 *     request signed as the platform signs it; the bare server answers a fixed body of the same size.
 * serve runs as the image runs it (the Dockerfile's NODE_OPTIONS), Slack over HTTP and the Discord HTTP endpoint
 * on one port, SQLite, sync off, against a local fake Slack API (only auth.test is called); memory is also
 * measured with Node's default heap settings. The load generator is this process (node:http, keep-alive).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createHmac, generateKeyPairSync, sign } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectRoot } from '../knowledge/paths.js';
import { commandInteraction } from '../test/fakes/discord-interactions.js';
import { fakeSlack } from '../test/fakes/http-fake.js';
import { slashCommand } from '../test/fakes/slack-payloads.js';

const SECRET = 'abcdef0123456789abcdef0123456789';
const QUESTIONS = [
  'feature petset',
  'release 1.24',
  'compare 1.22 1.24',
  'api extensions/v1beta1 Ingress',
  'search probe',
];

export interface ServeBenchOptions {
  /** Extra environment for serve. */
  env?: Record<string, string>;
  runs?: number;
}

/** The heap settings the image runs with (Dockerfile ENV NODE_OPTIONS). */
export function imageNodeOptions(): string {
  const dockerfile = readFileSync(join(projectRoot, 'Dockerfile'), 'utf8');
  return /NODE_OPTIONS="([^"]+)"/.exec(dockerfile)?.[1] ?? '';
}

interface Target {
  child: ChildProcess;
  port: number;
  startedAt: number;
  readyAt: number;
}

interface Prepared {
  path: string;
  body: Buffer;
  headers: Record<string, string>;
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;

const rssMiB = (pid: number | undefined) =>
  Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function get(port: number, path: string): Promise<number> {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, path, agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', () => resolve(0));
    req.end();
  });
}

async function startAndWait(
  args: string[],
  env: Record<string, string>,
  readyPath: string,
  portOf: (stderr: string, stdout: string) => number | undefined,
): Promise<Target> {
  const startedAt = performance.now();
  const child = spawn(process.execPath, args, {
    cwd: projectRoot,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  let stdout = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  child.stdout?.on('data', (d: Buffer) => {
    stdout += d.toString();
  });
  let port: number | undefined;
  while (!port) {
    port = portOf(stderr, stdout);
    if (child.exitCode !== null) throw new Error(`exited early: ${stderr}`);
    if (!port) await sleep(2);
  }
  // Polled every 10 ms: faster polling would take CPU from the process it measures.
  while ((await get(port, readyPath)) !== 200) await sleep(10);
  return { child, port, startedAt, readyAt: performance.now() };
}

async function stop(t: Target): Promise<void> {
  const exited = new Promise((r) => t.child.once('exit', r));
  t.child.kill('SIGTERM');
  await exited;
}

/** A bare node:http server answering every request with a fixed JSON body of `bytes` bytes. */
const BARE = (bytes: number) => `
const { createServer } = require('node:http');
const body = Buffer.from(JSON.stringify({ text: 'x'.repeat(${Math.max(0, bytes - 12)}) }));
const server = createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => { res.writeHead(200, { 'content-type': 'application/json' }); res.end(body); });
});
server.listen(0, '127.0.0.1', () => console.log(server.address().port));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
`;

function slackRequests(n: number, responseUrl: string): Prepared[] {
  const ts = Math.floor(Date.now() / 1000);
  return Array.from({ length: n }, (_, i) => {
    const body = new URLSearchParams(
      slashCommand(QUESTIONS[i % QUESTIONS.length] as string, responseUrl),
    ).toString();
    return {
      path: '/slack/events',
      body: Buffer.from(body),
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-slack-request-timestamp': String(ts),
        'x-slack-signature': `v0=${createHmac('sha256', SECRET).update(`v0:${ts}:${body}`).digest('hex')}`,
      },
    };
  });
}

function discordRequests(
  n: number,
  privateKey: ReturnType<typeof generateKeyPairSync>['privateKey'],
): Prepared[] {
  const ts = String(Math.floor(Date.now() / 1000));
  return Array.from({ length: n }, (_, i) => {
    const raw = JSON.stringify(
      commandInteraction('ask', [{ name: 'question', value: QUESTIONS[i % QUESTIONS.length] as string }]),
    );
    return {
      path: '/discord/interactions',
      body: Buffer.from(raw),
      headers: {
        'content-type': 'application/json',
        'x-signature-ed25519': sign(null, Buffer.from(ts + raw), privateKey).toString('hex'),
        'x-signature-timestamp': ts,
      },
    };
  });
}

/** Sends every request with `concurrency` in flight; latencies (ms) and response sizes. */
async function load(port: number, requests: Prepared[], concurrency: number) {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const latencies: number[] = [];
  const sizes: number[] = [];
  let next = 0;
  let failed = 0;
  const one = (r: Prepared) =>
    new Promise<void>((resolve) => {
      const started = performance.now();
      const req = request(
        {
          host: '127.0.0.1',
          port,
          path: r.path,
          method: 'POST',
          agent,
          headers: { ...r.headers, 'content-length': String(r.body.length) },
        },
        (res) => {
          let size = 0;
          res.on('data', (c: Buffer) => {
            size += c.length;
          });
          res.on('end', () => {
            latencies.push(performance.now() - started);
            sizes.push(size);
            if (res.statusCode !== 200) failed++;
            resolve();
          });
        },
      );
      req.on('error', () => {
        failed++;
        resolve();
      });
      req.end(r.body);
    });
  const worker = async () => {
    while (next < requests.length) await one(requests[next++] as Prepared);
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  agent.destroy();
  return { latencies: latencies.sort((a, b) => a - b), sizes, failed };
}

const fmt = (latencies: number[]) =>
  `p50 ${percentile(latencies, 50).toFixed(1)} ms · p99 ${percentile(latencies, 99).toFixed(1)} ms`;

export async function benchServe(options: ServeBenchOptions = {}): Promise<Array<[string, string]>> {
  const rows: Array<[string, string]> = [];
  const slackApi = fakeSlack();
  await slackApi.start();
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const der = publicKey.export({ format: 'der', type: 'spki' });
  const dir = mkdtempSync(join(tmpdir(), 'k8sbot-bench-serve-'));
  const env = {
    SLACK_BOT_TOKEN: 'xoxb-bench',
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_API_URL: `${slackApi.url}/api/`,
    DISCORD_PUBLIC_KEY: der.subarray(der.length - 32).toString('hex'),
    DISCORD_APPLICATION_ID: '123456789012345678',
    PORT: '0',
    K8SBOT_DB: join(dir, 'bench.sqlite'),
    K8SBOT_DATA_DIR: dir,
    K8SBOT_SYNC_INTERVAL: 'off',
    LOG_LEVEL: 'warn',
    ...options.env,
  };
  const serveArgs = ['dist/bot/cli.js', 'serve'];
  // LOG_LEVEL=warn hides the port line: listen on a port picked here.
  const pick = async () => {
    const { createServer } = await import('node:net');
    return new Promise<number>((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as { port: number }).port;
        s.close(() => resolve(p));
      });
    });
  };
  const runs = options.runs ?? 5;
  const nodeOptions = imageNodeOptions();
  rows.push(['serve: NODE_OPTIONS (as in the image)', nodeOptions || '(none)']);

  // Ready time, median of `runs` starts.
  const readyServe: number[] = [];
  const readyBare: number[] = [];
  for (let i = 0; i < runs; i++) {
    const port = await pick();
    const t = await startAndWait(
      serveArgs,
      { ...env, NODE_OPTIONS: nodeOptions, PORT: String(port) },
      '/readyz',
      () => port,
    );
    readyServe.push(t.readyAt - t.startedAt);
    await stop(t);
    const b = await startAndWait(['-e', BARE(5000)], {}, '/', (_e, out) => Number(out.trim()) || undefined);
    readyBare.push(b.readyAt - b.startedAt);
    await stop(b);
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;
  rows.push([
    'serve: ready (start → /readyz 200), median',
    `${(median(readyServe) / 1000).toFixed(2)} s · bare node:http ${(median(readyBare) / 1000).toFixed(2)} s`,
  ]);

  // Load: the serve process answers; then a bare server with the same response size takes the same load.
  const measure = async (nodeOptions: string) => {
    const port = await pick();
    const serve = await startAndWait(
      serveArgs,
      { ...env, NODE_OPTIONS: nodeOptions, PORT: String(port) },
      '/readyz',
      () => port,
    );
    await sleep(2_000);
    const idle = rssMiB(serve.child.pid);
    const warm = await load(
      port,
      [...slackRequests(250, `${slackApi.url}/response/w`), ...discordRequests(250, privateKey)],
      50,
    );
    const served: Record<string, { latencies: number[]; size: number; failed: number }> = {};
    let total = warm.latencies.length;
    for (const [name, platform, concurrency] of phases) {
      const requests =
        platform === 'slack'
          ? slackRequests(2_400, `${slackApi.url}/response/x`)
          : discordRequests(2_400, privateKey);
      const r = await load(port, requests, concurrency);
      total += r.latencies.length;
      served[`${name}@${concurrency}`] = {
        latencies: r.latencies,
        size: Math.round(r.sizes.reduce((a, b) => a + b, 0) / r.sizes.length),
        failed: r.failed,
      };
    }
    await sleep(1_000);
    const loaded = rssMiB(serve.child.pid);
    await stop(serve);
    return { idle, loaded, served, total };
  };
  const phases: Array<[string, 'slack' | 'discord', number]> = [
    ['slack', 'slack', 50],
    ['slack', 'slack', 200],
    ['discord', 'discord', 50],
    ['discord', 'discord', 200],
  ];
  const image = await measure(nodeOptions);
  const defaults = await measure('');
  const { served, total } = image;

  const bareRss: Record<string, { idle: number; loaded: number }> = {};
  const bareLatency: Record<string, number[]> = {};
  for (const platform of ['slack', 'discord'] as const) {
    const size = served[`${platform}@50`]?.size ?? 5000;
    const bare = await startAndWait(
      ['-e', BARE(size)],
      {},
      '/',
      (_e, out) => Number(out.trim()) || undefined,
    );
    await sleep(2_000);
    const bareIdle = rssMiB(bare.child.pid);
    await load(
      bare.port,
      platform === 'slack' ? slackRequests(500, 'x') : discordRequests(500, privateKey),
      50,
    );
    for (const concurrency of [50, 200]) {
      const requests = platform === 'slack' ? slackRequests(2_400, 'x') : discordRequests(2_400, privateKey);
      bareLatency[`${platform}@${concurrency}`] = (await load(bare.port, requests, concurrency)).latencies;
    }
    if (platform === 'slack') {
      // Bring the bare server to the same 10,000+ requests before reading its memory.
      await load(bare.port, slackRequests(total - 5_300, 'x'), 50);
    }
    await sleep(1_000);
    bareRss[platform] = { idle: bareIdle, loaded: rssMiB(bare.child.pid) };
    await stop(bare);
  }

  rows.push([
    'serve: RSS idle',
    `${image.idle.toFixed(0)} MiB (Node defaults: ${defaults.idle.toFixed(0)} MiB) · bare node:http ${bareRss.slack?.idle.toFixed(0)} MiB`,
  ]);
  rows.push([
    `serve: RSS after ${total.toLocaleString('en')} requests`,
    `${image.loaded.toFixed(0)} MiB (Node defaults: ${defaults.loaded.toFixed(0)} MiB) · bare node:http ${bareRss.slack?.loaded.toFixed(0)} MiB`,
  ]);
  for (const [name, , concurrency] of phases) {
    const key = `${name}@${concurrency}`;
    const s = served[key];
    if (!s) continue;
    rows.push([
      `${name} ack, ${concurrency} in flight (${s.size} B answers${s.failed ? `, ${s.failed} failed` : ''})`,
      `${fmt(s.latencies)} · bare node:http ${fmt(bareLatency[key] ?? [])}`,
    ]);
  }
  await slackApi.stop();
  rmSync(dir, { recursive: true, force: true });
  return rows;
}

if (process.argv[1]?.endsWith('bench-serve.ts')) {
  for (const [name, value] of await benchServe()) console.log(`${name.padEnd(52)} ${value}`);
}
