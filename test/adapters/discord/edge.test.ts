import { generateKeyPairSync, sign } from 'node:crypto';
import type { Server } from 'node:http';
import { escapeMarkdown } from '@discordjs/formatters';
import * as discord from 'discord.js';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as values from '../../../adapters/discord/api-values.js';
import { discordHttpListener } from '../../../adapters/discord/http-endpoint.js';
import { escapeText } from '../../../adapters/discord/render.js';
import { createHttpServer, listen } from '../../../adapters/http.js';
import type { KyselyStore } from '../../../adapters/storage/kysely-store.js';
import { openSqliteStore } from '../../../adapters/storage/sqlite.js';
import { Bot } from '../../../bot/bot.js';
import { DigestService } from '../../../bot/digest/commands.js';
import { commandInteraction } from '../../fakes/discord-interactions.js';
import { realCorpus, realIndex } from '../../helpers.js';
import { captureLogger } from '../../support/logs.js';

describe('Discord HTTP interactions: no input breaks it', () => {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const der = publicKey.export({ format: 'der', type: 'spki' });
  const publicHex = der.subarray(der.length - 32).toString('hex');
  const log = captureLogger('info');
  let server: Server;
  let base: string;
  let store: KyselyStore;

  beforeAll(async () => {
    store = await openSqliteStore(':memory:');
    const corpus = realCorpus();
    const bot = new Bot({ corpus, index: realIndex(), digest: new DigestService(corpus, store) });
    server = createHttpServer({
      discord: discordHttpListener({ publicKey: publicHex, bot, logger: log.logger }),
      logger: log.logger,
      health: () => ({}),
    });
    base = `http://127.0.0.1:${await listen(server, 0, '127.0.0.1')}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
    await store.close();
  });

  function signed(raw: string, ts = Math.floor(Date.now() / 1000)) {
    return {
      'content-type': 'application/json',
      'x-signature-ed25519': sign(null, Buffer.from(`${ts}${raw}`), privateKey).toString('hex'),
      'x-signature-timestamp': String(ts),
    };
  }

  const send = (raw: string, headers: Record<string, string> = signed(raw)) =>
    fetch(`${base}/discord/interactions`, { method: 'POST', body: raw, headers });

  it('refuses signed bodies that are not an interaction with 400, without a stack in the log', async () => {
    const malformed = [
      'null',
      '[]',
      '"x"',
      '{}',
      '{"type":2}',
      '{"type":2,"data":{"name":"k8s","options":"x"}}',
      '{"type":3,"data":{"custom_id":"share"}}',
      '{"type":2,"data":{"name":"k8s"},"member":{"permissions":"lots"},"guild_id":"1"}',
      '{"type":2,"data":{"name":"k8s","options":[{"type":1,"name":"feature","options":[{"type":3,"name":"name","value":{"a":1}}]}]}}',
      '{"type":99}',
      '{',
    ];
    for (const raw of malformed) {
      const res = await send(raw);
      expect(res.status, raw).toBe(400);
    }
    expect(log.text()).not.toMatch(/\bat .+:\d+:\d+|"stack"/);
    const ok = await send(JSON.stringify(commandInteraction('feature', [{ name: 'name', value: 'cj' }])));
    expect(ok.status).toBe(200);
  });

  it('fuzz: any signed JSON value gets 200 or 400, never a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue({ maxDepth: 5 }), async (value) => {
        const res = await send(JSON.stringify(value) ?? 'null');
        await res.arrayBuffer();
        expect([200, 400]).toContain(res.status);
      }),
      { numRuns: 150 },
    );
  });

  const anything = fc.oneof(
    fc.string({ maxLength: 30 }),
    fc.integer(),
    fc.constant(null),
    fc.boolean(),
    fc.array(fc.integer(), { maxLength: 3 }),
    fc.dictionary(fc.string({ maxLength: 6 }), fc.string({ maxLength: 6 }), { maxKeys: 3 }),
  );

  it('fuzz: interactions with fields of any type get 200 or 400', async () => {
    const option = fc.record(
      {
        type: fc.oneof(fc.integer({ min: 1, max: 11 }), anything),
        name: fc.oneof(
          fc.constantFrom('feature', 'name', 'question', 'digest', 'subscribe', 'version'),
          anything,
        ),
        value: fc.oneof(fc.string({ maxLength: 600 }), anything),
        focused: fc.oneof(fc.boolean(), anything),
        options: fc.oneof(
          fc.array(fc.record({ type: fc.integer({ min: 1, max: 4 }), name: fc.string(), value: anything }), {
            maxLength: 3,
          }),
          anything,
        ),
      },
      { requiredKeys: [] },
    );
    const interaction = fc.record(
      {
        type: fc.oneof(fc.integer({ min: 1, max: 5 }), anything),
        id: fc.oneof(fc.constant('1100000000000000001'), anything),
        guild_id: fc.oneof(fc.constant('2000000000000000001'), anything),
        channel: fc.oneof(fc.constant({ id: '3000000000000000001' }), anything),
        member: fc.oneof(
          fc.record({
            user: fc.oneof(fc.constant({ id: '4000000000000000001', username: 'alice' }), anything),
            permissions: fc.oneof(fc.constantFrom('0', '16', '2199023255551'), anything),
          }),
          anything,
        ),
        locale: fc.oneof(fc.constantFrom('ja', 'en-US'), anything),
        data: fc.oneof(
          fc.record(
            {
              name: fc.oneof(fc.constant('k8s'), anything),
              custom_id: fc.oneof(
                fc.constantFrom('share', 'feature:statefulset', 'ask:release 1.24'),
                anything,
              ),
              options: fc.oneof(fc.array(option, { maxLength: 3 }), anything),
            },
            { requiredKeys: [] },
          ),
          anything,
        ),
        message: fc.oneof(
          fc.record({
            embeds: fc.array(fc.record({ title: fc.string(), description: fc.string() }), { maxLength: 2 }),
          }),
          anything,
        ),
      },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(interaction, async (i) => {
        const res = await send(JSON.stringify(i));
        await res.arrayBuffer();
        expect([200, 400]).toContain(res.status);
      }),
      { numRuns: 300 },
    );
  });

  it('fuzz: a wrong signature or an old timestamp is 401 whatever the body', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ maxLength: 200 }),
        fc.stringMatching(/^[0-9a-f]{128}$/),
        async (raw, signature) => {
          const res = await send(raw, {
            'x-signature-ed25519': signature,
            'x-signature-timestamp': String(Math.floor(Date.now() / 1000)),
          });
          await res.arrayBuffer();
          expect(res.status).toBe(401);
        },
      ),
      { numRuns: 60 },
    );
    const ping = JSON.stringify({ type: 1 });
    expect((await send(ping, signed(ping, Math.floor(Date.now() / 1000) - 301))).status).toBe(401);
  });

  it('answers a body over the cap with 413, not a reset: 1.5 MB, signed or not', async () => {
    const raw = JSON.stringify({ type: 1, padding: 'x'.repeat(1.5 * 2 ** 20) });
    const res = await send(raw);
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ error: 'request body too large' });
  });

  it('uses the same API numbers as discord.js', () => {
    expect(values.InteractionType).toMatchObject({
      Ping: discord.InteractionType.Ping,
      ApplicationCommand: discord.InteractionType.ApplicationCommand,
      MessageComponent: discord.InteractionType.MessageComponent,
      ApplicationCommandAutocomplete: discord.InteractionType.ApplicationCommandAutocomplete,
      ModalSubmit: discord.InteractionType.ModalSubmit,
    });
    expect(values.InteractionResponseType).toEqual({
      Pong: discord.InteractionResponseType.Pong,
      ChannelMessageWithSource: discord.InteractionResponseType.ChannelMessageWithSource,
      ApplicationCommandAutocompleteResult:
        discord.InteractionResponseType.ApplicationCommandAutocompleteResult,
    });
    expect(values.MessageFlags.Ephemeral).toBe(discord.MessageFlags.Ephemeral);
    expect(values.ComponentType).toEqual({
      ActionRow: discord.ComponentType.ActionRow,
      Button: discord.ComponentType.Button,
    });
    expect(values.ButtonStyle).toEqual({
      Primary: discord.ButtonStyle.Primary,
      Secondary: discord.ButtonStyle.Secondary,
    });
    expect(values.PermissionFlagsBits.ManageChannels).toBe(discord.PermissionFlagsBits.ManageChannels);
  });
});

describe('escaping Discord markdown', () => {
  it('fuzz: the fast path gives exactly what escapeMarkdown gives', () => {
    const piece = fc.constantFrom(
      ...'abc XYZ 123 1. 2026-08-22 - * _ ** __ ~~ || ` ``` \\ # ## [ ] ( ) < > : / https://k8s.io/x_y @everyone'.split(
        ' ',
      ),
      ' ',
      '\n',
      '- ',
      '  3. ',
      '# ',
      '[x](https://e.x)',
      '<:e:1>',
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 30 }), (pieces) => {
        const text = pieces.join('');
        expect(escapeText(text)).toBe(
          escapeMarkdown(text, { maskedLink: true, heading: true, bulletedList: true, numberedList: true }),
        );
      }),
      { numRuns: 2_000 },
    );
  });
});
