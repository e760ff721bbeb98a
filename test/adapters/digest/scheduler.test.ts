import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DeliveryPolicy } from '../../../adapters/digest/deliver.js';
import { InMemoryDigestMetrics } from '../../../adapters/digest/metrics.js';
import { DigestScheduler } from '../../../adapters/digest/scheduler.js';
import type { KyselyStore } from '../../../adapters/storage/kysely-store.js';
import type { Logger } from '../../../bot/logger.js';
import { subscriptionInput } from '../../fakes/subscriptions.js';
import { realCorpus } from '../../helpers.js';
import { captureLogger, LEVEL, type LogLine } from '../../support/logs.js';
import { ScriptedPoster } from '../../support/posters.js';
import { STORE_KINDS, type StoreTarget, storeTarget } from '../../support/stores.js';

const MONDAY_0905 = new Date('2026-11-23T09:05:00Z');
const WEEK = '2026-W48';
const minutes = (d: Date, n: number) => new Date(d.getTime() + n * 60_000);
const FAST: Partial<DeliveryPolicy> = {
  leaseMs: 2_000,
  backoffBaseMs: 20,
  inlineWaitMaxMs: 1_000,
  checkDelayMs: 20,
  maxAttempts: 4,
};

describe.each(STORE_KINDS)('digest scheduler on %s', (kind) => {
  let target: StoreTarget;
  let store: KyselyStore;
  let second: KyselyStore;
  let log: { logger: Logger; lines: LogLine[] };

  beforeAll(async () => {
    target = await storeTarget(kind, 'scheduler');
    store = await target.open();
    second = await target.open();
  });
  afterAll(async () => {
    await store.close();
    await second.close();
    await target.cleanup();
  });
  beforeEach(async () => {
    log = captureLogger();
    for (const s of await store.listSubscriptions()) await store.deleteSubscription(s);
    await store.db.deleteFrom('deliveries').execute();
  });

  const subscribe = async (...channels: string[]) => {
    for (const channelId of channels) {
      await store.upsertSubscription(subscriptionInput({ channelId }), new Date('2026-11-01T00:00:00Z'));
    }
  };
  const scheduler = (poster: ScriptedPoster, over: { store?: KyselyStore; workerId?: string } = {}) =>
    new DigestScheduler({
      store: over.store ?? store,
      corpus: realCorpus(),
      posters: { slack: poster },
      logger: log.logger,
      metrics: new InMemoryDigestMetrics(),
      workerId: over.workerId ?? 'a',
      policy: FAST,
    });
  const delivery = (channelId: string) =>
    store.getDelivery({ platform: 'slack', workspaceId: 'T1', channelId, week: WEEK });
  const errors = () => log.lines.filter((l) => l.level >= LEVEL.error).map((l) => l.msg);

  it('posts a due digest once, and not again after a restart in the same week', async () => {
    await subscribe('C1');
    const poster = new ScriptedPoster();
    expect(await scheduler(poster).runOnce(minutes(MONDAY_0905, -10))).toMatchObject({ due: 0 });
    expect(await scheduler(poster).runOnce(MONDAY_0905)).toMatchObject({ due: 1, posted: 1 });
    expect(poster.sends[0]?.digest.answer.digest?.week).toBe(WEEK);
    const restarted = scheduler(poster, { store: second, workerId: 'b' });
    expect(await restarted.runOnce(minutes(MONDAY_0905, 30))).toMatchObject({
      due: 1,
      posted: 0,
      skipped: 1,
    });
    expect(poster.sends).toHaveLength(1);
    expect(await delivery('C1')).toMatchObject({ status: 'posted', attempts: 1, messageId: 'm-C1-1' });
  });

  it('catches up when the bot starts later in the same week, never for a past week', async () => {
    await subscribe('C1');
    const poster = new ScriptedPoster();
    await scheduler(poster).runOnce(new Date('2026-11-30T08:00:00Z'));
    expect(poster.sends).toHaveLength(0);
    await scheduler(poster).runOnce(new Date('2026-11-26T17:00:00Z'));
    expect(poster.sends.map((s) => s.digest.answer.digest?.date)).toEqual(['2026-11-23']);
  });

  it('two replicas on one database post each channel once', async () => {
    const channels = Array.from({ length: 12 }, (_, i) => `C${i}`);
    await subscribe(...channels);
    const pa = new ScriptedPoster();
    const pb = new ScriptedPoster();
    for (const c of channels) {
      pa.delays.set(c, 10);
      pb.delays.set(c, 10);
    }
    await Promise.all([
      scheduler(pa, { workerId: 'a' }).runOnce(MONDAY_0905),
      scheduler(pb, { store: second, workerId: 'b' }).runOnce(MONDAY_0905),
    ]);
    expect([...pa.sends, ...pb.sends].map((s) => s.channel).sort()).toEqual([...channels].sort());
  });

  it('does not make channels wait on each other: a slow post holds up only its own channel', async () => {
    await subscribe('SLOW', 'C1', 'C2', 'C3');
    const poster = new ScriptedPoster();
    poster.delays.set('SLOW', 600);
    const started = Date.now();
    const pass = scheduler(poster).runOnce(MONDAY_0905);
    await new Promise((r) => setTimeout(r, 300));
    expect([...poster.delivered.keys()].sort()).toEqual(['C1', 'C2', 'C3']);
    await pass;
    expect(poster.delivered.get('SLOW')).toBe(1);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('retries a refused post in the same pass after a short backoff, spacing posts to one channel', async () => {
    await subscribe('C1');
    const poster = new ScriptedPoster();
    poster.channelIntervalMs = 300;
    poster.plan('C1', { kind: 'refused', error: 'slack: ECONNREFUSED', gone: false, retryable: true });
    expect(await scheduler(poster).runOnce(MONDAY_0905)).toMatchObject({ posted: 1 });
    const [first, second] = poster.sends;
    expect((second?.at ?? 0) - (first?.at ?? 0)).toBeGreaterThanOrEqual(290);
    expect(await delivery('C1')).toMatchObject({ status: 'posted', attempts: 2 });
  });

  it('waits as long as Retry-After says: a long one is left to a later pass', async () => {
    await subscribe('C1');
    const poster = new ScriptedPoster();
    poster.plan('C1', {
      kind: 'refused',
      error: '429',
      gone: false,
      retryable: true,
      retryAfterMs: 5 * 60_000,
    });
    const s = scheduler(poster);
    expect(await s.runOnce(MONDAY_0905)).toMatchObject({ retry: 1 });
    const row = await delivery('C1');
    expect(row).toMatchObject({ status: 'failed', attempts: 1, lastError: '429' });
    expect(Date.parse(row?.nextAttemptAt ?? '') - MONDAY_0905.getTime()).toBeGreaterThanOrEqual(5 * 60_000);
    expect(await s.runOnce(minutes(MONDAY_0905, 4))).toMatchObject({ claimed: 0, skipped: 1 });
    expect(await s.runOnce(minutes(MONDAY_0905, 6))).toMatchObject({ posted: 1 });
    expect(poster.delivered.get('C1')).toBe(1);
  });

  it('ends a 429 storm in a recorded failure with an error log and a metric, not an endless loop', async () => {
    await subscribe('C1');
    const poster = new ScriptedPoster();
    for (let i = 0; i < 10; i++)
      poster.plan('C1', {
        kind: 'refused',
        error: 'slack: rate limited',
        gone: false,
        retryable: true,
        retryAfterMs: 30,
      });
    const s = scheduler(poster);
    expect(await s.runOnce(MONDAY_0905)).toMatchObject({ failed: 1 });
    expect(poster.sendsTo('C1')).toBe(4);
    expect(await delivery('C1')).toMatchObject({ status: 'failed', attempts: 4, nextAttemptAt: null });
    expect(errors()).toEqual(['digest delivery failed for good after retries']);
    expect((s.metrics as InMemoryDigestMetrics).get('failed')).toBe(1);
    expect(await s.runOnce(minutes(MONDAY_0905, 600))).toMatchObject({ claimed: 0 });
  });

  it('records a permanent refusal as failed at once; a gone channel is unsubscribed', async () => {
    await subscribe('C1', 'CGONE');
    const poster = new ScriptedPoster();
    poster.plan('C1', { kind: 'refused', error: 'slack: invalid_blocks', gone: false, retryable: false });
    poster.plan('CGONE', {
      kind: 'refused',
      error: 'slack: channel_not_found',
      gone: true,
      retryable: false,
    });
    expect(await scheduler(poster).runOnce(MONDAY_0905)).toMatchObject({ failed: 1, gone: 1 });
    expect(await delivery('C1')).toMatchObject({ status: 'failed', attempts: 1, nextAttemptAt: null });
    expect(
      await store.getSubscription({ platform: 'slack', workspaceId: 'T1', channelId: 'CGONE' }),
    ).toBeUndefined();
    expect(errors()).toEqual(['digest refused for good']);
  });

  it('after an unknown outcome, checks before anything else: found means posted, never sent again', async () => {
    await subscribe('C1');
    const poster = new ScriptedPoster();
    poster.plan('C1', { kind: 'unknown', error: 'slack: HTTP 500' });
    poster.planCheck('C1', { kind: 'found', messageId: '1700.1' });
    const s = scheduler(poster);
    expect(await s.runOnce(MONDAY_0905)).toMatchObject({ posted: 1 });
    expect(poster.sendsTo('C1')).toBe(1);
    expect(await delivery('C1')).toMatchObject({ status: 'posted', messageId: '1700.1', unknownSince: null });
    expect((s.metrics as InMemoryDigestMetrics).snapshot()).toMatchObject({
      'outcome_unknown:slack': 1,
      'check_found:slack': 1,
      'posted:slack': 1,
    });
  });

  it('sends again only when the check finds no digest', async () => {
    await subscribe('C1');
    const poster = new ScriptedPoster();
    poster.plan('C1', { kind: 'unknown', error: 'slack: TimeoutError' });
    poster.planCheck('C1', { kind: 'absent' });
    expect(await scheduler(poster).runOnce(MONDAY_0905)).toMatchObject({ posted: 1 });
    expect(poster.sendsTo('C1')).toBe(2);
    expect(poster.delivered.get('C1')).toBe(1);
  });

  it('records unknown and alerts when the outcome cannot be checked; never sends again', async () => {
    await subscribe('C1');
    const poster = new ScriptedPoster();
    poster.plan('C1', { kind: 'unknown', error: 'slack: UND_ERR_SOCKET' });
    poster.planCheck('C1', { kind: 'unknowable', error: 'conversations.history: slack: missing_scope' });
    const s = scheduler(poster);
    expect(await s.runOnce(MONDAY_0905)).toMatchObject({ unknown: 1 });
    expect(await delivery('C1')).toMatchObject({ status: 'unknown', attempts: 1 });
    const alert = log.lines.find((l) => l.level === LEVEL.error);
    expect(alert).toMatchObject({
      msg: 'digest delivery outcome unknown and cannot be checked: not re-sent; look at the channel',
      channel: 'C1',
      week: WEEK,
    });
    expect((s.metrics as InMemoryDigestMetrics).get('unknown')).toBe(1);
    expect(await s.runOnce(minutes(MONDAY_0905, 600))).toMatchObject({ claimed: 0 });
    expect(poster.sendsTo('C1')).toBe(1);
  });

  it('gives up as unknown, not failed, when an unknown outcome is followed by refusals', async () => {
    await subscribe('C1');
    const poster = new ScriptedPoster();
    poster.plan('C1', { kind: 'unknown', error: 'discord: HTTP 503' });
    for (let i = 0; i < 5; i++) poster.planCheck('C1', { kind: 'deduplicated' });
    for (let i = 0; i < 5; i++)
      poster.plan('C1', {
        kind: 'refused',
        error: 'discord: rate limited',
        gone: false,
        retryable: true,
        retryAfterMs: 10,
      });
    const s = scheduler(poster);
    expect(await s.runOnce(MONDAY_0905)).toMatchObject({ unknown: 1 });
    expect(await delivery('C1')).toMatchObject({ status: 'unknown', attempts: 4 });
    expect(errors()).toEqual([
      'digest delivery outcome unknown and cannot be checked: not re-sent; look at the channel',
    ]);
  });

  it('a replica that died mid-post leaves the row to be checked once its lease expires', async () => {
    await subscribe('C1');
    const key = { platform: 'slack' as const, workspaceId: 'T1', channelId: 'C1', week: WEEK };
    await second.claimDelivery(key, 'dead', MONDAY_0905, 2_000);
    await second.startAttempt(key, 'dead', MONDAY_0905, 2_000);
    const poster = new ScriptedPoster();
    poster.planCheck('C1', { kind: 'found', messageId: '1700.2' });
    const s = scheduler(poster);
    expect(await s.runOnce(new Date(MONDAY_0905.getTime() + 1_000))).toMatchObject({
      claimed: 0,
      skipped: 1,
    });
    expect(await s.runOnce(new Date(MONDAY_0905.getTime() + 2_500))).toMatchObject({ posted: 1 });
    expect(poster.checks).toEqual([{ channel: 'C1', since: MONDAY_0905 }]);
    expect(poster.sends).toHaveLength(0);
  });

  it('never runs two passes at once: a tick during a pass runs one more pass after it', async () => {
    await subscribe('C1', 'C2');
    const poster = new ScriptedPoster();
    poster.delays.set('C1', 200);
    const s = new DigestScheduler({
      store,
      corpus: realCorpus(),
      posters: { slack: poster },
      logger: log.logger,
      clock: () => MONDAY_0905,
      policy: FAST,
    });
    let running = 0;
    let most = 0;
    let passes = 0;
    const runOnce = s.runOnce.bind(s);
    s.runOnce = async (now) => {
      running++;
      passes++;
      most = Math.max(most, running);
      try {
        return await runOnce(now);
      } finally {
        running--;
      }
    };
    s.start();
    await new Promise((r) => setTimeout(r, 50));
    void s.trigger();
    void s.trigger();
    await s.trigger();
    s.stop();
    expect(most).toBe(1);
    expect(passes).toBe(2);
    expect(poster.delivered.get('C1')).toBe(1);
  });

  it('stops claiming on stop(), lets the post in flight finish, and gives back what it had not started', async () => {
    await subscribe('C1', 'C2', 'C3');
    const poster = new ScriptedPoster();
    for (const c of ['C1', 'C2', 'C3']) poster.delays.set(c, 300);
    const s = new DigestScheduler({
      store,
      corpus: realCorpus(),
      posters: { slack: poster },
      logger: log.logger,
      concurrency: 1,
      clock: () => MONDAY_0905,
      policy: FAST,
    });
    const pass = s.runOnce(MONDAY_0905);
    await new Promise((r) => setTimeout(r, 100));
    s.stop();
    expect(await s.drain(2_000)).toBe(true);
    await pass;
    expect(poster.sends).toHaveLength(1);
    const sent = poster.sends[0]?.channel ?? '';
    expect(await delivery(sent)).toMatchObject({ status: 'posted' });
    expect(await s.runOnce(MONDAY_0905)).toMatchObject({ due: 0 });
  });
});
