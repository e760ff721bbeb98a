import { createHmac } from 'node:crypto';
import type { Server } from 'node:http';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StoreEventDeduper } from '../../../adapters/edge/dedupe.js';
import { createHttpServer, listen } from '../../../adapters/http.js';
import { SlackAdapter } from '../../../adapters/slack/app.js';
import type { KyselyStore } from '../../../adapters/storage/kysely-store.js';
import { Bot } from '../../../bot/bot.js';
import { DigestService } from '../../../bot/digest/commands.js';
import { fakeSlack, type SlackFake } from '../../fakes/http-fake.js';
import { buttonClick, slashCommand } from '../../fakes/slack-payloads.js';
import { realCorpus, realIndex } from '../../helpers.js';
import { captureLogger } from '../../support/logs.js';
import { type StoreTarget, storeTarget } from '../../support/stores.js';

const SECRET = '8f742231b10e8888abcd99aaaa8685a5';
const FORM = 'application/x-www-form-urlencoded';
const JSON_TYPE = 'application/json';

function signature(body: string, ts = Math.floor(Date.now() / 1000)) {
  return {
    'x-slack-request-timestamp': String(ts),
    'x-slack-signature': `v0=${createHmac('sha256', SECRET).update(`v0:${ts}:${body}`).digest('hex')}`,
  };
}

