/**
 * The image's file tree, without Docker: the same `npm run build:runtime` the Dockerfile runs, into a clean
 * directory, then `npm ci --omit=dev` there (as the Dockerfile does), then the bot from that tree alone — ask,
 * serve (HTTP mode against a fake Slack, probed like Kubernetes does) and sync from a local upstream tree. Nothing
 * may be written outside the data directory: not into the tree (a read-only root filesystem) and not into TMPDIR.
 */
import { spawnSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../knowledge/paths.js';
import { fakeSlack, type SlackFake } from '../fakes/http-fake.js';
import { slashCommand } from '../fakes/slack-payloads.js';
import { startServe } from '../support/serve-process.js';

const FIXTURE = join(projectRoot, 'test/fixtures/upstream');
const SECRET = 'abcdef0123456789abcdef0123456789';

/** Every file under a folder with its size and modification time. */
function listing(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const e of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!e.isFile()) continue;
    const path = join(e.parentPath, e.name);
    const s = statSync(path);
    out.set(path.slice(dir.length + 1), `${s.size}:${s.mtimeMs}`);
  }
  return out;
}

describe('the runtime tree the image ships', () => {
  const work = mkdtempSync(join(tmpdir(), 'k8sbot-runtime-'));
  const tree = join(work, 'app');
  const data = join(work, 'data');
  const tmp = join(work, 'tmp');
  let before: Map<string, string>;
  let slack: SlackFake;
  const env = () => ({
    PATH: process.env.PATH ?? '',
    HOME: work,
    TMPDIR: tmp,
    NODE_ENV: 'production',
    K8SBOT_DATA_DIR: data,
    K8SBOT_DB: join(data, 'k8sbot.sqlite'),
  });
  const k8sbot = (args: string[]) =>
    spawnSync(process.execPath, ['dist/bot/cli.js', ...args], {
      cwd: tree,
      env: env(),
      encoding: 'utf8',
      timeout: 60_000,
    });

  beforeAll(async () => {
    mkdirSync(data);
    mkdirSync(tmp);
    const build = spawnSync('npm', ['run', '-s', 'build:runtime', '--', tree], {
      cwd: projectRoot,
      encoding: 'utf8',
      timeout: 180_000,
    });
    if (build.status !== 0) throw new Error(`build:runtime failed:\n${build.stdout}\n${build.stderr}`);
    const install = spawnSync('npm', ['ci', '--omit=dev', '--no-audit', '--no-fund'], {
      cwd: tree,
      encoding: 'utf8',
      timeout: 240_000,
      env: { ...process.env, NODE_ENV: 'production' },
    });
    if (install.status !== 0)
      throw new Error(`npm ci --omit=dev failed:\n${install.stdout}\n${install.stderr}`);
    before = listing(tree);
    slack = fakeSlack();
    await slack.start();
  }, 400_000);

  afterAll(async () => {
    await slack?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  it('holds the built JS, the data and production dependencies only', () => {
    expect(readdirSync(tree).sort()).toEqual([
      'dist',
      'knowledge',
      'node_modules',
      'package-lock.json',
      'package.json',
      'scripts',
    ]);
    expect(readdirSync(join(tree, 'knowledge')).sort()).toEqual([
      'features',
      'generated',
      'glossary.yaml',
      'history',
      'releases',
    ]);
    expect(existsSync(join(tree, 'dist/corpus.json'))).toBe(true);
    const sources = [...before.keys()].filter((p) => !p.startsWith('node_modules/') && /\.ts$/.test(p));
    expect(sources).toEqual([]);
    for (const dev of ['typescript', 'vitest', 'tsx', '@biomejs/biome', 'kubernetes-models', 'fast-check'])
      expect(existsSync(join(tree, 'node_modules', dev)), dev).toBe(false);
    for (const prod of ['@slack/bolt', 'discord.js', 'better-sqlite3', 'pg', 'prom-client'])
      expect(existsSync(join(tree, 'node_modules', prod)), prod).toBe(true);
  });

  it('answers `ask` from the snapshot in the tree', () => {
    const r = k8sbot(['ask', '--json', 'feature petset']);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ kind: 'feature', feature: { id: 'statefulset' } });
  });

  it('serves Slack over HTTP, ready on /readyz, and stops on SIGTERM', async () => {
    const serve = await startServe(
      {
        ...env(),
        SLACK_BOT_TOKEN: 'xoxb-runtime-tree',
        SLACK_SIGNING_SECRET: SECRET,
        SLACK_API_URL: `${slack.url}/api/`,
      },
      { command: ['dist/bot/cli.js', 'serve'], cwd: tree },
    );
    try {
      expect(await serve.readyz(200)).toMatchObject({ ready: true });
      const body = new URLSearchParams(slashCommand('release 1.24', `${slack.url}/response/rt`)).toString();
      const ts = Math.floor(Date.now() / 1000);
      const res = await fetch(`${serve.base}/slack/events`, {
        method: 'POST',
        body,
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'x-slack-request-timestamp': String(ts),
          'x-slack-signature': `v0=${createHmac('sha256', SECRET).update(`v0:${ts}:${body}`).digest('hex')}`,
        },
      });
      expect(JSON.stringify(await res.json())).toContain('Kubernetes 1.24 — Stargazer');
      expect(await serve.metrics()).toContain('k8sbot_questions_total{platform="slack",intent="release"');
      serve.child.kill('SIGTERM');
      expect(await serve.exited).toBe(0);
    } finally {
      serve.kill();
    }
  });

  it('syncs from a local upstream tree into the data directory, and answers from it', () => {
    const r = k8sbot(['sync', '--from', FIXTURE, '--json']);
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: true, changed: true, dataAsOf: '2026-08-21' });
    expect(JSON.parse(k8sbot(['stats', '--json']).stdout)).toMatchObject({ dataAsOf: '2026-08-21' });
  });

  it('wrote nothing outside the data directory: the tree and TMPDIR are as they were', () => {
    expect(listing(tree)).toEqual(before);
    expect(readdirSync(tmp)).toEqual([]);
    expect(readdirSync(data).filter((f) => !f.startsWith('k8sbot.sqlite'))).toEqual(['knowledge']);
    expect(JSON.parse(readFileSync(join(tree, 'package.json'), 'utf8')).engines.node).toBe(
      '^20.19.0 || ^22.12.0 || >=24.0.0',
    );
  });
});
