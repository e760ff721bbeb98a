/**
 * Discord wiring: a discord.js gateway Client (DISCORD_TOKEN) and/or the stateless HTTP interactions endpoint
 * (DISCORD_PUBLIC_KEY + DISCORD_APPLICATION_ID) at POST /discord/interactions. Thin: read the interaction,
 * ask the core (interactions.ts), send what it returns. Mentions and replies to the bot's answers (gateway
 * only) go through bot.respondInThread, so a short follow-up is read in the context of the answer it replies to.
 *
 * The gateway connection must be single: two connected replicas would answer every mention twice. serve.ts
 * connects it only in the replica that holds the `discord-gateway` lease (connectGateway/disconnectGateway).
 * Digest posting is in poster.ts.
 */
import { createPublicKey, verify } from 'node:crypto';
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import {
  type APIInteraction,
  Client,
  Events,
  GatewayIntentBits,
  type Interaction,
  type Message,
  MessageFlags,
  MessageReferenceType,
  Partials,
  PermissionFlagsBits,
} from 'discord.js';
import type { Bot } from '../../bot/bot.js';
import type { ThreadKey } from '../../bot/followup/threads.js';
import type { Logger } from '../../bot/logger.js';
import { messages } from '../../bot/messages.js';
import { downloadDocument } from '../chat/download.js';
import type { Config } from '../config.js';
import {
  type DiscordAttachment,
  fromApi,
  handleInteraction,
  type InteractionDeps,
  type InteractionInput,
  type OptionNode,
  readOptions,
  toApiResponse,
} from './interactions.js';
import { cardToEmbeds, NO_MENTIONS } from './render.js';

export type DiscordConfig = NonNullable<Config['discord']>;

/** Requests older than this are refused (replay protection). */
const MAX_SKEW_SECONDS = 300;
const MAX_BODY_BYTES = 1_000_000;
const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

/** Verifies Discord's Ed25519 signature over timestamp + body. */
export function verifyDiscordSignature(
  publicKeyHex: string,
  signatureHex: string,
  timestamp: string,
  body: Buffer,
): boolean {
  if (!/^[0-9a-f]{128}$/i.test(signatureHex) || !/^\d+$/.test(timestamp)) return false;
  const key = createPublicKey({
    key: Buffer.concat([ED25519_SPKI_PREFIX, Buffer.from(publicKeyHex, 'hex')]),
    format: 'der',
    type: 'spki',
  });
  return verify(null, Buffer.concat([Buffer.from(timestamp), body]), key, Buffer.from(signatureHex, 'hex'));
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Error('body too large'));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

/** Where Discord serves attachments; `check` downloads from nowhere else. */
export const DISCORD_CDN_ORIGINS = ['https://cdn.discordapp.com', 'https://media.discordapp.net'];

interface AttachmentNode {
  attachment?: { id: string; name: string; url: string; size: number } | null;
  options?: readonly AttachmentNode[];
}

/** The attachments of a discord.js command (option values resolved by discord.js). */
function attachmentsOf(nodes: readonly AttachmentNode[]): DiscordAttachment[] {
  return nodes.flatMap((n) => [
    ...(n.attachment
      ? [{ id: n.attachment.id, filename: n.attachment.name, url: n.attachment.url, size: n.attachment.size }]
      : []),
    ...attachmentsOf(n.options ?? []),
  ]);
}

/** Reads a discord.js interaction into the same input as the HTTP endpoint. */
export function fromDiscordJs(i: Interaction): InteractionInput {
  const base = {
    userId: i.user.id,
    userName: i.user.globalName ?? i.user.username,
    ...(i.channelId ? { channelId: i.channelId } : {}),
    ...(i.guildId ? { guildId: i.guildId } : {}),
    canManage: i.guildId ? (i.memberPermissions?.has(PermissionFlagsBits.ManageChannels) ?? false) : true,
    locale: i.locale,
    options: {},
  };
  if (i.isChatInputCommand() || i.isAutocomplete()) {
    const attachments = attachmentsOf(i.options.data as readonly AttachmentNode[]);
    return {
      ...base,
      ...readOptions(i.options.data as readonly OptionNode[]),
      ...(attachments.length > 0 ? { attachments } : {}),
      kind: i.isAutocomplete() ? 'autocomplete' : 'command',
      commandName: i.commandName,
    };
  }
  if (i.isButton())
    return { ...base, kind: 'button', customId: i.customId, embeds: i.message.embeds.map((e) => e.toJSON()) };
  return { ...base, kind: 'unknown' };
}

