import { createHmac } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../adapters/config.js';
import { type RunningBot, startBot } from '../../../adapters/serve.js';
import { runSync } from '../../../adapters/sync/sync.js';
import { silentLogger } from '../../../bot/logger.js';
import { knowledgePaths } from '../../../knowledge/data-dir.js';
import { FakeGitHub } from '../../fakes/github.js';
import { fakeSlack, type HttpFake } from '../../fakes/http-fake.js';
import { slashCommand } from '../../fakes/slack-payloads.js';

const FIXTURE = join(import.meta.dirname, '../../fixtures/upstream');
const SECRET = '0123456789abcdef0123456789abcdef';
const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
const longDate = (iso: string) => {
  const d = new Date(`${iso}T00:00:00Z`);
  const month = d.toLocaleString('en-GB', { month: 'long', timeZone: 'UTC' });
  return `Wednesday ${d.getUTCDate()}th ${month} ${d.getUTCFullYear()}`;
};

/** Upstream as it looks once 1.37 shipped and the 1.38 cycle is under way (a gate moves to beta in 1.38). */
function release137(root: string, releaseDay138: string): void {
  const schedule = join(root, 'kubernetes/website/data/releases/schedule.yaml');
  writeFileSync(
    schedule,
    readFileSync(schedule, 'utf8').replace(
      'schedules:\n',
      'schedules:\n- endOfLifeDate: "2027-10-28"\n  maintenanceModeStartDate: "2027-08-28"\n  release: "1.37"\n  releaseDate: "2026-08-26"\n',
    ),
  );
  mkdirSync(join(root, 'kubernetes/sig-release/releases/release-1.38'), { recursive: true });
  writeFileSync(
    join(root, 'kubernetes/sig-release/releases/release-1.38/README.md'),
    [
      '# Kubernetes v1.38',
      '## Timeline',
      '| **What** | **Who** | **When** | **Week** |',
      '|---|---|---|---|',
      `| **v1.38.0 released** | Branch Manager | ${longDate(releaseDay138)} | week 15 |`,
      '',
    ].join('\n'),
  );
  const gate = join(
    root,
    'kubernetes/website/content/en/docs/reference/command-line-tools-reference/feature-gates/FixtureGateMoves.md',
  );
  writeFileSync(
    gate,
    readFileSync(gate, 'utf8').replace(
      '    fromVersion: "1.36"\n',
      '    fromVersion: "1.36"\n    toVersion: "1.37"\n  - stage: beta\n    defaultValue: true\n    fromVersion: "1.38"\n',
    ),
  );
}

