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
import type { RequestListener } from 'node:http';
import {
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
import type { Config } from '../config.js';
import { type AdapterMetrics, NO_ADAPTER_METRICS, secondsSince } from '../observe/adapter-metrics.js';
import { meteredBot } from '../observe/metered-bot.js';
import type { ReadinessCheck } from '../observe/readiness.js';
import { attachmentReader } from './attachments.js';
import { discordHttpListener } from './http-endpoint.js';
import {
  type DiscordAttachment,
  handleInteraction,
  type InteractionDeps,
  type InteractionInput,
  type OptionNode,
  readOptions,
} from './interactions.js';
import { cardToEmbeds, NO_MENTIONS } from './render.js';

export type DiscordConfig = NonNullable<Config['discord']>;

/** Where Discord serves attachments; `check` downloads from nowhere else. */
export { DISCORD_CDN_ORIGINS } from './attachments.js';
export { verifyDiscordSignature } from './http-endpoint.js';

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
  /** Counts questions and acknowledgement times (default: nothing). */
  metrics?: AdapterMetrics;
}

/** The gateway as this replica sees it: standby (another replica holds the lease, or none is due yet). */
export type GatewayState = 'standby' | 'connecting' | 'connected' | 'failed';

export class DiscordAdapter {
  /** The gateway client (connected only while this replica holds the gateway lease). */
  client: Client | undefined;
  readonly requestListener: RequestListener | undefined;
  private readonly logger: Logger;
  private readonly bot: Bot;
  private readonly metrics: AdapterMetrics;
  private connected = false;
  gatewayState: GatewayState = 'standby';
  private gatewayError: string | undefined;
  /** How interactions read attachments: from Discord's CDN (or the configured API host, for tests), size-capped. */
  readonly deps: InteractionDeps;

  constructor(private readonly options: DiscordAdapterOptions) {
    const { config } = options;
    this.logger = options.logger.child({ adapter: 'discord' });
    this.bot = meteredBot(options.bot, options.metrics, 'discord');
    this.metrics = options.metrics ?? NO_ADAPTER_METRICS;
    this.deps = attachmentReader(config.apiUrl);
    this.client = config.gateway && config.token ? this.createClient(config.token) : undefined;
    this.requestListener =
      config.http && config.publicKey
        ? discordHttpListener({
            publicKey: config.publicKey,
            bot: this.bot,
            logger: this.logger,
            deps: this.deps,
          })
        : undefined;
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
    client.on(Events.ShardReady, () => this.setGateway('connected'));
    client.on(Events.ShardResume, () => this.setGateway('connected'));
    client.on(Events.ShardReconnecting, () => this.setGateway('connecting'));
    client.on(Events.ShardDisconnect, (event) => this.setGateway('failed', `closed with code ${event.code}`));
  }

  private setGateway(state: GatewayState, error?: string): void {
    // Only while logged in: a client being destroyed on purpose reports a disconnect too.
    if (!this.connected) return;
    this.gatewayState = state;
    this.gatewayError = error;
  }

  /** Another replica holds the gateway: whatever failed here is that replica's job now. */
  standby(): void {
    if (!this.connected) this.gatewayState = 'standby';
  }

  /** Ready unless this replica should hold the gateway and cannot: standby replicas are ready. */
  status(): ReadinessCheck {
    if (this.gatewayState === 'failed')
      return { ok: false, detail: `gateway: ${this.gatewayError ?? 'login failed'}` };
    if (this.gatewayState === 'connecting') return { ok: false, detail: 'gateway: connecting' };
    return { ok: true };
  }

  async onInteraction(interaction: Interaction): Promise<void> {
    const received = performance.now();
    const r = await handleInteraction(this.bot, fromDiscordJs(interaction), this.deps);
    if (r.type === 'autocomplete' && interaction.isAutocomplete()) {
      await interaction.respond(r.choices);
    } else if (r.type === 'message' && interaction.isRepliable()) {
      await interaction.reply({
        embeds: r.message.embeds,
        components: r.message.components,
        allowedMentions: NO_MENTIONS,
        ...(r.ephemeral ? { flags: MessageFlags.Ephemeral } : {}),
      });
      this.metrics.ack('discord', secondsSince(received));
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
    const reply = await this.bot.respondInThread(text, {
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
    await this.bot.rememberThread([{ ...base, threadId: sent.id }, ...thread], reply.topic);
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
    this.gatewayState = 'connecting';
    try {
      await this.client.login(token);
    } catch (err) {
      this.gatewayState = 'failed';
      this.gatewayError = (err as Error)?.message ?? String(err);
      // A client whose login failed is not reused.
      const failed = this.client;
      this.client = undefined;
      await failed?.destroy().catch(() => {});
      throw err;
    }
    this.connected = true;
    this.gatewayState = 'connected';
    this.gatewayError = undefined;
    this.logger.info('discord gateway connected');
  }

  /** Disconnects the gateway; a later connectGateway() starts a new client. */
  async disconnectGateway(): Promise<void> {
    if (!this.connected) return;
    this.connected = false;
    this.gatewayState = 'standby';
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
