/**
 * Digests through the real Slack and Discord clients against local fakes that fail the way networks do: a 500,
 * a connection reset after the fake kept the post, a hang, a 429 storm. The tests count what the fake received.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DeliveryPolicy } from '../../../adapters/digest/deliver.js';
import { InMemoryDigestMetrics } from '../../../adapters/digest/metrics.js';
import { DigestScheduler } from '../../../adapters/digest/scheduler.js';
import { DiscordDigestPoster } from '../../../adapters/discord/poster.js';
import { SlackDigestPoster } from '../../../adapters/slack/poster.js';
import type { KyselyStore } from '../../../adapters/storage/kysely-store.js';
import type { Platform } from '../../../bot/digest/store.js';
import {
  type DiscordFake,
  fakeDiscord,
  fakeSlack,
  type RecordedRequest,
  type SlackFake,
} from '../../fakes/http-fake.js';
import { subscriptionInput } from '../../fakes/subscriptions.js';
import { realCorpus } from '../../helpers.js';
import { captureLogger, LEVEL, type LogLine } from '../../support/logs.js';
import { STORE_KINDS, type StoreTarget, storeTarget } from '../../support/stores.js';

const MONDAY_0905 = new Date('2026-11-23T09:05:00Z');
const WEEK = '2026-W48';
const POLICY: Partial<DeliveryPolicy> = {
  leaseMs: 3_000,
  backoffBaseMs: 20,
  inlineWaitMaxMs: 2_000,
  checkDelayMs: 50,
  maxAttempts: 4,
};
const TIMEOUT_MS = 400;

const isPost = (channel: string) => (r: RecordedRequest) =>
  r.path === '/api/chat.postMessage' && r.body.channel === channel;
const isDiscordPost = (channel: string) => (r: RecordedRequest) =>
  r.method === 'POST' && r.path.endsWith(`/channels/${channel}/messages`);

describe.each(STORE_KINDS)('exactly once against a misbehaving platform, on %s', (kind) => {
  let target: StoreTarget;
  let store: KyselyStore;
  let slack: SlackFake;
  let discord: DiscordFake;
  let log: { lines: LogLine[]; text: () => string };
  let metrics: InMemoryDigestMetrics;

  beforeAll(async () => {
    target = await storeTarget(kind, 'faults');
    store = await target.open();
    slack = fakeSlack();
    discord = fakeDiscord();
    await slack.start();
    await discord.start();
  });
  afterAll(async () => {
    await slack.stop();
    await discord.stop();
    await store.close();
    await target.cleanup();
  });
  beforeEach(async () => {
    for (const s of await store.listSubscriptions()) await store.deleteSubscription(s);
    await store.db.deleteFrom('deliveries').execute();
    slack.reset();
    discord.reset();
    slack.messages.length = 0;
    discord.messages.length = 0;
    const started = Date.now();
    slack.clock = () => MONDAY_0905.getTime() + (Date.now() - started);
  });

  async function deliver(platform: Platform, channel: string, nonceWindowMs?: number) {
    await store.upsertSubscription(
      subscriptionInput({ platform, workspaceId: platform === 'slack' ? 'T1' : '2000', channelId: channel }),
      new Date('2026-11-01T00:00:00Z'),
    );
    const captured = captureLogger();
    log = captured;
    metrics = new InMemoryDigestMetrics();
    const scheduler = new DigestScheduler({
      store,
      corpus: realCorpus(),
      logger: captured.logger,
      metrics,
      policy: POLICY,
      posters:
        platform === 'slack'
          ? {
              slack: new SlackDigestPoster({
                tokenFor: async () => 'xoxb-fault-test-secret',
                apiUrl: `${slack.url}/api/`,
                timeoutMs: TIMEOUT_MS,
                channelIntervalMs: 0,
                logger: captured.logger,
              }),
            }
          : {
              discord: new DiscordDigestPoster({
                token: 'discord-fault-test-token-0123',
                apiUrl: `${discord.url}/api`,
                timeoutMs: TIMEOUT_MS,
                channelIntervalMs: 0,
                ...(nonceWindowMs !== undefined ? { nonceWindowMs } : {}),
              }),
            },
    });
    const report = await scheduler.runOnce(MONDAY_0905);
    const row = await store.getDelivery({
      platform,
      workspaceId: platform === 'slack' ? 'T1' : '2000',
      channelId: channel,
      week: WEEK,
    });
    return { report, row };
  }

  const slackCount = (channel: string) => slack.digestCounts().get(`${channel} ${WEEK}`) ?? 0;
  const discordCount = (channel: string) => discord.countsByChannel().get(channel) ?? 0;
  const errorLogs = () => log.lines.filter((l) => l.level >= LEVEL.error).map((l) => l.msg);

  describe('Slack', () => {
    it('a 500 after Slack kept the post: found by its metadata, not sent again', async () => {
      slack.fault(isPost('C500'), { kind: 'status', status: 500, afterRecord: true });
      const { row } = await deliver('slack', 'C500');
      expect(slackCount('C500')).toBe(1);
      expect(slack.requests.filter(isPost('C500'))).toHaveLength(1);
      expect(row).toMatchObject({ status: 'posted', attempts: 1, messageId: slack.messages[0]?.ts });
      expect(metrics.get('check_found')).toBe(1);
    });

    it('a 500 before Slack kept it: the check finds nothing, so it is sent once more', async () => {
      slack.fault(isPost('C500B'), { kind: 'status', status: 500, afterRecord: false });
      const { row } = await deliver('slack', 'C500B');
      expect(slackCount('C500B')).toBe(1);
      expect(row).toMatchObject({ status: 'posted', attempts: 2 });
      expect(metrics.get('check_absent')).toBe(1);
    });

    it('a connection reset after Slack kept the post: not sent again', async () => {
      slack.fault(isPost('CRESET'), { kind: 'reset', afterRecord: true });
      const { row } = await deliver('slack', 'CRESET');
      expect(slackCount('CRESET')).toBe(1);
      expect(row).toMatchObject({ status: 'posted', attempts: 1 });
    });

    it('a hang: the attempt times out, the check finds the post, nothing more is sent', async () => {
      slack.fault(isPost('CHANG'), { kind: 'hang', afterRecord: true });
      const started = Date.now();
      const { row } = await deliver('slack', 'CHANG');
      expect(Date.now() - started).toBeGreaterThanOrEqual(TIMEOUT_MS);
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(slackCount('CHANG')).toBe(1);
      expect(row).toMatchObject({ status: 'posted', attempts: 1 });
    });

    it('a 429 with Retry-After is waited out, then posted once', async () => {
      slack.fault(isPost('C429'), {
        kind: 'status',
        status: 429,
        headers: { 'retry-after': '1' },
        body: { ok: false, error: 'ratelimited' },
        afterRecord: false,
      });
      const started = Date.now();
      const { row } = await deliver('slack', 'C429');
      expect(Date.now() - started).toBeGreaterThanOrEqual(950);
      expect(slackCount('C429')).toBe(1);
      expect(row).toMatchObject({ status: 'posted', attempts: 2 });
    });

    it('a 429 storm ends in a recorded failure, a log line and a metric', async () => {
      slack.fault(
        isPost('CSTORM'),
        {
          kind: 'status',
          status: 429,
          headers: { 'retry-after': '0' },
          body: { ok: false },
          afterRecord: false,
        },
        Number.POSITIVE_INFINITY,
      );
      const { row } = await deliver('slack', 'CSTORM');
      expect(slackCount('CSTORM')).toBe(0);
      expect(slack.requests.filter(isPost('CSTORM'))).toHaveLength(4);
      expect(row).toMatchObject({ status: 'failed', attempts: 4, nextAttemptAt: null });
      expect(errorLogs()).toEqual(['digest delivery failed for good after retries']);
      expect(metrics.get('failed')).toBe(1);
    });

    it('when the history cannot be read, records unknown and alerts instead of re-sending', async () => {
      slack.fault(isPost('CBLIND'), { kind: 'status', status: 502, afterRecord: true });
      slack.fault((r) => r.path === '/api/conversations.history', {
        kind: 'status',
        status: 200,
        body: { ok: false, error: 'missing_scope' },
        afterRecord: false,
      });
      const { row } = await deliver('slack', 'CBLIND');
      expect(slackCount('CBLIND')).toBe(1);
      expect(row).toMatchObject({ status: 'unknown', attempts: 1 });
      expect(errorLogs()).toEqual([
        'digest delivery outcome unknown and cannot be checked: not re-sent; look at the channel',
      ]);
      expect(metrics.get('unknown')).toBe(1);
      expect(log.text()).not.toContain('xoxb-fault-test-secret');
    });

    it('a channel that is gone is unsubscribed', async () => {
      slack.fault(isPost('CGONE'), {
        kind: 'status',
        status: 200,
        body: { ok: false, error: 'channel_not_found' },
        afterRecord: false,
      });
      const { row } = await deliver('slack', 'CGONE');
      expect(row?.status).toBe('gone');
      expect(
        await store.getSubscription({ platform: 'slack', workspaceId: 'T1', channelId: 'CGONE' }),
      ).toBeUndefined();
    });

    it('the digest carries its metadata: event type, week and delivery id', async () => {
      await deliver('slack', 'CMETA');
      expect(slack.messages[0]?.metadata).toEqual({
        event_type: 'k8sbot_digest',
        event_payload: { week: WEEK, delivery_id: expect.stringMatching(/^[\w-]{24}$/) },
      });
    });
  });

  describe('Discord', () => {
    it('a 500 after Discord kept the message: re-sent with the same nonce, de-duplicated', async () => {
      discord.fault(isDiscordPost('500'), { kind: 'status', status: 500, afterRecord: true });
      const { row } = await deliver('discord', '500');
      expect(discordCount('500')).toBe(1);
      const posts = discord.requests.filter(isDiscordPost('500'));
      expect(posts).toHaveLength(2);
      expect(posts.map((p) => p.body.nonce)).toEqual([posts[0]?.body.nonce, posts[0]?.body.nonce]);
      expect(posts[0]?.body.enforce_nonce).toBe(true);
      expect(row).toMatchObject({ status: 'posted', messageId: discord.messages[0]?.id });
    });

    it('a reset or a hang after Discord kept the message: still one message', async () => {
      discord.fault(isDiscordPost('601'), { kind: 'reset', afterRecord: true });
      discord.fault(isDiscordPost('602'), { kind: 'hang', afterRecord: true });
      await deliver('discord', '601');
      await deliver('discord', '602');
      expect(discordCount('601')).toBe(1);
      expect(discordCount('602')).toBe(1);
    });

    it('a 429 storm ends in a recorded failure, never an endless loop', async () => {
      discord.fault(
        isDiscordPost('429'),
        {
          kind: 'status',
          status: 429,
          headers: { 'retry-after': '0', 'x-ratelimit-scope': 'user' },
          body: { message: 'You are being rate limited.', retry_after: 0.01, global: false },
          afterRecord: false,
        },
        Number.POSITIVE_INFINITY,
      );
      const { row } = await deliver('discord', '429');
      expect(discordCount('429')).toBe(0);
      expect(row).toMatchObject({ status: 'failed', attempts: 4, nextAttemptAt: null });
      expect(errorLogs()).toEqual(['digest delivery failed for good after retries']);
    });

    it('past the nonce window an unknown outcome is recorded unknown and alerted, never re-sent', async () => {
      discord.fault(isDiscordPost('700'), { kind: 'status', status: 503, afterRecord: true });
      const { row } = await deliver('discord', '700', 0);
      expect(discordCount('700')).toBe(1);
      expect(discord.requests.filter(isDiscordPost('700'))).toHaveLength(1);
      expect(row).toMatchObject({ status: 'unknown' });
      expect(metrics.get('unknown', 'discord')).toBe(1);
    });

    it('Unknown Channel unsubscribes', async () => {
      discord.fault(isDiscordPost('800'), {
        kind: 'status',
        status: 404,
        body: { code: 10003, message: 'Unknown Channel' },
        afterRecord: false,
      });
      const { row } = await deliver('discord', '800');
      expect(row?.status).toBe('gone');
    });
  });
});
