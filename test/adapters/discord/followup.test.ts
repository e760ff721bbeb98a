import type { Client } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DiscordAdapter } from '../../../adapters/discord/app.js';
import type { KyselyStore } from '../../../adapters/storage/kysely-store.js';
import { openSqliteStore } from '../../../adapters/storage/sqlite.js';
import { Bot } from '../../../bot/bot.js';
import { silentLogger } from '../../../bot/logger.js';
import { type DiscordFake, fakeDiscord, type RecordedRequest } from '../../fakes/http-fake.js';
import { realCorpus, realIndex } from '../../helpers.js';

/** discord.js's internal gateway action for MESSAGE_CREATE (what the WebSocket calls). */
type GatewayActions = { MessageCreate: { handle(data: unknown): void } };

const BOT_USER = { id: '7000000000000000001', username: 'k8s-bot', discriminator: '0', bot: true };
const ALICE = { id: '4000000000000000001', username: 'alice', discriminator: '0' };
const GUILD = '5000000000000000001';
const CHANNEL = '3000000000000000010';
const THREAD = '3000000000000000011';

let messageId = 8_100_000_000_000_000_000n;

/** A gateway MESSAGE_CREATE payload from alice. */
function message(content: string, extra: Record<string, unknown> = {}) {
  return {
    id: String(messageId++),
    channel_id: CHANNEL,
    guild_id: GUILD,
    author: ALICE,
    content,
    timestamp: new Date().toISOString(),
    edited_timestamp: null,
    tts: false,
    mention_everyone: false,
    mentions: [],
    mention_roles: [],
    attachments: [],
    embeds: [],
    pinned: false,
    type: 0,
    ...extra,
  };
}

/** A reply to `to` (a message of the bot's); with the ping on, the bot is among the mentions (Discord's default). */
function reply(content: string, to: string, { ping = true, channel = CHANNEL } = {}) {
  return message(content, {
    type: 19,
    channel_id: channel,
    mentions: ping ? [BOT_USER] : [],
    message_reference: { message_id: to, channel_id: channel, guild_id: GUILD },
    referenced_message: message('', { id: to, channel_id: channel, author: BOT_USER }),
  });
}

