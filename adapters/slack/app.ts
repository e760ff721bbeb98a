/**
 * Slack wiring: Bolt in Socket Mode (SLACK_APP_TOKEN) or over HTTP (POST /slack/events, signature-verified
 * by Bolt's HTTPReceiver). Thin: parse the event, ask the core, render with cardToMessage.
 *
 * One workspace with SLACK_BOT_TOKEN, or OAuth distribution (SLACK_CLIENT_ID …): Bolt's installer serves
 * /slack/install and /slack/oauth_redirect (state checked against its cookie) and keeps each workspace's
 * installation in the store; every event is authorized with its own workspace's token.
 *
 * Answers are computed in-process in milliseconds, so slash commands are answered inside the ack itself;
 * button clicks are acknowledged first and answered through response_url. Digest posting is in poster.ts.
 * Mentions, DMs and replies in a thread the bot answered go through bot.respondInThread (follow-ups).
 */
import type { RequestListener } from 'node:http';
import {
  App,
  type AuthorizeResult,
  type AuthorizeSourceData,
  type Logger as BoltLogger,
  HTTPReceiver,
  type InstallationStore,
  LogLevel,
  SocketModeReceiver,
  type webApi,
} from '@slack/bolt';
import type { Answer } from '../../bot/answer.js';
import type { Bot } from '../../bot/bot.js';
import { isCheckCommand } from '../../bot/check/input.js';
import type { ChannelContext } from '../../bot/digest/commands.js';
import type { ThreadKey } from '../../bot/followup/threads.js';
import type { Logger } from '../../bot/logger.js';
import { messages } from '../../bot/messages.js';
import type { Config } from '../config.js';
import { type EventDeduper, StoreEventDeduper } from '../edge/dedupe.js';
import { BODY_LIMITS } from '../edge/limits.js';
import { type AdapterMetrics, NO_ADAPTER_METRICS, secondsSince } from '../observe/adapter-metrics.js';
import { meteredBot } from '../observe/metered-bot.js';
import type { ReadinessCheck } from '../observe/readiness.js';
import { checkText, readSlackFiles, type SlackFile, unslack } from './check-input.js';
import { slackHttpGuard } from './http-guard.js';
import { ACTIONS, cardToMessage, type SlackMessage } from './render.js';

export type SlackConfig = NonNullable<Config['slack']>;

/** The bot scopes an OAuth install asks for (the same as the manifests). */
export const BOT_SCOPES = [
  'commands',
  'chat:write',
  'chat:write.public',
  'app_mentions:read',
  'im:history',
  'im:read',
  'channels:history',
  'groups:history',
  'files:read',
];

/** Kinds of answers worth sharing with the channel. */
const SHAREABLE = new Set<Answer['kind']>(['feature', 'release', 'compare', 'api', 'search', 'digest']);

/** The files a message event carries (mentions and DMs with files shared). */
function filesOf(event: object): SlackFile[] {
  return 'files' in event && Array.isArray(event.files) ? (event.files as SlackFile[]) : [];
}

