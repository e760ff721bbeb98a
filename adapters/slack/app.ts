/**
 * Slack wiring: Bolt in Socket Mode (SLACK_APP_TOKEN) or over HTTP (POST /slack/events, signature-verified
 * by Bolt's HTTPReceiver). Thin: parse the event, ask the core, render with cardToMessage.
 *
 * Answers are computed in-process in milliseconds, so slash commands are answered inside the ack itself;
 * button clicks are acknowledged first and answered through response_url.
 */
import type { RequestListener } from 'node:http';
import { App, type Logger as BoltLogger, HTTPReceiver, LogLevel, SocketModeReceiver } from '@slack/bolt';
import type { Answer } from '../../bot/answer.js';
import type { Bot } from '../../bot/bot.js';
import type { ChannelContext } from '../../bot/digest/commands.js';
import { type DigestPoster, PostError } from '../../bot/digest/scheduler.js';
import type { Subscription } from '../../bot/digest/store.js';
import type { Logger } from '../../bot/logger.js';
import { messages } from '../../bot/messages.js';
import type { Config } from '../config.js';
import { ACTIONS, cardToMessage, type SlackMessage } from './render.js';

export type SlackConfig = NonNullable<Config['slack']>;

/** Slack errors that mean the channel is gone for us: the subscription is dropped. */
const GONE = new Set([
  'channel_not_found',
  'not_in_channel',
  'is_archived',
  'channel_is_archived',
  'team_access_not_granted',
]);

/** Kinds of answers worth sharing with the channel. */
const SHAREABLE = new Set<Answer['kind']>(['feature', 'release', 'compare', 'api', 'search', 'digest']);

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
}

export class SlackAdapter implements DigestPoster {
  readonly app: App;
  /** HTTP mode: the listener for POST /slack/events (signature verification included). */
  readonly requestListener: RequestListener | undefined;
  private readonly bot: Bot;
  private readonly logger: Logger;

  constructor(private readonly options: SlackAdapterOptions) {
    const { config, logger } = options;
    this.bot = options.bot;
    this.logger = logger.child({ adapter: 'slack' });
    const clientOptions = {
      ...(config.apiUrl ? { slackApiUrl: config.apiUrl } : {}),
      retryConfig: { retries: 2, factor: 2, minTimeout: 500, maxTimeout: 5000 },
    };
    const log = boltLogger(this.logger);
    const receiver =
      config.mode === 'socket' && config.appToken
        ? new SocketModeReceiver({
            appToken: config.appToken,
            logger: log,
            installerOptions: { clientOptions },
          })
        : new HTTPReceiver({
            signingSecret: config.signingSecret ?? '',
            endpoints: ['/slack/events'],
            logger: log,
            unhandledRequestTimeoutMillis: 2500,
          });
    this.app = new App({
      token: config.botToken,
      receiver,
      clientOptions,
      logger: log,
      deferInitialization: true,
    });
    this.requestListener = receiver instanceof HTTPReceiver ? receiver.requestListener : undefined;
    this.register();
  }

  private ask(text: string, channel: ChannelContext | undefined): Answer {
    return this.bot.ask(text, channel ? { channel } : {});
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
      const channel: ChannelContext = {
        platform: 'slack',
        channelId: command.channel_id,
        channelName: command.channel_name,
        userId: command.user_id,
        userName: command.user_name,
        canManage: true,
      };
      const answer = this.ask(command.text ?? '', channel);
      await ack({ response_type: 'ephemeral', ...this.message(answer, true) });
    });

    app.action(ACTIONS.share, async ({ ack, body, action, respond }) => {
      await ack();
      if (action.type !== 'button' || !action.value) return;
      const user = body.user;
      const answer = this.ask(action.value, undefined);
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
      const answer = this.ask(question, undefined);
      await respond({ response_type: 'ephemeral', replace_original: false, ...this.message(answer, true) });
    });

    app.event('app_mention', async ({ event, client }) => {
      const answer = this.ask(stripMentions(event.text ?? ''), undefined);
      await client.chat.postMessage({
        channel: event.channel,
        thread_ts: event.thread_ts ?? event.ts,
        unfurl_links: false,
        unfurl_media: false,
        ...this.message(answer, false),
      });
    });

    app.event('message', async ({ event, client }) => {
      if (
        event.channel_type !== 'im' ||
        ('subtype' in event && event.subtype) ||
        ('bot_id' in event && event.bot_id)
      )
        return;
      const text = 'text' in event && typeof event.text === 'string' ? event.text : '';
      const answer = this.ask(stripMentions(text), undefined);
      await client.chat.postMessage({
        channel: event.channel,
        unfurl_links: false,
        unfurl_media: false,
        ...this.message(answer, false),
      });
    });

    app.error(async (error) => {
      this.logger.error({ err: error }, 'slack handler failed');
    });
  }

  /** Verifies the token (auth.test) and, in Socket Mode, connects. */
  async start(): Promise<void> {
    await this.app.init();
    if (this.options.config.mode === 'socket') await this.app.start();
    this.logger.info({ mode: this.options.config.mode }, 'slack adapter ready');
  }

  async stop(): Promise<void> {
    if (this.options.config.mode === 'socket') await this.app.stop();
  }

  /** Posts a digest to a channel; maps Slack's errors to PostError. */
  async post(sub: Subscription, answer: Answer): Promise<{ messageId: string | null }> {
    try {
      const res = await this.app.client.chat.postMessage({
        channel: sub.channelId,
        unfurl_links: false,
        unfurl_media: false,
        ...this.message(answer, false),
      });
      return { messageId: res.ts ?? null };
    } catch (err) {
      const e = err as { data?: { error?: string }; retryAfter?: number; message?: string };
      const code = e.data?.error ?? e.message ?? 'unknown error';
      throw new PostError(`slack: ${code}`, GONE.has(code), e.retryAfter ? e.retryAfter * 1000 : undefined);
    }
  }
}