export interface DiscordAdapterOptions {
  bot: Bot;
  config: DiscordConfig;
  logger: Logger;
}

export class DiscordAdapter {
  /** The gateway client (connected only while this replica holds the gateway lease). */
  client: Client | undefined;
  readonly requestListener: RequestListener | undefined;
  private readonly logger: Logger;
  private connected = false;
  /** How interactions read attachments: from Discord's CDN (or the configured API host, for tests), size-capped. */
  readonly deps: InteractionDeps;

  constructor(private readonly options: DiscordAdapterOptions) {
    const { config } = options;
    this.logger = options.logger.child({ adapter: 'discord' });
    const origins = [...DISCORD_CDN_ORIGINS, ...(config.apiUrl ? [new URL(config.apiUrl).origin] : [])];
    this.deps = {
      readAttachment: (a) => downloadDocument(a.filename, a.url, a.size, { allowedOrigins: origins }),
    };
    this.client = config.gateway && config.token ? this.createClient(config.token) : undefined;
    this.requestListener = config.http && config.publicKey ? this.httpListener(config.publicKey) : undefined;
  }

  private createClient(token: string): Client {
    const client = new Client({
      intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.DirectMessages],
      partials: [Partials.Channel],
      allowedMentions: NO_MENTIONS,
      rest: this.options.config.apiUrl ? { api: this.options.config.apiUrl } : {},
    });
    client.rest.setToken(token);
    this.registerGateway(client);
    return client;
  }

  /** True when this adapter has a gateway to connect (DISCORD_TOKEN). */
  get hasGateway(): boolean {
    return Boolean(this.options.config.gateway && this.options.config.token);
  }

  /** True while this replica's gateway client is logged in. */
  get gatewayConnected(): boolean {
    return this.connected;
  }

  modes(): string[] {
    return [this.hasGateway ? 'gateway' : undefined, this.requestListener ? 'http' : undefined].filter(
      (m): m is string => m !== undefined,
    );
  }

  /** POST /discord/interactions: verify, answer PING with PONG, commands with type 4, autocomplete with type 8. */
  private httpListener(publicKey: string): RequestListener {
    return (req, res) => {
      if (req.method !== 'POST') return sendJson(res, 405, { error: 'method not allowed' });
      void (async () => {
        let body: Buffer;
        try {
          body = await readBody(req);
        } catch {
          return sendJson(res, 413, { error: 'body too large' });
        }
        const signature = String(req.headers['x-signature-ed25519'] ?? '');
        const timestamp = String(req.headers['x-signature-timestamp'] ?? '');
        const fresh = Math.abs(Date.now() / 1000 - Number(timestamp)) <= MAX_SKEW_SECONDS;
        if (!fresh || !verifyDiscordSignature(publicKey, signature, timestamp, body)) {
          return sendJson(res, 401, { error: 'invalid request signature' });
        }
        let interaction: APIInteraction;
        try {
          interaction = JSON.parse(body.toString('utf8')) as APIInteraction;
        } catch {
          return sendJson(res, 400, { error: 'invalid JSON' });
        }
        try {
          sendJson(
            res,
            200,
            toApiResponse(await handleInteraction(this.options.bot, fromApi(interaction), this.deps)),
          );
        } catch (err) {
          this.logger.error({ err }, 'discord interaction failed');
          sendJson(res, 500, { error: 'internal error' });
        }
      })();
    };
  }

  /** Gateway: the same handler for interactions; mentions are answered in place. */
  private registerGateway(client: Client): void {
    client.on(Events.InteractionCreate, (interaction) => {
      void this.onInteraction(interaction).catch((err: unknown) =>
        this.logger.error({ err }, 'discord interaction failed'),
      );
    });
    client.on(Events.MessageCreate, (message) => {
      void this.onMessage(message).catch((err: unknown) =>
        this.logger.error({ err }, 'discord mention failed'),
      );
    });
    client.on(Events.Error, (err) => this.logger.error({ err }, 'discord client error'));
  }

  async onInteraction(interaction: Interaction): Promise<void> {
    const r = await handleInteraction(this.options.bot, fromDiscordJs(interaction), this.deps);
    if (r.type === 'autocomplete' && interaction.isAutocomplete()) {
      await interaction.respond(r.choices);
    } else if (r.type === 'message' && interaction.isRepliable()) {
      await interaction.reply({
        embeds: r.message.embeds,
        components: r.message.components,
        allowedMentions: NO_MENTIONS,
        ...(r.ephemeral ? { flags: MessageFlags.Ephemeral } : {}),
      });
    }
  }

  /**
   * A mention, or a reply to one of the bot's answers: answered in place, a follow-up in the context of the
   * answer it replies to (or of the thread it is in). The context is kept under the bot's new message.
   */
  async onMessage(message: Message): Promise<void> {
    const me = this.client?.user;
    if (!me || message.author.bot) return;
    const mentioned = message.mentions.users.has(me.id);
    // A reply (not a forward) names the message it answers.
    const repliedTo =
      message.reference?.type === MessageReferenceType.Forward ? undefined : message.reference?.messageId;
    const repliedToMe = message.mentions.repliedUser?.id === me.id;
    // Not for the bot: neither a mention nor a reply to one of its messages.
    if (!mentioned && (!repliedTo || (message.mentions.repliedUser && !repliedToMe))) return;
    const base = {
      platform: 'discord' as const,
      workspaceId: message.guildId ?? '',
      channelId: message.channelId,
    };
    const thread: ThreadKey[] = message.channel?.isThread() ? [{ ...base, threadId: message.channelId }] : [];
    const text = message.content.replace(/<@!?\d+>|<@&\d+>|<#\d+>/g, ' ').trim();
    // A reply without the ping reaches a bot without the Message Content intent with no text: nothing to read.
    if (!text && !mentioned) return;
    const reply = await this.options.bot.respondInThread(text, {
      threads: [...(repliedTo ? [{ ...base, threadId: repliedTo }] : []), ...(mentioned ? thread : [])],
      addressed: mentioned || repliedToMe,
    });
    if (!reply) return;
    const note = reply.readAs ? messages(reply.answer.lang).followUp.readAs(reply.readAs) : undefined;
    const rendered = cardToEmbeds(reply.answer.card, note ? { note } : {});
    const sent = await message.reply({
      embeds: rendered.embeds,
      components: rendered.components,
      allowedMentions: { parse: [], repliedUser: false },
    });
    await this.options.bot.rememberThread([{ ...base, threadId: sent.id }, ...thread], reply.topic);
  }

  /** HTTP mode needs nothing started; the gateway waits for connectGateway(). */
  async start(): Promise<void> {
    this.logger.info({ modes: this.modes() }, 'discord adapter ready');
  }

  /** Logs the gateway client in (called by the replica that holds the gateway lease). */
  async connectGateway(): Promise<void> {
    const token = this.options.config.token;
    if (!token || this.connected) return;
    this.client ??= this.createClient(token);
    await this.client.login(token);
    this.connected = true;
    this.logger.info('discord gateway connected');
  }

  /** Disconnects the gateway; a later connectGateway() starts a new client. */
  async disconnectGateway(): Promise<void> {
    if (!this.connected) return;
    this.connected = false;
    const client = this.client;
    this.client = undefined;
    await client?.destroy();
    this.logger.info('discord gateway disconnected');
  }

  async stop(): Promise<void> {
    await this.disconnectGateway();
    if (this.client && !this.connected) await this.client.destroy();
  }
}