/** Two replicas of the Slack HTTP endpoint on one store, as two pods behind a Service. */
describe('Slack over HTTP: no input breaks it', () => {
  let slack: SlackFake;
  let target: StoreTarget;
  const stores: KyselyStore[] = [];
  const servers: Server[] = [];
  const bases: string[] = [];
  const log = captureLogger('info');

  beforeAll(async () => {
    slack = fakeSlack();
    await slack.start();
    target = await storeTarget('sqlite', 'slack-edge');
    for (let i = 0; i < 2; i++) {
      const store = await target.open();
      stores.push(store);
      const corpus = realCorpus();
      const adapter = new SlackAdapter({
        bot: new Bot({ corpus, index: realIndex(), digest: new DigestService(corpus, store) }),
        logger: log.logger,
        deduper: new StoreEventDeduper(store, log.logger),
        config: {
          botToken: 'xoxb-edge-token',
          signingSecret: SECRET,
          apiUrl: `${slack.url}/api/`,
          mode: 'http',
        },
      });
      await adapter.start();
      const server = createHttpServer({
        slack: adapter.requestListener,
        logger: log.logger,
        health: () => ({}),
      });
      servers.push(server);
      bases.push(`http://127.0.0.1:${await listen(server, 0, '127.0.0.1')}`);
    }
  });

  afterAll(async () => {
    for (const s of servers) {
      s.closeAllConnections();
      await new Promise((r) => s.close(r));
    }
    for (const s of stores) await s.close();
    await target.cleanup();
    await slack.stop();
  });

  const post = (
    body: string,
    contentType: string,
    headers: Record<string, string> = signature(body),
    base = bases[0],
  ) =>
    fetch(`${base}/slack/events`, {
      method: 'POST',
      body,
      headers: { 'content-type': contentType, ...headers },
    });

  const command = (text: string) =>
    new URLSearchParams(slashCommand(text, `${slack.url}/response/edge`)).toString();

  it('refuses signed bodies that are not a Slack payload with 400, and keeps answering', async () => {
    for (const body of [
      'null',
      '[]',
      '"text"',
      '42',
      'true',
      '{}',
      '{"type":"event_callback","event":null}',
      '{',
    ]) {
      const res = await post(body, JSON_TYPE);
      expect(res.status, body).toBe(400);
    }
    for (const payload of ['null', '[1,2]', '{"type":"block_actions","actions":"x"}', 'not json']) {
      const body = new URLSearchParams({ payload }).toString();
      expect((await post(body, FORM)).status, payload).toBe(400);
    }
    const repeated = 'command=%2Fk8s&command=%2Fk8s&team_id=T1&channel_id=C1&user_id=U1&text=sts';
    expect((await post(repeated, FORM)).status).toBe(400);
    const ok = command('feature petset');
    const reply = await post(ok, FORM);
    expect(reply.status).toBe(200);
    expect(JSON.stringify(await reply.json())).toContain('StatefulSet');
  });

  it('fuzz: any signed JSON value gets 200 or 400, never a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue({ maxDepth: 4 }), async (value) => {
        const body = JSON.stringify(value) ?? 'null';
        const res = await post(body, JSON_TYPE);
        await res.arrayBuffer();
        expect([200, 400]).toContain(res.status);
      }),
      { numRuns: 150 },
    );
  });

  const anything = fc.oneof(
    fc.string(),
    fc.integer(),
    fc.constant(null),
    fc.boolean(),
    fc.array(fc.string(), { maxLength: 3 }),
    fc.dictionary(fc.string({ maxLength: 8 }), fc.string(), { maxKeys: 3 }),
  );

  it('fuzz: commands, button clicks and events with fields of any type get 200 or 400', async () => {
    const commandFields = fc.record(
      {
        command: fc.oneof(fc.constant('/k8s'), anything),
        text: fc.oneof(fc.string({ maxLength: 600 }), anything),
        team_id: fc.oneof(fc.constant('T1'), anything),
        channel_id: fc.oneof(fc.constant('C1'), anything),
        user_id: fc.oneof(fc.constant('U1'), anything),
        response_url: fc.oneof(fc.constant(`${slack.url}/response/fuzz`), anything),
      },
      { requiredKeys: [] },
    );
    const click = fc.record(
      {
        type: fc.oneof(fc.constant('block_actions'), anything),
        user: fc.oneof(fc.constant({ id: 'U1', username: 'alice' }), anything),
        team: fc.oneof(fc.constant({ id: 'T1' }), anything),
        response_url: fc.oneof(fc.constant(`${slack.url}/response/fuzz`), anything),
        actions: fc.oneof(
          fc.array(
            fc.record({
              type: fc.oneof(fc.constant('button'), anything),
              action_id: fc.oneof(fc.constantFrom('share', 'feature:0', 'ask:1', 'other'), anything),
              block_id: fc.oneof(fc.constant('b'), anything),
              value: fc.oneof(fc.string({ maxLength: 40 }), anything),
            }),
            { maxLength: 3 },
          ),
          anything,
        ),
      },
      { requiredKeys: [] },
    );
    const event = fc.record(
      {
        type: fc.oneof(fc.constant('event_callback'), anything),
        event_id: fc.oneof(
          fc.uuid().map((u) => `Ev${u}`),
          anything,
        ),
        team_id: fc.oneof(fc.constant('T1'), anything),
        event: fc.oneof(
          fc.record(
            {
              type: fc.oneof(fc.constantFrom('app_mention', 'message', 'app_uninstalled'), anything),
              channel: fc.oneof(fc.constant('CFUZZ'), anything),
              channel_type: fc.oneof(fc.constant('im'), anything),
              text: fc.oneof(fc.string({ maxLength: 100 }), anything),
              ts: fc.oneof(fc.constant('1.2'), anything),
              thread_ts: anything,
              item: anything,
            },
            { requiredKeys: [] },
          ),
          anything,
        ),
      },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          commandFields.map((f) => ({
            body: new URLSearchParams(
              Object.fromEntries(
                Object.entries(f).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]),
              ),
            ).toString(),
            type: FORM,
          })),
          click.map((c) => ({
            body: new URLSearchParams({ payload: JSON.stringify(c) }).toString(),
            type: FORM,
          })),
          event.map((e) => ({ body: JSON.stringify(e), type: JSON_TYPE })),
        ),
        async ({ body, type }) => {
          const res = await post(body, type);
          await res.arrayBuffer();
          expect([200, 400]).toContain(res.status);
        },
      ),
      { numRuns: 250 },
    );
    // Still answering after all of that.
    expect((await post(command('release 1.24'), FORM)).status).toBe(200);
  });

  it('fuzz: a wrong or missing signature is 401 whatever the body', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ maxLength: 200 }),
        fc.option(fc.stringMatching(/^v0=[0-9a-f]{64}$/), { nil: undefined }),
        fc.option(fc.integer({ min: -1e12, max: 1e12 }).map(String), { nil: undefined }),
        async (body, sig, ts) => {
          const headers: Record<string, string> = {};
          if (sig) headers['x-slack-signature'] = sig;
          if (ts) headers['x-slack-request-timestamp'] = ts;
          const res = await post(body, JSON_TYPE, headers);
          await res.arrayBuffer();
          expect(res.status).toBe(401);
        },
      ),
      { numRuns: 100 },
    );
    const stale = command('sts');
    expect((await post(stale, FORM, signature(stale, Math.floor(Date.now() / 1000) - 301))).status).toBe(401);
  });

  it('answers GET /slack/events with 405 and logs none of its headers', async () => {
    const res = await fetch(`${bases[0]}/slack/events`, {
      headers: { authorization: 'Bearer leaked-bearer-value', cookie: 'session=leaked-cookie-value' },
    });
    expect(res.status).toBe(405);
    expect(log.text()).not.toMatch(/leaked-bearer-value|leaked-cookie-value/);
  });

  it('refuses a 4 MB body with 413 before looking at its signature', async () => {
    const res = await post('x'.repeat(4 * 2 ** 20), JSON_TYPE, {});
    expect(res.status).toBe(413);
  });

  it('answers url_verification and ssl_check', async () => {
    const challenge = JSON.stringify({ type: 'url_verification', challenge: 'c-123', token: 't' });
    expect(await (await post(challenge, JSON_TYPE)).json()).toEqual({ challenge: 'c-123' });
    expect((await post('ssl_check=1&token=x', FORM, {})).status).toBe(200);
  });

  it('handles an event once across Slack retries and replays, whichever replica gets them', async () => {
    const event = JSON.stringify({
      type: 'event_callback',
      team_id: 'T1',
      event_id: 'EvRetried',
      event: { type: 'app_mention', text: '<@UBOT> sts', ts: '1700000009.000100', channel: 'CRETRY' },
    });
    const deliveries = [
      post(event, JSON_TYPE, signature(event), bases[0]),
      post(
        event,
        JSON_TYPE,
        { ...signature(event), 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' },
        bases[1],
      ),
      post(event, JSON_TYPE, { ...signature(event), 'x-slack-retry-num': '2' }, bases[0]),
    ];
    expect((await Promise.all(deliveries)).map((r) => r.status)).toEqual([200, 200, 200]);
    await slack.waitFor((r) => r.path === '/api/chat.postMessage' && r.body.channel === 'CRETRY');
    await new Promise((r) => setTimeout(r, 500));
    // A replay of the captured request, later, to the other replica.
    await post(event, JSON_TYPE, signature(event), bases[1]);
    await new Promise((r) => setTimeout(r, 300));
    expect(slack.messages.filter((m) => m.channel === 'CRETRY')).toHaveLength(1);
    expect(log.lines.filter((l) => l.msg.includes('already handled'))).toHaveLength(3);
  });

  it('answers a click on the biggest card, which is well inside the body cap', async () => {
    const payload = buttonClick(
      { actionId: 'ask:0', blockId: 'actions-1', value: 'compare 1.0 1.37' },
      `${slack.url}/response/big`,
    );
    const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
    expect((await post(body, FORM)).status).toBe(200);
    await slack.waitFor((r) => r.path === '/response/big');
  });
});
