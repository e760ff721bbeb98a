import { createHmac } from 'node:crypto';
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpServer, listen } from '../../../adapters/http.js';
import { SlackAdapter } from '../../../adapters/slack/app.js';
import type { KyselyStore } from '../../../adapters/storage/kysely-store.js';
import { Bot } from '../../../bot/bot.js';
import { THREAD_CONTEXT_TTL_MS } from '../../../bot/followup/threads.js';
import { silentLogger } from '../../../bot/logger.js';
import { fakeSlack, type RecordedRequest, type SlackFake } from '../../fakes/http-fake.js';
import { realCorpus, realIndex } from '../../helpers.js';
import { STORE_KINDS, type StoreTarget, storeTarget } from '../../support/stores.js';

const SECRET = '8f742231b10e8888abcd99aaaa8685a5';

function signed(body: string) {
  const ts = Math.floor(Date.now() / 1000);
  const signature = `v0=${createHmac('sha256', SECRET).update(`v0:${ts}:${body}`).digest('hex')}`;
  return {
    'x-slack-request-timestamp': String(ts),
    'x-slack-signature': signature,
    'content-type': 'application/json',
  };
}

let seq = 0;
/** A Slack event callback as Slack posts it. */
function eventBody(event: Record<string, unknown>): string {
  seq++;
  return JSON.stringify({
    token: 'legacy',
    team_id: 'T1',
    api_app_id: 'A1',
    type: 'event_callback',
    event_id: `EvF${seq}`,
    event_time: 1,
    event: { user: 'U42', channel: 'C123', event_ts: event.ts, ...event },
  });
}

type Posted = RecordedRequest & {
  body: { thread_ts?: string; channel: string; blocks: unknown; text: string };
};

/** One replica: a bot and its Slack adapter behind an HTTP server, on the shared store. */
interface Replica {
  server: Server;
  base: string;
}