/** Removes user and channel mentions (<@U123>, <!here>) from a message before it reaches the core. */
export function stripMentions(text: string): string {
  return text
    .replace(/<[@!#][^>]*>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Bolt's logger interface on top of pino. */
function boltLogger(logger: Logger): BoltLogger {
  let level = LogLevel.INFO;
  const child = logger.child({ component: 'bolt' });
  return {
    debug: (...msg) => child.debug(msg.map(String).join(' ')),
    info: (...msg) => child.info(msg.map(String).join(' ')),
    warn: (...msg) => child.warn(msg.map(String).join(' ')),
    error: (...msg) => child.error(msg.map(String).join(' ')),
    setLevel: (l) => {
      level = l;
    },
    getLevel: () => level,
    setName: () => {},
  };
}

export interface SlackAdapterOptions {
  bot: Bot;
  config: SlackConfig;
  logger: Logger;
  /** Required with OAuth distribution: where installations are kept. */
  installationStore?: InstallationStore;
  /** Counts questions and acknowledgement times (default: nothing). */
  metrics?: AdapterMetrics;
  /** Handles each event id once, across retries, replays and replicas (default: within this process). */
  deduper?: EventDeduper;
}

/** Who the bot token belongs to (auth.test). */
interface Identity {
  teamId: string | undefined;
  botId: string | undefined;
  botUserId: string | undefined;
}

export class SlackAdapter {
  readonly app: App;
  /** HTTP mode: the listener for POST /slack/events (signature verification included). */
  readonly requestListener: RequestListener | undefined;
  /** Single-token mode: the workspace the token belongs to (auth.test at start). */
  teamId: string | undefined;
  private readonly bot: Bot;
  private readonly logger: Logger;
  private readonly metrics: AdapterMetrics;
  private readonly deduper: EventDeduper;
  private identity: Identity | undefined;
  private initialized = false;
  private socketStarted = false;
  private socketConnected = false;

  constructor(private readonly options: SlackAdapterOptions) {
    const { config, logger } = options;
    this.bot = meteredBot(options.bot, options.metrics, 'slack');
    this.logger = logger.child({ adapter: 'slack' });
    this.metrics = options.metrics ?? NO_ADAPTER_METRICS;
    this.deduper = options.deduper ?? new StoreEventDeduper(undefined, this.logger);
    // No retries of its own: a post that timed out or met a 5xx may have been delivered (see poster.ts).
    const clientOptions = {
      ...(config.apiUrl ? { slackApiUrl: config.apiUrl } : {}),
      retryConfig: { retries: 0 },
      timeout: 10_000,
    };
    const log = boltLogger(this.logger);
    const oauth = config.oauth;
    if (oauth && !options.installationStore)
      throw new Error('OAuth distribution needs an installation store');
    const receiver =
      config.mode === 'socket' && config.appToken
        ? new SocketModeReceiver({
            appToken: config.appToken,
            logger: log,
            installerOptions: { clientOptions },
          })
        : new HTTPReceiver({
            signingSecret: config.signingSecret ?? '',
            // POST /slack/events is served by slackHttpGuard (verified, capped, shape-checked), which hands
            // events to the App directly; this receiver serves only the OAuth routes.
            signatureVerification: false,
            bodyLimit: BODY_LIMITS.slack,
            endpoints: ['/slack/events'],
            logger: log,
            unhandledRequestTimeoutMillis: 2500,
            ...(oauth
              ? {
                  clientId: oauth.clientId,
                  clientSecret: oauth.clientSecret,
                  stateSecret: oauth.stateSecret,
                  scopes: BOT_SCOPES,
                  installationStore: options.installationStore,
                  installerOptions: {
                    directInstall: true,
                    stateVerification: true,
                    clientOptions,
                    installPath: '/slack/install',
                    redirectUriPath: '/slack/oauth_redirect',
                  },
                }
              : {}),
          });
    // Single-token mode authorizes with the token and what auth.test said about it, so Bolt never calls
    // auth.test itself (a failure there would stick until a restart); OAuth authorizes from the store.
    const botToken = config.botToken;
    this.app = new App({
      ...(botToken
        ? { authorize: (source: AuthorizeSourceData<boolean>) => this.authorizeSingle(botToken, source) }
        : {}),
      receiver,
      clientOptions,
      logger: log,
      deferInitialization: true,
      // No per-conversation state is kept (a global middleware that would read it on every event).
      convoStore: false,
    });
    this.requestListener =
      receiver instanceof HTTPReceiver
        ? slackHttpGuard({
            signingSecret: config.signingSecret ?? '',
            dispatch: (event) => this.app.processEvent(event),
            oauthListener: oauth ? receiver.requestListener : undefined,
            logger: this.logger,
          })
        : undefined;
    if (receiver instanceof SocketModeReceiver) {
      receiver.client.on('connected', () => {
        this.socketConnected = true;
      });
      for (const state of ['close', 'disconnected', 'reconnecting', 'connecting'])
        receiver.client.on(state, () => {
          this.socketConnected = false;
        });
    }
    this.app.use(async (args) => {
      // Slack retries an event it thinks was not acknowledged, with the same event_id: answer it once.
      const eventId = (args.body as { event_id?: unknown }).event_id;
      if (typeof eventId === 'string' && !(await this.deduper.first(`slack:${eventId}`))) {
        this.logger.info({ event: eventId }, 'slack event already handled (a retry or a replay); skipped');
        return;
      }
      const ack =
        'ack' in args && typeof args.ack === 'function' ? (args.ack as () => Promise<void>) : undefined;
      try {
        await args.next();
      } finally {
        // A command or button no listener took (or one whose listener failed) is still acknowledged at once,
        // instead of Slack waiting 3 s for nothing; acknowledging twice is refused by Bolt, and ignored here.
        await ack?.().catch(() => {});
      }
    });
    this.register();
  }

  private async authorizeSingle(
    botToken: string,
    source: AuthorizeSourceData<boolean>,
  ): Promise<AuthorizeResult> {
    const id = this.identity;
    return {
      botToken,
      ...(id?.botId ? { botId: id.botId } : {}),
      ...(id?.botUserId ? { botUserId: id.botUserId } : {}),
      teamId: id?.teamId ?? source.teamId,
      ...(source.enterpriseId ? { enterpriseId: source.enterpriseId } : {}),
    };
  }

  private ask(text: string): Answer {
    return this.bot.ask(text);
  }

  private threadKey(teamId: string | undefined, channelId: string, threadId: string): ThreadKey {
    return { platform: 'slack', workspaceId: teamId ?? '', channelId, threadId };
  }

  /**
   * Answers a message in a thread or DM and keeps the thread's context. Addressed to the bot: a `check` (pasted
   * YAML keeps its lines; shared files are downloaded with the bot token) or any question, follow-ups included.
   * Not addressed (a reply in a thread the bot answered): follow-ups and questions only.
   */
  private async answerInThread(
    client: webApi.WebClient,
    m: {
      raw: string;
      key: ThreadKey;
      threadTs: string | undefined;
      addressed: boolean;
      files: SlackFile[];
      token: string | undefined;
    },
  ): Promise<void> {
    const post = (answer: Answer, note?: string) =>
      client.chat.postMessage({
        channel: m.key.channelId,
        ...(m.threadTs ? { thread_ts: m.threadTs } : {}),
        unfurl_links: false,
        unfurl_media: false,
        ...this.message(answer, false, note),
      });
    const check = m.addressed ? checkText(m.raw, m.files.length > 0) : undefined;
    if (check !== undefined) {
      await post(await this.answerCheck(check, m.files, m.token, client));
      return;
    }
    const text = m.addressed ? stripMentions(m.raw) : m.raw;
    const reply = await this.bot.respondInThread(text, { threads: [m.key], addressed: m.addressed });
    if (!reply) return;
    const note = reply.readAs ? messages(reply.answer.lang).followUp.readAs(reply.readAs) : undefined;
    // Kept first (bounded, never throws), so the context is there by the time anyone can read the answer.
    await this.bot.rememberThread([m.key], reply.topic);
    await post(reply.answer, note);
  }

  /** A `check` with its pasted YAML and the files shared with it. */
  private async answerCheck(
    check: string,
    files: SlackFile[],
    token: string | undefined,
    client: webApi.WebClient,
  ): Promise<Answer> {
    const { apiUrl } = this.options.config;
    const documents =
      files.length > 0 && token
        ? await readSlackFiles(
            files,
            token,
            async (id) => (await client.files.info({ file: id })).file as SlackFile | undefined,
            apiUrl ? [new URL(apiUrl).origin] : [],
          )
        : [];
    return this.bot.respond(check, { documents });
  }

  private message(answer: Answer, share: boolean, note?: string): SlackMessage {
    // A digest subscription change is about this channel; only a digest preview is worth sharing.
    const shareable = SHAREABLE.has(answer.kind) && (answer.kind !== 'digest' || answer.digest !== undefined);
    const shareQuery = share && shareable ? answer.query : undefined;
    return cardToMessage(answer.card, {
      ...(shareQuery !== undefined ? { shareQuery } : {}),
      ...(note ? { note } : {}),
    });
  }

  private register(): void {
    const { app } = this;

    app.command('/k8s', async ({ command, ack }) => {
      const received = performance.now();
      const channel: ChannelContext = {
        platform: 'slack',
        workspaceId: command.team_id,
        channelId: command.channel_id,
        channelName: command.channel_name,
        userId: command.user_id,
        userName: command.user_name,
        canManage: true,
      };
      const raw = command.text ?? '';
      // A check keeps its pasted YAML as typed; other commands go to the core as Slack sent them.
      const text = isCheckCommand(unslack(raw)) ? unslack(raw) : raw;
      const answer = await this.bot.respond(text, { channel });
      await ack({ response_type: 'ephemeral', ...this.message(answer, true) });
      // Over HTTP the server measures the acknowledgement; in Socket Mode it is this envelope's answer.
      if (this.options.config.mode === 'socket') this.metrics.ack('slack', secondsSince(received));
    });

    app.action(ACTIONS.share, async ({ ack, body, action, respond }) => {
      await ack();
      if (action.type !== 'button' || !action.value) return;
      const user = body.user;
      const answer = this.ask(action.value);
      const by =
        'username' in user && typeof user.username === 'string' ? user.username : (user.name ?? user.id);
      await respond({
        response_type: 'in_channel',
        replace_original: false,
        ...this.message(answer, false, messages(answer.lang).sharedBy(by)),
      });
    });

    app.action(new RegExp(`^(${ACTIONS.feature}|${ACTIONS.ask}):\\d+$`), async ({ ack, action, respond }) => {
      await ack();
      if (action.type !== 'button' || !('action_id' in action) || !action.value) return;
      const question = action.action_id.startsWith(ACTIONS.feature)
        ? `feature ${action.value}`
        : action.value;
      const answer = this.ask(question);
      await respond({ response_type: 'ephemeral', replace_original: false, ...this.message(answer, true) });
    });

    app.event('app_mention', async ({ event, client, context }) => {
      const threadTs = event.thread_ts ?? event.ts;
      await this.answerInThread(client, {
        raw: event.text ?? '',
        key: this.threadKey(context.teamId ?? event.team, event.channel, threadTs),
        threadTs,
        addressed: true,
        files: filesOf(event),
        token: context.botToken,
      });
    });

    app.event('message', async ({ event, client, context }) => {
      if (
        ('subtype' in event &&
          event.subtype &&
          event.subtype !== 'thread_broadcast' &&
          event.subtype !== 'file_share') ||
        ('bot_id' in event && event.bot_id)
      )
        return;
      const text = 'text' in event && typeof event.text === 'string' ? event.text : '';
      const threadTs =
        'thread_ts' in event && typeof event.thread_ts === 'string' ? event.thread_ts : undefined;
      if (event.channel_type === 'im') {
        await this.answerInThread(client, {
          raw: text,
          // A DM is one conversation (or a thread inside it).
          key: this.threadKey(context.teamId, event.channel, threadTs ?? event.channel),
          threadTs,
          addressed: true,
          files: filesOf(event),
          token: context.botToken,
        });
        return;
      }
      // A reply in a channel thread without a mention: answered only in a thread the bot answered. A mention
      // of the bot arrives as app_mention too; a mention of someone else (or @here) is addressed to them.
      if (!threadTs || threadTs === event.ts || /<[@!]/.test(text)) return;
      await this.answerInThread(client, {
        raw: text,
        key: this.threadKey(context.teamId, event.channel, threadTs),
        threadTs,
        addressed: false,
        files: [],
        token: undefined,
      });
    });

    if (this.options.config.oauth) {
      app.event('app_uninstalled', async ({ context }) => {
        await this.options.installationStore?.deleteInstallation?.({
          teamId: context.teamId,
          enterpriseId: context.enterpriseId,
          isEnterpriseInstall: Boolean(context.isEnterpriseInstall),
        });
        this.logger.info({ team: context.teamId }, 'app uninstalled; installation deleted');
      });
    }

    app.error(async (error) => {
      this.logger.error({ err: error }, 'slack handler failed');
    });
  }

  /**
   * Verifies the token (auth.test, which also names its workspace) and, in Socket Mode, connects. Throws when
   * Slack cannot be reached; calling it again continues where it failed (serve retries it in the background).
   */
  async start(): Promise<void> {
    if (!this.initialized) {
      await this.app.init();
      this.initialized = true;
    }
    const { botToken } = this.options.config;
    if (botToken && !this.identity) {
      const auth = await this.app.client.auth.test({ token: botToken });
      this.identity = { teamId: auth.team_id, botId: auth.bot_id, botUserId: auth.user_id };
      this.teamId = auth.team_id;
    }
    if (this.options.config.mode === 'socket' && !this.socketStarted) {
      await this.app.start();
      this.socketStarted = true;
      this.socketConnected = true;
    }
    this.logger.info(
      { mode: this.options.config.mode, distribution: this.options.config.oauth ? 'oauth' : 'single-token' },
      'slack adapter ready',
    );
  }

  /** Ready: the token verified (single-token mode) and, in Socket Mode, the connection open. */
  status(): ReadinessCheck {
    if (!this.initialized || (this.options.config.botToken && !this.identity))
      return { ok: false, detail: 'auth.test has not succeeded yet' };
    if (this.options.config.mode === 'socket' && !this.socketConnected)
      return { ok: false, detail: 'socket mode is not connected' };
    return { ok: true };
  }

  async stop(): Promise<void> {
    if (this.options.config.mode === 'socket' && this.socketStarted) {
      this.socketStarted = false;
      await this.app.stop();
    }
  }

  /** The bot token for a workspace: the one token in single-token mode, the installation's with OAuth. */
  async tokenFor(workspaceId: string): Promise<string | undefined> {
    const { botToken } = this.options.config;
    if (botToken) return workspaceId === '' || workspaceId === this.teamId ? botToken : undefined;
    try {
      const installation = await this.options.installationStore?.fetchInstallation({
        teamId: workspaceId,
        enterpriseId: undefined,
        isEnterpriseInstall: false,
      });
      return installation?.bot?.token;
    } catch {
      return undefined;
    }
  }
}
