import { generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DiscordAdapter } from '../../../adapters/discord/app.js';
import { createHttpServer, listen } from '../../../adapters/http.js';
import type { KyselyStore } from '../../../adapters/storage/kysely-store.js';
import { openSqliteStore } from '../../../adapters/storage/sqlite.js';
import { Bot } from '../../../bot/bot.js';
import { DigestService } from '../../../bot/digest/commands.js';
import { silentLogger } from '../../../bot/logger.js';
import { commandInteraction } from '../../fakes/discord-interactions.js';
import { realCorpus, realIndex } from '../../helpers.js';

function keyPair(): { privateKey: KeyObject; publicHex: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const der = publicKey.export({ format: 'der', type: 'spki' });
  return { privateKey, publicHex: der.subarray(der.length - 32).toString('hex') };
}

describe('Discord HTTP interactions endpoint (Ed25519, real HTTP on 127.0.0.1)', () => {
  const { privateKey, publicHex } = keyPair();
  let server: Server;
  let base: string;
  let store: KyselyStore;

  beforeAll(async () => {
    store = await openSqliteStore(':memory:');
    const corpus = realCorpus();
    const bot = new Bot({ corpus, index: realIndex(), digest: new DigestService(corpus, store) });
    const adapter = new DiscordAdapter({
      bot,
      logger: silentLogger,
      config: { publicKey: publicHex, applicationId: '1000000000000000001', gateway: false, http: true },
    });
    server = createHttpServer({ discord: adapter.requestListener, logger: silentLogger, health: () => ({}) });
    base = `http://127.0.0.1:${await listen(server, 0, '127.0.0.1')}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
    await store.close();
  });

  async function send(body: unknown, { key = privateKey, ts = Math.floor(Date.now() / 1000) } = {}) {
    const raw = JSON.stringify(body);
    const signature = sign(null, Buffer.from(`${ts}${raw}`), key).toString('hex');
    return fetch(`${base}/discord/interactions`, {
      method: 'POST',
      body: raw,
      headers: {
        'content-type': 'application/json',
        'x-signature-ed25519': signature,
        'x-signature-timestamp': String(ts),
      },
    });
  }

  type Reply = {
    type: number;
    data: {
      flags?: number;
      embeds: Array<{ title: string; description?: string; fields?: unknown[] }>;
      components: Array<{ components: Array<{ custom_id: string }> }>;
      allowed_mentions: unknown;
      choices?: Array<{ name: string; value: string }>;
    };
  };

  it('answers PING with PONG', async () => {
    const res = await send({ id: '1', application_id: '1', type: 1, token: 't', version: 1 });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ type: 1 });
  });

  it('answers /k8s feature name:petset with an ephemeral type-4 embed and a Share button', async () => {
    const reply = (await (
      await send(commandInteraction('feature', [{ name: 'name', value: 'petset' }]))
    ).json()) as Reply;
    expect(reply.type).toBe(4);
    expect(reply.data.flags).toBe(64);
    expect(reply.data.allowed_mentions).toEqual({ parse: [] });
    expect(reply.data.embeds[0]?.title).toBe('StatefulSet');
    expect(reply.data.embeds[0]?.description).toContain('alpha 1.3 (as PetSet, apps/v1alpha1) → beta 1.5');
    expect(reply.data.components.flatMap((r) => r.components.map((c) => c.custom_id))).toContain('share');
  });

  it('answers /k8s release version:1.24', async () => {
    const reply = (await (
      await send(commandInteraction('release', [{ name: 'version', value: '1.24' }]))
    ).json()) as Reply;
    expect(reply.data.embeds[0]?.title).toBe('Kubernetes 1.24 — Stargazer');
    expect(JSON.stringify(reply.data.embeds)).toContain('dockershim removal');
  });

  it('autocompletes "statef" with StatefulSet (type 8, at most 25 choices of at most 100 characters)', async () => {
    const reply = (await (
      await send(commandInteraction('feature', [{ name: 'name', value: 'statef', focused: true }]))
    ).json()) as Reply;
    expect(reply.type).toBe(8);
    const choices = reply.data.choices ?? [];
    expect(choices[0]).toEqual({ name: 'StatefulSet', value: 'statefulset' });
    expect(choices.length).toBeLessThanOrEqual(25);
    for (const c of choices) expect(c.name.length).toBeLessThanOrEqual(100);
  });

  it('autocompletes versions newest first', async () => {
    const reply = (await (
      await send(commandInteraction('release', [{ name: 'version', value: '1.2', focused: true }]))
    ).json()) as Reply;
    expect(reply.data.choices?.map((c) => c.value).slice(0, 3)).toEqual(['1.29', '1.28', '1.27']);
  });

  it('rejects a bad signature with 401', async () => {
    const other = keyPair().privateKey;
    const res = await send(commandInteraction('help', []), { key: other });
    expect(res.status).toBe(401);
  });

  it('rejects a stale timestamp with 401', async () => {
    const res = await send(commandInteraction('help', []), { ts: Math.floor(Date.now() / 1000) - 600 });
    expect(res.status).toBe(401);
  });

  it('answers @everyone without pinging anyone', async () => {
    const reply = (await (
      await send(commandInteraction('ask', [{ name: 'question', value: '@everyone @here <@123> **now**' }]))
    ).json()) as Reply;
    expect(reply.data.allowed_mentions).toEqual({ parse: [] });
    expect(JSON.stringify(reply.data.embeds)).toContain('\\\\*\\\\*now\\\\*\\\\*');
  });

  it('answers a 3,000-character input with a friendly "too long"', async () => {
    const reply = (await (
      await send(commandInteraction('ask', [{ name: 'question', value: 'y'.repeat(3000) }]))
    ).json()) as Reply;
    expect(JSON.stringify(reply.data.embeds)).toContain('That question is too long (3000 characters)');
  });

  it('shares the card publicly when Share is clicked', async () => {
    const click = {
      ...commandInteraction('feature', []),
      type: 3,
      data: { custom_id: 'share', component_type: 2 },
      message: {
        id: '6000000000000000001',
        channel_id: '3000000000000000001',
        embeds: [{ title: 'StatefulSet', footer: { text: 'Data as of 2026-08-22 · k8s-feature-bot' } }],
        components: [],
      },
    };
    const reply = (await (await send(click)).json()) as Reply & {
      data: { embeds: Array<{ footer: { text: string } }> };
    };
    expect(reply.type).toBe(4);
    expect(reply.data.flags).toBeUndefined();
    expect(reply.data.embeds[0]?.footer.text).toBe(
      'Shared by Alice · Data as of 2026-08-22 · k8s-feature-bot',
    );
    expect(reply.data.allowed_mentions).toEqual({ parse: [] });
  });

  it('subscribes the channel only for members with Manage Channels', async () => {
    const denied = commandInteraction('digest subscribe', [{ name: 'weekday', value: 'fri' }], {
      member: { user: { id: '4000000000000000002', username: 'bob' }, permissions: '0', roles: [] },
    });
    const no = (await (await send(denied)).json()) as Reply;
    expect(JSON.stringify(no.data.embeds)).toContain('needs the Manage Channels permission');
    expect(
      await store.getSubscription({
        platform: 'discord',
        workspaceId: '2000000000000000001',
        channelId: '3000000000000000001',
      }),
    ).toBeUndefined();

    const allowed = commandInteraction('digest subscribe', [
      { name: 'weekday', value: 'fri' },
      { name: 'time', value: '17:00' },
      { name: 'timezone', value: 'Europe/Berlin' },
    ]);
    const yes = (await (await send(allowed)).json()) as Reply;
    expect(JSON.stringify(yes.data.embeds)).toContain('every Friday at 17:00 (Europe/Berlin)');
    expect(
      await store.getSubscription({
        platform: 'discord',
        workspaceId: '2000000000000000001',
        channelId: '3000000000000000001',
      }),
    ).toMatchObject({
      weekday: 5,
      time: '17:00',
      timeZone: 'Europe/Berlin',
      createdByName: 'Alice',
    });
  });

  it('offers time zones in autocomplete', async () => {
    const reply = (await (
      await send(
        commandInteraction('digest subscribe', [{ name: 'timezone', value: 'tokyo', focused: true }]),
      )
    ).json()) as Reply;
    expect(reply.data.choices).toEqual([{ name: 'Asia/Tokyo', value: 'Asia/Tokyo' }]);
  });
});
