/**
 * Replica processes on one database, posting to a local fake platform that misbehaves; the tests count how often
 * the fake received each digest: exactly once, or marked unknown with an alert — never twice.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { KyselyStore } from '../../../adapters/storage/kysely-store.js';
import type { Platform } from '../../../bot/digest/store.js';
import { projectRoot } from '../../../knowledge/paths.js';
import {
  type Fault,
  fakeDiscord,
  fakeSlack,
  type HttpFake,
  type RecordedRequest,
} from '../../fakes/http-fake.js';
import { subscriptionInput } from '../../fakes/subscriptions.js';
import type { WorkerSpec } from '../../fixtures/scheduler-worker.js';
import { STORE_KINDS, type StoreTarget, storeTarget } from '../../support/stores.js';

const WEEKS = ['2026-11-23T09:05:00Z', '2026-11-30T09:05:00Z', '2026-12-07T09:05:00Z'];
const UNKNOWN_ALERT =
  'digest delivery outcome unknown and cannot be checked: not re-sent; look at the channel';

interface Replica {
  child: ChildProcess;
  exited: Promise<number | null>;
  stderr: () => string;
}

function startReplica(spec: WorkerSpec): Replica {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'test/fixtures/scheduler-worker.ts', JSON.stringify(spec)],
    { cwd: projectRoot, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let err = '';
  child.stderr?.on('data', (d: Buffer) => {
    err += d.toString();
  });
  child.stdout?.resume();
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, exited, stderr: () => err };
}

const logLines = (text: string) =>
  text
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as { level: number; msg: string; channel?: string; week?: string });

describe.each(STORE_KINDS)('replica processes on one %s database', (kind) => {
  let target: StoreTarget;
  let store: KyselyStore | undefined;
  let fake: HttpFake | undefined;
  const replicas: Replica[] = [];
  let dir: string | undefined;

  afterEach(async () => {
    for (const r of replicas.splice(0)) if (r.child.exitCode === null) r.child.kill('SIGKILL');
    await fake?.stop();
    await store?.close();
    await target?.cleanup();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function subscribe(platform: Platform, channels: string[]) {
    for (const channelId of channels) {
      await store?.upsertSubscription(
        subscriptionInput({ platform, workspaceId: platform === 'slack' ? 'T1' : '2000', channelId }),
        new Date('2026-11-01T00:00:00Z'),
      );
    }
  }

  it('four replicas over 300 channel-weeks, with 500s, resets, hangs and 429s: never twice', async () => {
    target = await storeTarget(kind, 'replicas');
    store = await target.open();
    const channels = Array.from({ length: 100 }, (_, i) => `C${String(i).padStart(3, '0')}`);
    await subscribe('slack', channels);
    const slack = fakeSlack();
    fake = slack;
    const epoch = Date.now();
    slack.clock = () => Date.parse(WEEKS.at(-1) as string) + (Date.now() - epoch);
    let posts = 0;
    slack.on((r) => {
      if (r.path !== '/api/chat.postMessage') return undefined;
      const n = ++posts;
      const fault: Fault | undefined =
        n % 11 === 3
          ? { kind: 'status', status: 500, afterRecord: true }
          : n % 11 === 6
            ? { kind: 'reset', afterRecord: true }
            : n % 11 === 8
              ? { kind: 'reset', afterRecord: false }
              : n % 29 === 5
                ? { kind: 'hang', afterRecord: true }
                : n % 31 === 9
                  ? {
                      kind: 'status',
                      status: 429,
                      headers: { 'retry-after': '1' },
                      body: { ok: false },
                      afterRecord: false,
                    }
                  : undefined;
      return fault ? slack.apply(r, fault) : undefined;
    });
    let histories = 0;
    slack.on((r) => {
      if (r.path !== '/api/conversations.history' || ++histories % 7 !== 0) return undefined;
      return { status: 500, body: {} };
    });
    await slack.start();
    dir = mkdtempSync(join(tmpdir(), 'k8sbot-replicas-'));
    const startFile = join(dir, 'go');
    for (let i = 0; i < 4; i++) {
      replicas.push(
        startReplica({
          store: kind,
          location: target.location,
          platform: 'slack',
          apiUrl: slack.url,
          epoch,
          weeks: WEEKS,
          workerId: `replica-${i}`,
          timeoutMs: 500,
          deadlineMs: 120_000,
          policy: { leaseMs: 3_000, checkDelayMs: 100, backoffBaseMs: 50, inlineWaitMaxMs: 2_000 },
          startFile,
        }),
      );
    }
    writeFileSync(startFile, '');
    const codes = await Promise.all(replicas.map((r) => r.exited));
    expect(codes).toEqual([0, 0, 0, 0]);

    const rows = await store.listDeliveries();
    expect(rows).toHaveLength(300);
    const counts = slack.digestCounts();
    const statuses: Record<string, number> = {};
    for (const row of rows) {
      const received = counts.get(`${row.channelId} ${row.week}`) ?? 0;
      statuses[row.status] = (statuses[row.status] ?? 0) + 1;
      expect(received, `${row.channelId} ${row.week} received ${received} times`).toBeLessThanOrEqual(1);
      expect(['posted', 'unknown']).toContain(row.status);
      if (row.status === 'posted') expect(received, `${row.channelId} ${row.week}`).toBe(1);
    }
    expect(Math.max(...counts.values())).toBe(1);
    const alerts = replicas
      .flatMap((r) => logLines(r.stderr()))
      .filter((l) => l.level === 50 && l.msg === UNKNOWN_ALERT);
    expect(alerts.map((a) => `${a.channel} ${a.week}`).sort()).toEqual(
      rows
        .filter((r) => r.status === 'unknown')
        .map((r) => `${r.channelId} ${r.week}`)
        .sort(),
    );
    // The faults really happened, and most digests still went out on the first pass.
    expect(posts).toBeGreaterThan(300);
    expect(statuses.posted ?? 0).toBeGreaterThan(250);
  }, 180_000);

  it.each<Platform>(['slack', 'discord'])(
    'SIGKILL of a %s replica in the middle of a post: the next replica checks, and each digest arrives once',
    async (platform) => {
      target = await storeTarget(kind, `kill-${platform}`);
      store = await target.open();
      const slackLike = platform === 'slack';
      const kept = slackLike ? 'CKEPT' : '9001';
      const lost = slackLike ? 'CLOST' : '9002';
      const others = slackLike ? ['C1', 'C2', 'C3'] : ['9101', '9102', '9103'];
      await subscribe(platform, [kept, lost, ...others]);
      const platformFake = slackLike ? fakeSlack() : fakeDiscord();
      fake = platformFake;
      const epoch = Date.now();
      if (slackLike)
        (platformFake as ReturnType<typeof fakeSlack>).clock = () =>
          Date.parse(WEEKS[0] as string) + (Date.now() - epoch);
      const isPost = (channel: string) => (r: RecordedRequest) =>
        slackLike
          ? r.path === '/api/chat.postMessage' && r.body.channel === channel
          : r.method === 'POST' && r.path.endsWith(`/channels/${channel}/messages`);
      platformFake.fault(isPost(kept), { kind: 'hang', afterRecord: true });
      platformFake.fault(isPost(lost), { kind: 'hang', afterRecord: false });
      await platformFake.start();
      const spec = (workerId: string, timeoutMs: number): WorkerSpec => ({
        store: kind,
        location: target.location,
        platform,
        apiUrl: platformFake.url,
        epoch,
        weeks: [WEEKS[0] as string],
        workerId,
        timeoutMs,
        deadlineMs: 60_000,
        policy: { leaseMs: 1_500, checkDelayMs: 100 },
      });
      const first = startReplica(spec('doomed', 60_000));
      replicas.push(first);
      await platformFake.waitFor(isPost(kept), 20_000);
      await platformFake.waitFor(isPost(lost), 20_000);
      for (const c of others) await platformFake.waitFor(isPost(c), 20_000);
      await new Promise((r) => setTimeout(r, 200));
      first.child.kill('SIGKILL');
      await first.exited;
      expect(
        (
          await store.getDelivery({
            platform,
            workspaceId: slackLike ? 'T1' : '2000',
            channelId: kept,
            week: '2026-W48',
          })
        )?.status,
      ).toBe('posting');

      const next = startReplica(spec('survivor', 2_000));
      replicas.push(next);
      expect(await next.exited).toBe(0);
      const rows = await store.listDeliveries();
      expect(rows.map((r) => [r.channelId, r.status])).toEqual(
        [kept, lost, ...others].sort().map((c) => [c, 'posted']),
      );
      const received = slackLike
        ? [...(platformFake as ReturnType<typeof fakeSlack>).digestCounts()].map(([k, n]) => [
            k.split(' ')[0],
            n,
          ])
        : [...(platformFake as ReturnType<typeof fakeDiscord>).countsByChannel()];
      expect(Object.fromEntries(received)).toEqual(
        Object.fromEntries([kept, lost, ...others].map((c) => [c, 1])),
      );
    },
    90_000,
  );
});
