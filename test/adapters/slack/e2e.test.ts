import { createHmac } from 'node:crypto';
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpServer, listen } from '../../../adapters/http.js';
import { SlackAdapter } from '../../../adapters/slack/app.js';
import type { KyselyStore } from '../../../adapters/storage/kysely-store.js';
import { openSqliteStore } from '../../../adapters/storage/sqlite.js';
import { Bot } from '../../../bot/bot.js';
import { DigestService } from '../../../bot/digest/commands.js';
import { silentLogger } from '../../../bot/logger.js';
import { fakeSlack, type HttpFake } from '../../fakes/http-fake.js';
import { buttonClick, slashCommand } from '../../fakes/slack-payloads.js';
import { realCorpus, realIndex } from '../../helpers.js';

const SECRET = '8f742231b10e8888abcd99aaaa8685a5';

function signed(body: string, { secret = SECRET, ts = Math.floor(Date.now() / 1000) } = {}) {
  const signature = `v0=${createHmac('sha256', secret).update(`v0:${ts}:${body}`).digest('hex')}`;
  return { 'x-slack-request-timestamp': String(ts), 'x-slack-signature': signature };
}

describe('Slack over HTTP (Bolt HTTPReceiver, fake Web API on 127.0.0.1)', () => {
  let slack: HttpFake;
  let server: Server;
  let base: string;
  let store: KyselyStore;

  beforeAll(async () => {
    slack = fakeSlack();
    await slack.start();
    store = await openSqliteStore(':memory:');
    const corpus = realCorpus();
    const bot = new Bot({ corpus, index: realIndex(), digest: new DigestService(corpus, store) });
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
    server = createHttpServer({
      slack: adapter.requestListener,
      logger: silentLogger,
      health: () => ({ slack: 'http' }),
    });
    base = `http://127.0.0.1:${await listen(server, 0, '127.0.0.1')}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
    await slack.stop();
    await store.close();
  });

  const command = (text: string, extra: Record<string, string> = {}) =>
    new URLSearchParams(slashCommand(text, `${slack.url}/response/cmd`, extra)).toString();

  async function post(
    body: string,
    headers: Record<string, string>,
    contentType = 'application/x-www-form-urlencoded',
  ) {
    return fetch(`${base}/slack/events`, {
      method: 'POST',
      body,
      headers: { 'content-type': contentType, ...headers },
    });
  }

  it('verifies the token at start-up with auth.test', () => {
    expect(slack.requests.some((r) => r.path === '/api/auth.test')).toBe(true);
  });

  it('answers /k8s feature petset inside the ack with an ephemeral card and a Share button', async () => {
    const body = command('feature petset');
    const res = await post(body, signed(body));
    expect(res.status).toBe(200);
    const reply = (await res.json()) as {
      response_type: string;
      text: string;
      blocks: Array<{
        type: string;
        text?: { text: string };
        elements?: Array<{ action_id: string; value: string }>;
      }>;
    };
    expect(reply.response_type).toBe('ephemeral');
    expect(reply.blocks[0]).toEqual({
      type: 'header',
      text: { type: 'plain_text', text: 'StatefulSet', emoji: false },
    });
    expect(JSON.stringify(reply.blocks)).toContain('alpha 1.3 (as PetSet, apps/v1alpha1)');
    expect(reply.text).toMatch(/^StatefulSet\n/);
    const share = reply.blocks.find((b) => b.type === 'actions' && b.elements?.[0]?.action_id === 'share');
    expect(share?.elements?.[0]?.value).toBe('feature petset');
  });

  it('answers /k8s release 1.24 with the release card', async () => {
    const body = command('release 1.24');
    const reply = (await (await post(body, signed(body))).json()) as { blocks: unknown[] };
    expect(JSON.stringify(reply.blocks)).toContain('Kubernetes 1.24 — Stargazer');
    expect(JSON.stringify(reply.blocks)).toContain('dockershim removal');
  });

  it('rejects a bad signature with 401', async () => {
    const body = command('feature petset');
    const res = await post(body, signed(body, { secret: 'b'.repeat(32) }));
    expect(res.status).toBe(401);
  });

  it('rejects a timestamp older than five minutes with 401, even when correctly signed', async () => {
    const body = command('feature petset');
    const res = await post(body, signed(body, { ts: Math.floor(Date.now() / 1000) - 6 * 60 }));
    expect(res.status).toBe(401);
  });

  it('answers hostile text without pinging anyone', async () => {
    const body = command('<!channel> <!here> <@U999> @everyone **x** [y](http://evil)');
    const reply = (await (await post(body, signed(body))).json()) as { text: string; blocks: unknown[] };
    const json = JSON.stringify(reply);
    expect(json).not.toMatch(/<!channel>|<!here>|<@U999>/);
    expect(json).toContain('&lt;!channel&gt;');
  });

  it('answers a 3,000-character input with a friendly "too long"', async () => {
    const body = command('x'.repeat(3000));
    const reply = (await (await post(body, signed(body))).json()) as { text: string };
    expect(reply.text).toContain('That question is too long (3000 characters)');
  });

  it('answers a mention in a thread under the question', async () => {
    const event = {
      token: 'legacy',
      team_id: 'T1',
      api_app_id: 'A1',
      type: 'event_callback',
      event_id: 'Ev1',
      event_time: 1,
      event: {
        type: 'app_mention',
        user: 'U42',
        text: '<@UBOT> what changed in 1.24?',
        ts: '1700000001.000200',
        channel: 'C123',
        event_ts: '1700000001.000200',
      },
    };
    const body = JSON.stringify(event);
    const res = await post(body, signed(body), 'application/json');
    expect(res.status).toBe(200);
    const posted = await slack.waitFor(
      (r) => r.path === '/api/chat.postMessage' && r.body.thread_ts === '1700000001.000200',
    );
    expect(posted.body.channel).toBe('C123');
    expect(JSON.stringify(posted.body.blocks)).toContain('Kubernetes 1.24 — Stargazer');
    expect(posted.headers.authorization).toBe('Bearer xoxb-test-token');
  });

  it('answers a direct message in the DM', async () => {
    const event = {
      type: 'event_callback',
      team_id: 'T1',
      api_app_id: 'A1',
      event_id: 'Ev2',
      event_time: 1,
      event: {
        type: 'message',
        channel_type: 'im',
        user: 'U42',
        text: 'sts',
        ts: '1700000002.000300',
        channel: 'D777',
        event_ts: '1700000002.000300',
      },
    };
    const body = JSON.stringify(event);
    await post(body, signed(body), 'application/json');
    const posted = await slack.waitFor(
      (r) => r.path === '/api/chat.postMessage' && r.body.channel === 'D777',
    );
    expect(JSON.stringify(posted.body.blocks)).toContain('StatefulSet');
  });

  it('shares a card in the channel when Share is clicked, without mentioning anyone', async () => {
    const payload = buttonClick(
      { actionId: 'share', blockId: 'share', value: 'feature petset' },
      `${slack.url}/response/share`,
    );
    const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
    const res = await post(body, signed(body));
    expect(res.status).toBe(200);
    const shared = await slack.waitFor((r) => r.path === '/response/share');
    expect(shared.body.response_type).toBe('in_channel');
    const json = JSON.stringify(shared.body.blocks);
    expect(json).toContain('StatefulSet');
    expect(json).toContain('Shared by alice');
    expect(json).not.toMatch(/<@U42>/);
  });

  it('opens a related feature when its button is clicked', async () => {
    const payload = buttonClick(
      { actionId: 'feature:0', blockId: 'actions-5', value: 'statefulset-max-unavailable' },
      `${slack.url}/response/related`,
    );
    const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
    await post(body, signed(body));
    const opened = await slack.waitFor((r) => r.path === '/response/related');
    expect(opened.body.response_type).toBe('ephemeral');
    expect(JSON.stringify(opened.body.blocks)).toContain('StatefulSet maxUnavailable');
  });

  it('subscribes, reports and unsubscribes the channel digest, recording who did it', async () => {
    const sub = command('digest subscribe tue 08:30 Asia/Tokyo');
    const subscribed = (await (await post(sub, signed(sub))).json()) as { text: string };
    expect(subscribed.text).toContain(
      'This channel will get the weekly digest every Tuesday at 08:30 (Asia/Tokyo)',
    );
    expect(
      await store.getSubscription({ platform: 'slack', workspaceId: 'T1', channelId: 'C123' }),
    ).toMatchObject({
      weekday: 2,
      time: '08:30',
      timeZone: 'Asia/Tokyo',
      createdBy: 'U42',
      createdByName: 'alice',
    });

    const status = command('digest status');
    expect(((await (await post(status, signed(status))).json()) as { text: string }).text).toContain(
      'every Tuesday at 08:30',
    );

    const bad = command('digest subscribe funday 25:00 Mars/Olympus');
    const problems = ((await (await post(bad, signed(bad))).json()) as { text: string }).text;
    expect(problems).toContain('"funday" is neither a weekday');
    expect(problems).toContain('"25:00" is not a time of day');
    expect(problems).toContain('"Mars/Olympus" is not an IANA time zone');

    const unsub = command('digest unsubscribe');
    expect(((await (await post(unsub, signed(unsub))).json()) as { text: string }).text).toContain(
      'will no longer get the weekly digest',
    );
    expect(
      await store.getSubscription({ platform: 'slack', workspaceId: 'T1', channelId: 'C123' }),
    ).toBeUndefined();
  });
});
