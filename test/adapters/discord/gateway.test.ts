import type { Client } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DiscordAdapter } from '../../../adapters/discord/app.js';
import { Bot } from '../../../bot/bot.js';
import { silentLogger } from '../../../bot/logger.js';
import { commandInteraction } from '../../fakes/discord-interactions.js';
import { fakeDiscord, type HttpFake } from '../../fakes/http-fake.js';
import { realCorpus, realIndex } from '../../helpers.js';

/** discord.js's internal gateway actions: the code the WebSocket calls for INTERACTION_CREATE and MESSAGE_CREATE. */
type GatewayActions = {
  InteractionCreate: { handle(data: unknown): void };
  MessageCreate: { handle(data: unknown): void };
};

describe('Discord gateway handling with discord.js objects (REST to a fake API on 127.0.0.1)', () => {
  let discord: HttpFake;
  let adapter: DiscordAdapter;
  let client: Client;
  let actions: GatewayActions;

  beforeAll(async () => {
    discord = fakeDiscord();
    await discord.start();
    adapter = new DiscordAdapter({
      bot: new Bot({ corpus: realCorpus(), index: realIndex() }),
      logger: silentLogger,
      config: {
        token: 'test-bot-token-0123456789abcdef',
        gateway: true,
        http: false,
        apiUrl: `${discord.url}/api`,
      },
    });
    client = adapter.client as Client;
    actions = (client as unknown as { actions: GatewayActions }).actions;
  });

  afterAll(async () => {
    await adapter.stop();
    await discord.stop();
  });

  it('replies to a chat-input interaction through the interaction callback', async () => {
    actions.InteractionCreate.handle(commandInteraction('feature', [{ name: 'name', value: 'cj' }]));
    const callback = await discord.waitFor((r) =>
      r.path.endsWith('/interactions/1100000000000000001/interaction-token/callback'),
    );
    const body = callback.body as {
      type: number;
      data: { flags: number; embeds: Array<{ title: string }>; allowed_mentions: unknown };
    };
    expect(body.type).toBe(4);
    expect(body.data.flags).toBe(64);
    expect(body.data.embeds[0]?.title).toBe('CronJob');
    expect(body.data.allowed_mentions).toEqual({ parse: [] });
  });

  it('answers autocomplete with choices', async () => {
    discord.requests.length = 0;
    actions.InteractionCreate.handle(
      commandInteraction('feature', [{ name: 'name', value: 'statef', focused: true }]),
    );
    const callback = await discord.waitFor((r) => r.path.endsWith('/callback'));
    const body = callback.body as { type: number; data: { choices: Array<{ name: string }> } };
    expect(body.type).toBe(8);
    expect(body.data.choices[0]?.name).toBe('StatefulSet');
  });

  it('answers a mention in place, without pinging the author or anyone else', async () => {
    const { ClientUser } = await import('discord.js');
    const me = new (ClientUser as unknown as new (c: Client, d: unknown) => Client['user'])(client, {
      id: '7000000000000000001',
      username: 'k8s-bot',
      discriminator: '0',
      bot: true,
    });
    Object.assign(client, { user: me });
    (client.channels as unknown as { _add(d: unknown): unknown })._add({
      id: '3000000000000000002',
      type: 1,
      recipients: [{ id: '4000000000000000001', username: 'alice' }],
    });
    discord.requests.length = 0;
    actions.MessageCreate.handle({
      id: '8000000000000000001',
      channel_id: '3000000000000000002',
      author: { id: '4000000000000000001', username: 'alice', discriminator: '0' },
      content: '<@7000000000000000001> what changed in 1.24? @everyone',
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      tts: false,
      mention_everyone: false,
      mentions: [{ id: '7000000000000000001', username: 'k8s-bot', discriminator: '0', bot: true }],
      mention_roles: [],
      attachments: [],
      embeds: [],
      pinned: false,
      type: 0,
    });
    const reply = await discord.waitFor(
      (r) => r.method === 'POST' && r.path.endsWith('/channels/3000000000000000002/messages'),
    );
    const body = reply.body as {
      embeds: Array<{ title: string }>;
      allowed_mentions: { parse: string[]; replied_user: boolean };
      message_reference: { message_id: string };
    };
    expect(body.embeds[0]?.title).toBe('Kubernetes 1.24 — Stargazer');
    expect(body.allowed_mentions).toMatchObject({ parse: [], replied_user: false });
    expect(body.message_reference.message_id).toBe('8000000000000000001');
  });
});
