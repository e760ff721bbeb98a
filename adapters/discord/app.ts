/**
 * Discord wiring: a discord.js gateway Client (DISCORD_TOKEN) and/or the stateless HTTP interactions endpoint
 * (DISCORD_PUBLIC_KEY + DISCORD_APPLICATION_ID) at POST /discord/interactions. Thin: read the interaction,
 * ask the core (interactions.ts), send what it returns.
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
  Partials,
  PermissionFlagsBits,
} from 'discord.js';
import type { Bot } from '../../bot/bot.js';
import type { Logger } from '../../bot/logger.js';
import type { Config } from '../config.js';
import { type AdapterMetrics, NO_ADAPTER_METRICS, secondsSince } from '../observe/adapter-metrics.js';
import { meteredBot } from '../observe/metered-bot.js';
import type { ReadinessCheck } from '../observe/readiness.js';
import { discordHttpListener } from './http-endpoint.js';
import { handleInteraction, type InteractionInput, type OptionNode, readOptions } from './interactions.js';
import { cardToEmbeds, NO_MENTIONS } from './render.js';

export type DiscordConfig = NonNullable<Config['discord']>;

export { verifyDiscordSignature } from './http-endpoint.js';

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
    return {
      ...base,
      ...readOptions(i.options.data as readonly OptionNode[]),
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

  constructor(private readonly options: DiscordAdapterOptions) {
    const { config } = options;
    this.logger = options.logger.child({ adapter: 'discord' });
    this.bot = meteredBot(options.bot, options.metrics, 'discord');
    this.metrics = options.metrics ?? NO_ADAPTER_METRICS;
    this.client = config.gateway && config.token ? this.createClient(config.token) : undefined;
    this.requestListener =
      config.http && config.publicKey
        ? discordHttpListener({ publicKey: config.publicKey, bot: this.bot, logger: this.logger })
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
    const r = await handleInteraction(this.bot, fromDiscordJs(interaction));
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

  async onMessage(message: Message): Promise<void> {
    const me = this.client?.user;
    if (!me || message.author.bot || !message.mentions.users.has(me.id)) return;
    const text = message.content.replace(/<@!?\d+>|<@&\d+>|<#\d+>/g, ' ').trim();
    const answer = this.bot.ask(text);
    const rendered = cardToEmbeds(answer.card);
    await message.reply({
      embeds: rendered.embeds,
      components: rendered.components,
      allowedMentions: { parse: [], repliedUser: false },
    });
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