describe('a running serve picks up new upstream knowledge without a restart', () => {
  const upstream = mkdtempSync(join(tmpdir(), 'k8sbot-upstream-'));
  const dataDir = mkdtempSync(join(tmpdir(), 'k8sbot-data-'));
  cpSync(FIXTURE, upstream, { recursive: true });
  const github = new FakeGitHub(upstream);
  let slack: HttpFake;
  let running: RunningBot;
  let base: string;
  const releaseDay138 = day(40);

  beforeAll(async () => {
    await github.start();
    slack = fakeSlack();
    await slack.start();
    const env = {
      SLACK_BOT_TOKEN: 'xoxb-live-refresh',
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: `${slack.url}/api/`,
      PORT: '0',
      K8SBOT_DB: ':memory:',
      K8SBOT_DATA_DIR: dataDir,
      K8SBOT_SYNC_INTERVAL: 'off',
      K8SBOT_GITHUB_API_URL: github.apiUrl,
      K8SBOT_GITHUB_RAW_URL: github.rawUrl,
    };
    // The bot starts from a synced bundle of today's upstream: 1.36 is the newest release, 1.37 is planned.
    await runSync({
      paths: knowledgePaths(dataDir),
      github: { apiUrl: github.apiUrl, rawUrl: github.rawUrl },
    });
    running = await startBot(loadConfig(env), silentLogger);
    base = `http://127.0.0.1:${running.port}`;
  });

  afterAll(async () => {
    await running.stop();
    await slack.stop();
    await github.stop();
    rmSync(upstream, { recursive: true, force: true });
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function ask(text: string): Promise<string> {
    const body = new URLSearchParams(slashCommand(text, `${slack.url}/response/x`)).toString();
    const ts = Math.floor(Date.now() / 1000);
    const sig = `v0=${createHmac('sha256', SECRET).update(`v0:${ts}:${body}`).digest('hex')}`;
    const res = await fetch(`${base}/slack/events`, {
      method: 'POST',
      body,
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-slack-request-timestamp': String(ts),
        'x-slack-signature': sig,
      },
    });
    expect(res.status).toBe(200);
    return JSON.stringify(await res.json());
  }

  it('answers from the synced data before the change', async () => {
    expect(await ask('release 1.38')).toContain('There is no Kubernetes 1.38 in my data');
    // 1.37's day (2026-08-26) has passed but this data does not show it: the card says so, not "planned".
    const r137 = await ask('release 1.37');
    expect(r137).toContain('1.37 was planned for 2026-08-26');
    expect(r137).toContain('may be out of date');
  });

  it('after upstream gains a release, a sync makes the running server answer it, digest included', async () => {
    release137(upstream, releaseDay138);
    github.serve();
    const requestsBefore = github.requests.length;
    // Questions keep being answered while the sync runs (in its own process) and the new index is built.
    const refreshing = running.refresher.refresh();
    const during = await ask('release 1.36');
    expect(during).toContain('Kubernetes 1.36');
    await refreshing;
    expect(github.requests.length).toBeGreaterThan(requestsBefore);

    const r138 = await ask('release 1.38');
    expect(r138).toContain('Kubernetes 1.38');
    expect(r138).toContain(`1.38 is not released yet; planned for ${releaseDay138}`);
    expect(r138).toContain('Fixture gate that moves');
    const r137 = await ask('release 1.37');
    expect(r137).not.toContain('not released yet');
    expect(r137).not.toContain('was planned for');
    const digest = await ask('digest preview');
    expect(digest).toContain('1.38');

    const health = (await (await fetch(`${base}/healthz`)).json()) as { data: Record<string, unknown> };
    expect(health.data).toMatchObject({ asOf: expect.any(String), sync: 'off' });
    expect(health.data.lastSyncAt).not.toBeNull();
  });

  it('a failed sync keeps the data in use and says why', async () => {
    const file = join(upstream, 'FairwindsOps/pluto/versions.yaml');
    writeFileSync(file, `${readFileSync(file, 'utf8')}\n# changed\n`);
    github.serve();
    github.fail(/pluto/, { kind: 'status', status: 500 });
    try {
      await running.refresher.refresh();
      expect(await ask('release 1.38')).toContain('Kubernetes 1.38');
      const health = (await (await fetch(`${base}/healthz`)).json()) as { data: Record<string, unknown> };
      expect(health.data.lastSyncError).toMatch(/GitHub answered 500/);
    } finally {
      github.clearFaults();
    }
  });

  it('picks up a bundle that another process (a manual k8sbot sync) switched to', async () => {
    const gate = join(
      upstream,
      'kubernetes/website/content/en/docs/reference/command-line-tools-reference/feature-gates/CoordinatedLeaderElection.md',
    );
    writeFileSync(
      gate,
      readFileSync(gate, 'utf8').replace(
        'fromVersion: "1.33"',
        'fromVersion: "1.33"\n    toVersion: "1.36"\n  - stage: stable\n    defaultValue: true\n    fromVersion: "1.37"',
      ),
    );
    github.serve();
    await runSync({
      paths: knowledgePaths(dataDir),
      github: { apiUrl: github.apiUrl, rawUrl: github.rawUrl },
    });
    expect(await running.refresher.pickUpSwitchedBundle()).toBe(true);
    expect(await ask('release 1.37')).toContain('Coordinated Leader Election');
  });
});