describe('Discord follow-ups: replies to the bot’s answers, through discord.js (gateway), REST to a fake', () => {
  let discord: DiscordFake;
  let store: KyselyStore;
  const adapters: DiscordAdapter[] = [];
  const actions: GatewayActions[] = [];

  async function gatewayAdapter(): Promise<void> {
    const adapter = new DiscordAdapter({
      bot: new Bot({ corpus: realCorpus(), index: realIndex(), threads: store }),
      logger: silentLogger,
      config: {
        token: 'test-bot-token-0123456789abcdef',
        gateway: true,
        http: false,
        apiUrl: `${discord.url}/api`,
      },
    });
    const client = adapter.client as Client;
    const { ClientUser } = await import('discord.js');
    Object.assign(client, {
      user: new (ClientUser as unknown as new (c: Client, d: unknown) => Client['user'])(client, BOT_USER),
    });
    const internals = client as unknown as {
      guilds: { _add(d: unknown): unknown };
      channels: { _add(d: unknown): unknown };
      actions: GatewayActions;
    };
    internals.guilds._add({ id: GUILD, name: 'platform', owner_id: ALICE.id, roles: [], channels: [] });
    internals.channels._add({ id: CHANNEL, type: 0, guild_id: GUILD, name: 'k8s' });
    internals.channels._add({
      id: THREAD,
      type: 11,
      guild_id: GUILD,
      parent_id: CHANNEL,
      name: 'upgrade plan',
    });
    adapters.push(adapter);
    actions.push(internals.actions);
  }

  beforeAll(async () => {
    discord = fakeDiscord();
    await discord.start();
    store = await openSqliteStore(':memory:');
    // Two replicas on one store: after a gateway failover, the new owner answers replies to the old one's answers.
    await gatewayAdapter();
    await gatewayAdapter();
  });

  afterAll(async () => {
    for (const a of adapters) await a.stop();
    await discord.stop();
    await store.close();
  });

  const botPosts = (channel = CHANNEL) =>
    discord.requests.filter((r) => r.method === 'POST' && r.path.endsWith(`/channels/${channel}/messages`));

  /** Sends a message through replica `n` and waits for the bot's reply to it; returns the reply and its id. */
  async function ask(data: ReturnType<typeof message>, n = 0): Promise<{ body: RecordedBody; id: string }> {
    const channel = String(data.channel_id);
    const before = botPosts(channel).length;
    const sentAt = Date.now();
    actions[n]?.MessageCreate.handle(data);
    await discord.waitFor(() => botPosts(channel).length > before);
    const posted = botPosts(channel)[before] as RecordedRequest;
    const id = String(discord.messages.filter((m) => m.channel === channel)[before]?.id);
    // The context is kept under the bot's message once Discord has given it an id: wait for that write.
    // (and, in a thread, under the thread).
    const base = { platform: 'discord' as const, workspaceId: GUILD, channelId: channel };
    const keys = [{ ...base, threadId: id }, ...(channel === THREAD ? [{ ...base, threadId: THREAD }] : [])];
    const kept = async () => {
      const found = await Promise.all(keys.map((k) => store.getThreadContext(k, new Date())));
      return found.every((c) => c?.updatedAt && Date.parse(c.updatedAt) >= sentAt);
    };
    const deadline = Date.now() + 5000;
    while (!(await kept()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    return { body: posted.body as RecordedBody, id };
  }

  type RecordedBody = {
    embeds: Array<{ title: string; description?: string; footer?: { text: string } }>;
    message_reference: { message_id: string };
    allowed_mentions: unknown;
  };

  async function expectNoReply(data: ReturnType<typeof message>, n = 0): Promise<void> {
    const before = discord.requests.length;
    actions[n]?.MessageCreate.handle(data);
    await new Promise((r) => setTimeout(r, 300));
    expect(discord.requests.slice(before).filter((r) => r.method === 'POST')).toEqual([]);
  }

  it('answers a reply to its answer in the context of that answer, on another replica too', async () => {
    const first = await ask(message(`<@${BOT_USER.id}> feature petset`, { mentions: [BOT_USER] }));
    expect(first.body.embeds[0]?.title).toBe('StatefulSet');

    const follow = await ask(reply('and in 1.25?', first.id), 1);
    expect(follow.body.embeds[0]?.title).toBe('StatefulSet');
    expect(JSON.stringify(follow.body.embeds)).toContain(
      'Follow-up read as: is StatefulSet available in 1.25?',
    );
    expect(follow.body.allowed_mentions).toMatchObject({ parse: [], replied_user: false });

    // A reply to the follow-up's answer keeps the context; "日本語で" switches the language.
    const yaml = await ask(reply('YAMLを見せて', follow.id));
    expect(yaml.body.embeds[0]?.title).toBe('StatefulSet の YAML の例');
    const en = await ask(reply('in English', yaml.id), 1);
    expect(en.body.embeds[0]?.title).toBe('StatefulSet: YAML examples');
  });

  it('answers a full question in a reply as it is, and it becomes the new context', async () => {
    const first = await ask(message(`<@${BOT_USER.id}> sts`, { mentions: [BOT_USER] }));
    const other = await ask(reply('what changed in 1.24?', first.id));
    expect(other.body.embeds[0]?.title).toBe('Kubernetes 1.24 — Stargazer');
    const previous = await ask(reply('the previous release', other.id));
    expect(previous.body.embeds[0]?.title).toMatch(/^Kubernetes 1\.23/);
  });

  it('ignores replies to other people’s messages and messages that do not address it', async () => {
    await expectNoReply(
      message('and in 1.25?', {
        type: 19,
        message_reference: { message_id: '8999999999999999999', channel_id: CHANNEL, guild_id: GUILD },
        referenced_message: message('hi', { id: '8999999999999999999' }),
      }),
    );
    await expectNoReply(message('and in 1.25?'));
    // A reply without the ping carries no text without the Message Content intent: nothing to answer.
    const first = await ask(message(`<@${BOT_USER.id}> sts`, { mentions: [BOT_USER] }));
    await expectNoReply(reply('', first.id, { ping: false }));
    // Its own messages.
    await expectNoReply({ ...reply('and in 1.25?', first.id), author: BOT_USER });
  });

  it('answers a mention inside a thread in the context of its last answer there', async () => {
    const first = await ask(
      message(`<@${BOT_USER.id}> upgrading from 1.23 to 1.25`, { channel_id: THREAD, mentions: [BOT_USER] }),
    );
    expect(first.body.embeds[0]?.title).toContain('Upgrading from 1.23 to 1.25');
    const follow = await ask(
      message(`<@${BOT_USER.id}> from 1.24 instead`, { channel_id: THREAD, mentions: [BOT_USER] }),
      1,
    );
    expect(follow.body.embeds[0]?.title).toContain('Upgrading from 1.24 to 1.25');
    // Unmentioned messages in the thread are not for the bot.
    await expectNoReply(message('and to 1.27?', { channel_id: THREAD }));
  });
});
