import { createHmac } from 'node:crypto';
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InMemoryDigestMetrics } from '../../../adapters/digest/metrics.js';
import { DigestScheduler } from '../../../adapters/digest/scheduler.js';
import { createHttpServer, listen } from '../../../adapters/http.js';
import { SlackAdapter } from '../../../adapters/slack/app.js';
import { StoreInstallationStore } from '../../../adapters/slack/installation-store.js';
import { SlackDigestPoster } from '../../../adapters/slack/poster.js';
import type { KyselyStore } from '../../../adapters/storage/kysely-store.js';
import { openSqliteStore } from '../../../adapters/storage/sqlite.js';
import { Bot } from '../../../bot/bot.js';
import { DigestService } from '../../../bot/digest/commands.js';
import { silentLogger } from '../../../bot/logger.js';
import { fakeSlack, type SlackFake } from '../../fakes/http-fake.js';
import { slashCommand } from '../../fakes/slack-payloads.js';
import { realCorpus, realIndex } from '../../helpers.js';

const SIGNING_SECRET = '8f742231b10e8888abcd99aaaa8685a5';

describe('Slack OAuth distribution: install, a token per workspace, kept in the store', () => {
  let slack: SlackFake;
  let store: KyselyStore;
  let server: Server;
  let adapter: SlackAdapter;
  let base: string;

  beforeAll(async () => {
    slack = fakeSlack();
    slack.teams.set('xoxb-team-two', 'T2');
    slack.on((r) =>
      r.path === '/api/oauth.v2.access'
        ? r.body.code === 'good-code' && r.body.client_id === '1111.2222'
          ? {
              body: {
                ok: true,
                app_id: 'A1',
                authed_user: { id: 'U9' },
                scope: 'commands,chat:write',
                token_type: 'bot',
                access_token: 'xoxb-team-two',
                bot_user_id: 'UB2',
                team: { id: 'T2', name: 'Two' },
                enterprise: null,
                is_enterprise_install: false,
              },
            }
          : { body: { ok: false, error: 'invalid_code' } }
        : undefined,
    );
    await slack.start();
    store = await openSqliteStore(':memory:');
    const corpus = realCorpus();
    adapter = new SlackAdapter({
      bot: new Bot({ corpus, index: realIndex(), digest: new DigestService(corpus, store) }),
      logger: silentLogger,
      installationStore: new StoreInstallationStore(store),
      config: {
        mode: 'http',
        signingSecret: SIGNING_SECRET,
        apiUrl: `${slack.url}/api/`,
        oauth: {
          clientId: '1111.2222',
          clientSecret: 'abcdef0123456789abcdef',
          stateSecret: 'a-long-random-state-secret',
        },
      },
    });
    await adapter.start();
    server = createHttpServer({ slack: adapter.requestListener, logger: silentLogger, health: () => ({}) });
    base = `http://127.0.0.1:${await listen(server, 0, '127.0.0.1')}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
    await slack.stop();
    await store.close();
  });

  async function install(): Promise<{ state: string; cookie: string }> {
    const res = await fetch(`${base}/slack/install`, { redirect: 'manual' });
    expect(res.status).toBe(302);
    const location = new URL(res.headers.get('location') ?? '');
    expect(location.origin + location.pathname).toBe('https://slack.com/oauth/v2/authorize');
    expect(location.searchParams.get('client_id')).toBe('1111.2222');
    expect(location.searchParams.get('scope')?.split(',')).toEqual(
      expect.arrayContaining(['commands', 'chat:write', 'channels:history']),
    );
    const state = location.searchParams.get('state') ?? '';
    const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    return { state, cookie };
  }

  const slash = async (text: string, team: string) => {
    const body = new URLSearchParams(
      slashCommand(text, `${slack.url}/response/x`, { team_id: team }),
    ).toString();
    const ts = Math.floor(Date.now() / 1000);
    const signature = `v0=${createHmac('sha256', SIGNING_SECRET).update(`v0:${ts}:${body}`).digest('hex')}`;
    return fetch(`${base}/slack/events`, {
      method: 'POST',
      body,
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-slack-request-timestamp': String(ts),
        'x-slack-signature': signature,
      },
    });
  };

  it('refuses a redirect whose state does not match the browser that started the install', async () => {
    const { state } = await install();
    const res = await fetch(
      `${base}/slack/oauth_redirect?code=good-code&state=${encodeURIComponent(state)}`,
      {
        headers: { cookie: 'slack-app-oauth-state=forged' },
      },
    );
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(
      await store.getSlackInstallation({ teamId: 'T2', enterpriseId: null, isEnterpriseInstall: false }),
    ).toBeUndefined();
  });

  it('installs into a workspace, answers its commands with its own token, and keys its subscriptions by it', async () => {
    const { state, cookie } = await install();
    const res = await fetch(
      `${base}/slack/oauth_redirect?code=good-code&state=${encodeURIComponent(state)}`,
      {
        headers: { cookie },
      },
    );
    expect(res.status).toBe(200);
    expect(
      await store.getSlackInstallation({ teamId: 'T2', enterpriseId: null, isEnterpriseInstall: false }),
    ).toMatchObject({
      team: { id: 'T2' },
      bot: { token: 'xoxb-team-two', userId: 'UB2' },
    });

    const answer = (await (await slash('feature petset', 'T2')).json()) as { text: string };
    expect(answer.text).toMatch(/^StatefulSet/);
    const sub = (await (await slash('digest subscribe mon 09:00', 'T2')).json()) as { text: string };
    expect(sub.text).toContain('This channel will get the weekly digest');
    expect(
      await store.getSubscription({ platform: 'slack', workspaceId: 'T2', channelId: 'C123' }),
    ).toMatchObject({
      createdBy: 'U42',
    });
    // A workspace that never installed the app is not answered with anyone's token.
    expect(await (await slash('feature petset', 'T3')).text()).not.toContain('StatefulSet');

    const scheduler = new DigestScheduler({
      store,
      corpus: realCorpus(),
      logger: silentLogger,
      metrics: new InMemoryDigestMetrics(),
      posters: {
        slack: new SlackDigestPoster({
          tokenFor: (w) => adapter.tokenFor(w),
          apiUrl: `${slack.url}/api/`,
          logger: silentLogger,
        }),
      },
    });
    const monday = new Date();
    const created = new Date(monday.getTime() - 14 * 86_400_000);
    await store.upsertSubscription(
      {
        platform: 'slack',
        workspaceId: 'T2',
        channelId: 'C123',
        channelName: null,
        weekday: ((monday.getUTCDay() + 6) % 7) + 1,
        time: '00:00',
        timeZone: 'UTC',
        lang: 'en',
        createdBy: 'U42',
        createdByName: null,
      },
      created,
    );
    await store.db.updateTable('subscriptions').set({ created_at: created.toISOString() }).execute();
    expect(await scheduler.runOnce()).toMatchObject({ posted: 1 });
    const post = slack.requests.find((r) => r.path === '/api/chat.postMessage');
    expect(post?.headers.authorization).toBe('Bearer xoxb-team-two');
  });
});
