/**
 * Digests to Slack, exactly once. Its own WebClient: no retries (`retryConfig: { retries: 0 }`), a 429 comes
 * back to the scheduler with its Retry-After (`rejectRateLimitedCalls`), and every call has a timeout. Each
 * digest carries message metadata (event type `k8sbot_digest`, the week and a delivery id), so after an unknown
 * outcome `conversations.history` tells whether it arrived.
 */
import { type Logger as BoltLogger, LogLevel, webApi } from '@slack/bolt';
import type { Logger } from '../../bot/logger.js';
import {
  type CheckOutcome,
  type DigestPoster,
  errorText,
  NOT_CONNECTED,
  networkCode,
  type OutgoingDigest,
  type PostOutcome,
} from '../digest/poster.js';
import { cardToMessage } from './render.js';

export const DIGEST_EVENT_TYPE = 'k8sbot_digest';

/** Slack errors that mean the channel is gone for us: the subscription is dropped. */
const GONE = new Set([
  'channel_not_found',
  'not_in_channel',
  'is_archived',
  'channel_is_archived',
  'team_access_not_granted',
]);
/** Refused, and worth another attempt. */
const RETRYABLE = new Set(['ratelimited', 'rate_limited', 'service_unavailable', 'request_timeout']);
/** Slack says the operation may have partly succeeded before the error. */
const MAYBE_DONE = new Set(['internal_error', 'fatal_error']);

/** How one failed Web API call maps to a delivery outcome. */
export function classifySlackError(err: unknown): PostOutcome {
  if (err instanceof webApi.WebAPIRateLimitedError) {
    return {
      kind: 'refused',
      error: `slack: rate limited (retry after ${err.retryAfter} s)`,
      gone: false,
      retryable: true,
      retryAfterMs: err.retryAfter * 1000,
    };
  }
  if (err instanceof webApi.WebAPIPlatformError) {
    const code = err.data.error;
    if (MAYBE_DONE.has(code)) return { kind: 'unknown', error: `slack: ${code}` };
    return { kind: 'refused', error: `slack: ${code}`, gone: GONE.has(code), retryable: RETRYABLE.has(code) };
  }
  if (err instanceof webApi.WebAPIHTTPError) {
    if (err.statusCode >= 500) return { kind: 'unknown', error: `slack: HTTP ${err.statusCode}` };
    return { kind: 'refused', error: `slack: HTTP ${err.statusCode}`, gone: false, retryable: true };
  }
  const code = networkCode(err);
  if (code && NOT_CONNECTED.has(code)) {
    return { kind: 'refused', error: `slack: ${code}`, gone: false, retryable: true };
  }
  return {
    kind: 'unknown',
    error: `slack: ${errorText(err instanceof webApi.WebAPIRequestError ? err.original : err)}`,
  };
}

export interface SlackPosterOptions {
  /** The bot token for a workspace; undefined when the app is not installed there (any more). */
  tokenFor(workspaceId: string): Promise<string | undefined>;
  apiUrl?: string | undefined;
  /** One attempt's timeout (default 10 s). */
  timeoutMs?: number;
  /** Least time between posts to one channel (default 1 s, Slack's pace for chat.postMessage). */
  channelIntervalMs?: number;
  /** Pages of history read by a check (200 messages each; default 5). */
  historyPages?: number;
  logger: Logger;
}

/** The Web API client's own logging, quiet unless something is wrong (it never logs tokens). */
function webClientLogger(logger: Logger): BoltLogger {
  let level = LogLevel.WARN;
  return {
    debug: () => {},
    info: () => {},
    warn: (...msg) => logger.debug(msg.map(String).join(' ')),
    error: (...msg) => logger.warn(msg.map(String).join(' ')),
    setLevel: (l) => {
      level = l;
    },
    getLevel: () => level,
    setName: () => {},
  };
}

export class SlackDigestPoster implements DigestPoster {
  readonly channelIntervalMs: number;
  readonly client: webApi.WebClient;
  private readonly historyPages: number;

  constructor(private readonly options: SlackPosterOptions) {
    this.channelIntervalMs = options.channelIntervalMs ?? 1000;
    this.historyPages = options.historyPages ?? 5;
    this.client = new webApi.WebClient(undefined, {
      ...(options.apiUrl ? { slackApiUrl: options.apiUrl } : {}),
      retryConfig: { retries: 0 },
      rejectRateLimitedCalls: true,
      timeout: options.timeoutMs ?? 10_000,
      logger: webClientLogger(options.logger.child({ component: 'slack-web-api' })),
    });
  }

  async send(digest: OutgoingDigest): Promise<PostOutcome> {
    const token = await this.options.tokenFor(digest.key.workspaceId);
    if (!token) {
      // A configuration problem, not a vanished channel: the subscription is kept and the failure logged.
      return {
        kind: 'refused',
        error: 'slack: no bot token for this workspace',
        gone: false,
        retryable: false,
      };
    }
    try {
      const message = cardToMessage(digest.answer.card, {});
      const res = await this.client.chat.postMessage({
        token,
        channel: digest.key.channelId,
        unfurl_links: false,
        unfurl_media: false,
        text: message.text,
        blocks: message.blocks,
        metadata: {
          event_type: DIGEST_EVENT_TYPE,
          event_payload: { week: digest.key.week, delivery_id: digest.deliveryId },
        },
      });
      return { kind: 'posted', messageId: res.ts ?? null };
    } catch (err) {
      return classifySlackError(err);
    }
  }

  /** Looks for the digest's metadata in the channel's history since shortly before the first unknown attempt. */
  async check(digest: OutgoingDigest, since: Date): Promise<CheckOutcome> {
    const token = await this.options.tokenFor(digest.key.workspaceId);
    if (!token) return { kind: 'unknowable', error: 'no bot token for this workspace' };
    const oldest = ((since.getTime() - 5 * 60_000) / 1000).toFixed(6);
    let cursor: string | undefined;
    try {
      for (let page = 0; page < this.historyPages; page++) {
        const res = await this.client.conversations.history({
          token,
          channel: digest.key.channelId,
          oldest,
          limit: 200,
          include_all_metadata: true,
          ...(cursor ? { cursor } : {}),
        });
        for (const m of res.messages ?? []) {
          const meta = m.metadata as
            | { event_type?: string; event_payload?: { delivery_id?: unknown } }
            | undefined;
          if (
            meta?.event_type === DIGEST_EVENT_TYPE &&
            meta.event_payload?.delivery_id === digest.deliveryId
          ) {
            return { kind: 'found', messageId: m.ts ?? null };
          }
        }
        cursor = res.response_metadata?.next_cursor || undefined;
        if (!res.has_more || !cursor) return { kind: 'absent' };
      }
      return { kind: 'unknowable', error: `more than ${this.historyPages * 200} messages since the attempt` };
    } catch (err) {
      const outcome = classifySlackError(err);
      return {
        kind: 'unknowable',
        error: `conversations.history: ${outcome.kind === 'posted' ? '' : outcome.error}`,
      };
    }
  }
}
