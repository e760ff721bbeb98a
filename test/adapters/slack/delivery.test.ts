import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SlackAdapter } from '../../../adapters/slack/app.js';
import { Bot } from '../../../bot/bot.js';
import { DigestScheduler } from '../../../bot/digest/scheduler.js';
import { DigestStore } from '../../../bot/digest/store.js';
import { silentLogger } from '../../../bot/logger.js';
import { fakeSlack, type HttpFake } from '../../fakes/http-fake.js';
import { subscriptionInput } from '../../fakes/subscriptions.js';
import { realCorpus, realIndex } from '../../helpers.js';

describe('weekly digest delivered through Slack’s Web API (fake on 127.0.0.1)', () => {
  let slack: HttpFake;
  let adapter: SlackAdapter;
  let store: DigestStore;
  let scheduler: DigestScheduler;
  const monday = new Date('2026-11-23T09:01:00Z');

  beforeAll(async () => {
    slack = fakeSlack();
    await slack.start();
    store = new DigestStore(':memory:');
    adapter = new SlackAdapter({
      bot: new Bot({ corpus: realCorpus(), index: realIndex() }),
      logger: silentLogger,
      config: {
        botToken: 'xoxb-test-token',
        signingSecret: 'a'.repeat(32),
        apiUrl: `${slack.url}/api/`,
        mode: 'http',
      },
    });
    await adapter.start();
    scheduler = new DigestScheduler({
      store,
      corpus: realCorpus(),
      posters: { slack: adapter },
      logger: silentLogger,
      workerId: 'w',
    });
    store.upsertSubscription(
      subscriptionInput({ channelId: 'CJA', lang: 'ja' }),
      new Date('2026-11-01T00:00:00Z'),
    );
    store.upsertSubscription(subscriptionInput({ channelId: 'CGONE' }), new Date('2026-11-01T00:00:00Z'));
  });

  afterAll(async () => {
    await slack.stop();
    store.close();
  });

  it('honours 429 Retry-After, posts once in the subscriber’s language, and unsubscribes a channel that is gone', async () => {
    slack.once((r) => r.path === '/api/chat.postMessage' && r.body.channel === 'CJA', {
      status: 429,
      headers: { 'retry-after': '1' },
      body: { ok: false, error: 'ratelimited' },
    });
    slack.once((r) => r.path === '/api/chat.postMessage' && r.body.channel === 'CGONE', {
      body: { ok: false, error: 'channel_not_found' },
    });
    const started = Date.now();
    const report = await scheduler.runOnce(monday);
    expect(report).toMatchObject({ due: 2, posted: 1, gone: 1 });

    const attempts = slack.requests.filter(
      (r) => r.path === '/api/chat.postMessage' && r.body.channel === 'CJA',
    );
    expect(attempts).toHaveLength(2);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(JSON.stringify(attempts[1]?.body.blocks)).toContain('Kubernetes 週間ダイジェスト — 2026-W48');
    expect(store.getDelivery('slack', 'CJA', '2026-W48')).toMatchObject({
      status: 'posted',
      messageId: expect.stringMatching(/^\d+\.\d+$/),
    });

    expect(store.getSubscription('slack', 'CGONE')).toBeUndefined();
    expect(await scheduler.runOnce(new Date('2026-11-23T12:00:00Z'))).toMatchObject({ posted: 0 });
  });
});
