import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StoreError } from '../../../adapters/storage/errors.js';
import type { KyselyStore } from '../../../adapters/storage/kysely-store.js';
import { MAX_THREAD_CONTEXT_BYTES } from '../../../adapters/storage/types.js';
import type { DeliveryKey } from '../../../bot/digest/store.js';
import { subscriptionInput } from '../../fakes/subscriptions.js';
import { STORE_KINDS, type StoreTarget, storeTarget } from '../../support/stores.js';

const NOW = new Date('2026-11-23T09:05:00Z');
const at = (ms: number) => new Date(NOW.getTime() + ms);
const key = (channelId: string, over: Partial<DeliveryKey> = {}): DeliveryKey => ({
  platform: 'slack',
  workspaceId: 'T1',
  channelId,
  week: '2026-W48',
  ...over,
});

describe.each(STORE_KINDS)('the %s store', (kind) => {
  let target: StoreTarget;
  let store: KyselyStore;
  let other: KyselyStore;

  beforeAll(async () => {
    target = await storeTarget(kind, 'store');
    store = await target.open();
    other = await target.open();
  });
  afterAll(async () => {
    await store.close();
    await other.close();
    await target.cleanup();
  });

  it('creates the schema with versioned migrations, once', async () => {
    expect(await store.migrations()).toEqual([
      '001_baseline',
      '002_workspaces',
      '003_threads_leases_installations',
      '004_event_receipts',
    ]);
    expect(await other.migrate()).toEqual([]);
  });

  it('keys subscriptions by platform, workspace and channel', async () => {
    const created = new Date('2026-11-01T00:00:00Z');
    await store.upsertSubscription(subscriptionInput({ workspaceId: 'T1', channelId: 'C1' }), created);
    await store.upsertSubscription(
      subscriptionInput({ workspaceId: 'T2', channelId: 'C1', lang: 'ja', createdByName: 'bob' }),
      created,
    );
    const updated = await other.upsertSubscription(
      subscriptionInput({ workspaceId: 'T1', channelId: 'C1', weekday: 2, time: '08:30' }),
      NOW,
    );
    expect(updated).toMatchObject({ weekday: 2, time: '08:30', createdAt: created.toISOString() });
    expect(updated.updatedAt).toBe(NOW.toISOString());
    expect(
      await store.getSubscription({ platform: 'slack', workspaceId: 'T2', channelId: 'C1' }),
    ).toMatchObject({ lang: 'ja', createdByName: 'bob' });
    expect((await store.listSubscriptions('slack')).map((s) => `${s.workspaceId}/${s.channelId}`)).toEqual([
      'T1/C1',
      'T2/C1',
    ]);
    expect(await store.deleteSubscription({ platform: 'slack', workspaceId: 'T2', channelId: 'C1' })).toBe(
      true,
    );
    expect(await store.deleteSubscription({ platform: 'slack', workspaceId: 'T2', channelId: 'C1' })).toBe(
      false,
    );
    expect(await store.listSubscriptions('discord')).toEqual([]);
  });

  it('lets exactly one of many concurrent claimers hold a (channel, week)', async () => {
    const claims = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        (i % 2 ? other : store).claimDelivery(key('RACE'), `w${i}`, NOW, 30_000),
      ),
    );
    const winners = claims.filter((c) => c !== undefined);
    expect(winners).toHaveLength(1);
    expect(winners[0]).toMatchObject({ status: 'claimed', attempts: 0, unknownSince: null });
  });

  it('settles a delivery only by its holder, and never hands out a settled one', async () => {
    const k = key('C-SETTLE');
    expect(await store.claimDelivery(k, 'a', NOW, 30_000)).toBeDefined();
    expect(await store.startAttempt(k, 'b', NOW, 30_000)).toBe(false);
    expect(await store.startAttempt(k, 'a', NOW, 30_000)).toBe(true);
    expect(await other.finishDelivery(k, 'b', { status: 'posted', messageId: 'x' }, NOW)).toBe(false);
    expect(await store.finishDelivery(k, 'a', { status: 'posted', messageId: '1.2' }, at(1000))).toBe(true);
    expect(await store.getDelivery(k)).toMatchObject({
      status: 'posted',
      attempts: 1,
      messageId: '1.2',
      postedAt: at(1000).toISOString(),
      firstAttemptAt: NOW.toISOString(),
      leaseUntil: null,
    });
    expect(await other.claimDelivery(k, 'b', at(7 * 86_400_000), 30_000)).toBeUndefined();
  });

  it('gives an expired claim to another replica; an expired post comes back marked unknown, to be checked', async () => {
    const claimedOnly = key('C-CLAIMED');
    const inFlight = key('C-INFLIGHT');
    await store.claimDelivery(claimedOnly, 'dead', NOW, 30_000);
    await store.claimDelivery(inFlight, 'dead', NOW, 30_000);
    await store.startAttempt(inFlight, 'dead', NOW, 30_000);
    expect(await other.claimDelivery(claimedOnly, 'live', at(29_000), 30_000)).toBeUndefined();
    expect(await other.claimDelivery(claimedOnly, 'live', at(30_000), 30_000)).toMatchObject({
      claimedBy: 'live',
      unknownSince: null,
    });
    expect(await other.claimDelivery(inFlight, 'live', at(31_000), 30_000)).toMatchObject({
      claimedBy: 'live',
      status: 'claimed',
      attempts: 1,
      unknownSince: NOW.toISOString(),
    });
  });

  it('retries a failed delivery at its time, and never one that failed for good', async () => {
    const later = key('C-LATER');
    const never = key('C-NEVER');
    for (const k of [later, never]) {
      await store.claimDelivery(k, 'a', NOW, 30_000);
      await store.startAttempt(k, 'a', NOW, 30_000);
    }
    await store.finishDelivery(
      later,
      'a',
      { status: 'failed', error: '429', retryAt: at(60_000).toISOString() },
      NOW,
    );
    await store.finishDelivery(never, 'a', { status: 'failed', error: 'invalid_auth', retryAt: null }, NOW);
    expect(await other.claimDelivery(later, 'b', at(59_000), 30_000)).toBeUndefined();
    expect(await other.claimDelivery(later, 'b', at(60_000), 30_000)).toMatchObject({ attempts: 1 });
    expect(await other.claimDelivery(never, 'b', at(86_400_000), 30_000)).toBeUndefined();
    expect((await store.deliveryStates(['2026-W48'])).find((s) => s.channelId === 'C-NEVER')).toMatchObject({
      status: 'failed',
      nextAttemptAt: null,
    });
  });

  it('keeps "unknown since" across a refused retry, holds a claim between attempts, and releases on shutdown', async () => {
    const k = key('C-UNKNOWN');
    await store.claimDelivery(k, 'a', NOW, 30_000);
    await store.startAttempt(k, 'a', NOW, 30_000);
    expect(await store.setUnknownSince(k, 'a', NOW.toISOString())).toBe(true);
    expect(await store.holdClaim(k, 'a', at(1000), 30_000)).toBe(true);
    expect(await store.getDelivery(k)).toMatchObject({ status: 'claimed', unknownSince: NOW.toISOString() });
    await store.finishDelivery(k, 'a', { status: 'pending' }, at(2000));
    expect(await other.claimDelivery(k, 'b', at(2000), 30_000)).toMatchObject({
      claimedBy: 'b',
      unknownSince: NOW.toISOString(),
    });
    expect(await other.extendLease(k, 'b', at(2000), 0)).toBe(true);
    expect(await store.claimDelivery(k, 'c', at(2000), 30_000)).toMatchObject({ claimedBy: 'c' });
  });

  it('records a gone channel and drops its subscription in one step', async () => {
    await store.upsertSubscription(subscriptionInput({ workspaceId: 'T1', channelId: 'C-GONE' }), NOW);
    const k = key('C-GONE');
    await store.claimDelivery(k, 'a', NOW, 30_000);
    await store.startAttempt(k, 'a', NOW, 30_000);
    expect(await store.finishDelivery(k, 'a', { status: 'gone', error: 'channel_not_found' }, NOW)).toBe(
      true,
    );
    expect(await store.getSubscription(k)).toBeUndefined();
    expect(await store.lastDelivery(k)).toMatchObject({ status: 'gone', lastError: 'channel_not_found' });
  });

  it('gives rows from before workspaces to the workspace that adopts them', async () => {
    await store.upsertSubscription(subscriptionInput({ workspaceId: '', channelId: 'C-OLD' }), NOW);
    await store.claimDelivery(key('C-OLD', { workspaceId: '' }), 'a', NOW, 30_000);
    expect(await store.adoptLegacyWorkspace('slack', 'T9')).toBe(1);
    expect(
      await store.getSubscription({ platform: 'slack', workspaceId: 'T9', channelId: 'C-OLD' }),
    ).toBeDefined();
    expect(await store.getDelivery(key('C-OLD', { workspaceId: 'T9' }))).toMatchObject({ claimedBy: 'a' });
    expect(await store.adoptLegacyWorkspace('slack', 'T9')).toBe(0);
  });

  it('keeps thread context until it expires, bounded in size', async () => {
    const thread = { platform: 'slack' as const, workspaceId: 'T1', channelId: 'C1', threadId: '1700.0001' };
    await store.putThreadContext(thread, { feature: 'statefulset', turns: 1 }, 60_000, NOW);
    expect(await other.getThreadContext(thread, at(59_000))).toMatchObject({
      value: { feature: 'statefulset', turns: 1 },
      expiresAt: at(60_000).toISOString(),
    });
    await other.putThreadContext(thread, { feature: 'cronjob', turns: 2 }, 60_000, at(30_000));
    expect((await store.getThreadContext(thread, at(70_000)))?.value).toEqual({
      feature: 'cronjob',
      turns: 2,
    });
    expect(await store.getThreadContext({ ...thread, workspaceId: 'T2' }, NOW)).toBeUndefined();
    expect(await store.getThreadContext(thread, at(90_000))).toBeUndefined();
    const big = 'x'.repeat(MAX_THREAD_CONTEXT_BYTES);
    await expect(
      store.putThreadContext({ ...thread, threadId: 'big' }, { big }, 60_000, NOW),
    ).rejects.toThrow(StoreError);
    await store.putThreadContext({ ...thread, threadId: 'short' }, [1, 'two', null], 1000, NOW);
    expect(await store.pruneThreadContexts(at(90_000))).toBe(2);
    expect(await store.deleteThreadContext(thread)).toBe(false);
  });

  it('holds a lease for one owner, renewed by it, taken over once it expires', async () => {
    expect(await store.acquireLease('discord-gateway', 'a', 45_000, NOW)).toBe(true);
    expect(await other.acquireLease('discord-gateway', 'b', 45_000, at(10_000))).toBe(false);
    expect(await store.acquireLease('discord-gateway', 'a', 45_000, at(15_000))).toBe(true);
    expect(await other.acquireLease('discord-gateway', 'b', 45_000, at(59_000))).toBe(false);
    expect(await other.acquireLease('discord-gateway', 'b', 45_000, at(60_000))).toBe(true);
    expect(await store.getLease('discord-gateway')).toMatchObject({
      owner: 'b',
      acquiredAt: at(60_000).toISOString(),
      expiresAt: at(105_000).toISOString(),
    });
    expect(await store.releaseLease('discord-gateway', 'a')).toBe(false);
    expect(await other.releaseLease('discord-gateway', 'b')).toBe(true);
    const racers = await Promise.all(
      ['p', 'q', 'r', 's'].map((o, i) => (i % 2 ? other : store).acquireLease('race', o, 45_000, NOW)),
    );
    expect(racers.filter(Boolean)).toHaveLength(1);
  });

  it('hands an event id to exactly one replica until its receipt expires', async () => {
    const racers = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        (i % 2 ? other : store).claimEventReceipt('slack:Ev1', NOW, 60_000),
      ),
    );
    expect(racers.filter(Boolean)).toHaveLength(1);
    expect(await other.claimEventReceipt('slack:Ev1', at(59_000), 60_000)).toBe(false);
    expect(await other.claimEventReceipt('slack:Ev2', at(59_000), 60_000)).toBe(true);
    // Expired: the id may be handled again (a receipt is kept longer than Slack retries).
    expect(await store.claimEventReceipt('slack:Ev1', at(60_000), 60_000)).toBe(true);
    expect(await store.pruneEventReceipts(at(130_000))).toBe(2);
  });

  it('answers the readiness ping with a write, and fails it once closed', async () => {
    await expect(store.ping('replica-a', NOW)).resolves.toBeUndefined();
    await expect(store.ping('replica-a', at(1000))).resolves.toBeUndefined();
    const closed = await target.open();
    await closed.close();
    await expect(closed.ping('replica-b', NOW)).rejects.toThrow(StoreError);
  });

  it('saves, finds and deletes Slack installations by team or enterprise', async () => {
    const team = { teamId: 'T7', enterpriseId: null, isEnterpriseInstall: false };
    const org = { teamId: null, enterpriseId: 'E1', isEnterpriseInstall: true };
    await store.saveSlackInstallation(team, { team: { id: 'T7' }, bot: { token: 'xoxb-7' } }, NOW);
    await store.saveSlackInstallation(team, { team: { id: 'T7' }, bot: { token: 'xoxb-7b' } }, at(1000));
    await store.saveSlackInstallation(org, { enterprise: { id: 'E1' } }, NOW);
    expect(await other.getSlackInstallation(team)).toEqual({ team: { id: 'T7' }, bot: { token: 'xoxb-7b' } });
    expect(await other.getSlackInstallation(org)).toEqual({ enterprise: { id: 'E1' } });
    expect(await other.deleteSlackInstallation(team)).toBe(true);
    expect(await store.getSlackInstallation(team)).toBeUndefined();
  });
});