describe.each(STORE_KINDS)('Slack follow-ups in threads, over HTTP, context in %s', (kind) => {
  let slack: SlackFake;
  let target: StoreTarget;
  let stores: KyselyStore[];
  let replicas: Replica[];
  let now = new Date();

  beforeAll(async () => {
    slack = fakeSlack();
    await slack.start();
    target = await storeTarget(kind, 'slack-followup');
    // Two replicas, each with its own connection to the same database.
    stores = [await target.open(), await target.open()];
    replicas = [];
    for (const store of stores) {
      const bot = new Bot({ corpus: realCorpus(), index: realIndex(), threads: store, clock: () => now });
      const adapter = new SlackAdapter({
        bot,
        logger: silentLogger,
        config: {
          botToken: 'xoxb-test-token',
          signingSecret: SECRET,
          apiUrl: `${slack.url}/api/`,
          mode: 'http',
        },
      });
      await adapter.start();
      const server = createHttpServer({
        slack: adapter.requestListener,
        logger: silentLogger,
        health: () => ({ slack: 'http' }),
      });
      replicas.push({ server, base: `http://127.0.0.1:${await listen(server, 0, '127.0.0.1')}` });
    }
  });

  afterAll(async () => {
    for (const r of replicas) {
      r.server.closeAllConnections();
      await new Promise((done) => r.server.close(done));
    }
    await slack.stop();
    for (const s of stores) await s.close();
    await target.cleanup();
  });

  async function send(event: Record<string, unknown>, replica = 0): Promise<void> {
    const body = eventBody(event);
    const res = await fetch(`${replicas[replica]?.base}/slack/events`, {
      method: 'POST',
      body,
      headers: signed(body),
    });
    expect(res.status).toBe(200);
  }

  const postsIn = (thread: string) =>
    slack.requests.filter(
      (r) => r.path === '/api/chat.postMessage' && r.body.thread_ts === thread,
    ) as Posted[];

  async function answerIn(thread: string, count: number): Promise<Posted> {
    await slack.waitFor(() => postsIn(thread).length >= count);
    return postsIn(thread)[count - 1] as Posted;
  }

  const dmAnswers = () =>
    slack.requests.filter((r) => r.path === '/api/chat.postMessage' && r.body.channel === 'D777').length;

  /** Sends an event that must get no answer: then a DM, and once that is answered, nothing came for the event. */
  async function expectSilence(event: Record<string, unknown>, replica = 0): Promise<void> {
    const thread = String(event.thread_ts);
    const before = postsIn(thread).length;
    const dms = dmAnswers();
    await send(event, replica);
    await new Promise((r) => setTimeout(r, 300));
    const probe = `1700009${String(++seq).padStart(3, '0')}.000001`;
    await send({ type: 'message', channel_type: 'im', channel: 'D777', text: 'help', ts: probe }, replica);
    await slack.waitFor(() => dmAnswers() > dms);
    expect(postsIn(thread).length).toBe(before);
  }

  const mention = (text: string, ts: string, thread?: string) => ({
    type: 'app_mention',
    text: `<@UBOT> ${text}`,
    ts,
    ...(thread ? { thread_ts: thread } : {}),
  });
  const threadReply = (text: string, ts: string, thread: string) => ({
    type: 'message',
    channel_type: 'channel',
    text,
    ts,
    thread_ts: thread,
  });

  it('answers a mention in a thread, then a reply "and in 1.25?" without a mention in its context', async () => {
    const root = '1700000100.000100';
    await send(mention('feature petset', root));
    const first = await answerIn(root, 1);
    expect(JSON.stringify(first.body.blocks)).toContain('StatefulSet');

    await send(threadReply('and in 1.25?', '1700000101.000100', root));
    const follow = await answerIn(root, 2);
    const blocks = JSON.stringify(follow.body.blocks);
    expect(follow.body.channel).toBe('C123');
    expect(blocks).toContain('StatefulSet');
    expect(blocks).toContain('Follow-up read as: is StatefulSet available in 1.25?');

    await send(threadReply('show me the YAML', '1700000102.000100', root));
    const yaml = await answerIn(root, 3);
    expect(JSON.stringify(yaml.body.blocks)).toContain('StatefulSet: YAML examples');
    expect(JSON.stringify(yaml.body.blocks)).toContain('kind: StatefulSet');
  });

  it('switches the language with "日本語で"', async () => {
    const root = '1700000200.000100';
    await send(mention('what changed in 1.24?', root));
    expect(JSON.stringify((await answerIn(root, 1)).body.blocks)).toContain('Kubernetes 1.24 — Stargazer');
    await send(threadReply('日本語で', '1700000201.000100', root));
    const ja = JSON.stringify((await answerIn(root, 2)).body.blocks);
    expect(ja).toContain('Kubernetes 1.24 — Stargazer');
    expect(ja).toContain('リリース日');
    await send(threadReply('前のリリースは？', '1700000202.000100', root));
    const previous = JSON.stringify((await answerIn(root, 3)).body.blocks);
    expect(previous).toContain('Kubernetes 1.23');
    expect(previous).toContain('リリース日');
  });

  it('ignores a reply in a thread the bot never answered, and small talk in one it did', async () => {
    await expectSilence(threadReply('and in 1.25?', '1700000301.000100', '1700000300.000100'));
    await expectSilence(threadReply('what changed in 1.24?', '1700000302.000100', '1700000300.000100'));
    const root = '1700000310.000100';
    await send(mention('sts', root));
    await answerIn(root, 1);
    await expectSilence(threadReply('thanks, that helps!', '1700000311.000100', root));
    // Addressed to someone else.
    await expectSilence(threadReply('<@U99> and in 1.25?', '1700000312.000100', root));
    await expectSilence(threadReply('<!here> and in 1.25?', '1700000314.000100', root));
    // The bot's own message in the thread.
    await expectSilence({ ...threadReply('and in 1.25?', '1700000313.000100', root), bot_id: 'BBOT' });
  });

  it('answers a mention in a thread once, although it arrives as app_mention and as a message', async () => {
    const root = '1700000400.000100';
    await send(mention('feature petset', root));
    await answerIn(root, 1);
    const ts = '1700000401.000100';
    await send(threadReply('<@UBOT> and in 1.25?', ts, root));
    await send(mention('and in 1.25?', ts, root));
    const follow = await answerIn(root, 2);
    expect(JSON.stringify(follow.body.blocks)).toContain('is StatefulSet available in 1.25?');
    await expectSilence(threadReply('ok', '1700000402.000100', root));
    expect(postsIn(root)).toHaveLength(2);
  });

  it('a second replica on the same store answers the follow-up', async () => {
    const root = '1700000500.000100';
    await send(mention('upgrading from 1.23 to 1.25', root), 0);
    await answerIn(root, 1);
    await send(threadReply('from 1.24 instead', '1700000501.000100', root), 1);
    const follow = JSON.stringify((await answerIn(root, 2)).body.blocks);
    expect(follow).toContain('Upgrading from 1.24 to 1.25');
  });

  it('follows up in a DM', async () => {
    const dm = { type: 'message', channel_type: 'im', channel: 'D900' };
    await send({ ...dm, text: 'CronJobTimeZone', ts: '1700000600.000100' });
    await slack.waitFor((r) => r.path === '/api/chat.postMessage' && r.body.channel === 'D900');
    await send({ ...dm, text: 'when did it go GA?', ts: '1700000601.000100' }, 1);
    await slack.waitFor(
      (r) =>
        r.path === '/api/chat.postMessage' &&
        r.body.channel === 'D900' &&
        JSON.stringify(r.body.blocks).includes('Follow-up read as: when did CronJob time zones go GA?'),
    );
  });

  it('forgets a thread 24 hours after the bot’s last answer in it', async () => {
    const root = '1700000700.000100';
    await send(mention('feature petset', root));
    await answerIn(root, 1);
    const saved = now;
    try {
      now = new Date(saved.getTime() + THREAD_CONTEXT_TTL_MS + 60_000);
      await expectSilence(threadReply('and in 1.25?', '1700000701.000100', root), 1);
    } finally {
      now = saved;
    }
  });
});
