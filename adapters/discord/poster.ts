/**
 * Digests to Discord, exactly once. Its own REST client: no retries (`retries: 0`), a rate limit comes back to
 * the scheduler instead of being waited out (`rejectOnRateLimit`), and every request has a timeout. Each digest
 * is sent with a nonce derived from (channel, week) and `enforce_nonce: true`: for a few minutes Discord answers
 * a re-send with the message it already has, so after an unknown outcome a re-send within that window cannot
 * make a second copy. Past the window the outcome cannot be known and is recorded as unknown.
 */
import { DiscordAPIError, HTTPError, RateLimitError, REST, Routes } from 'discord.js';
import {
  type CheckOutcome,
  type DigestPoster,
  errorText,
  NOT_CONNECTED,
  networkCode,
  type OutgoingDigest,
  type PostOutcome,
} from '../digest/poster.js';
import { cardToEmbeds, NO_MENTIONS } from './render.js';

/** Discord error codes that mean the channel is gone for us: Unknown Channel, Missing Access, Missing Permissions. */
const GONE = new Set([10003, 50001, 50013]);

/**
 * How long after the first unknown attempt a re-send with the same nonce is still de-duplicated. Discord documents
 * "the past few minutes"; this stays well inside it.
 */
export const NONCE_WINDOW_MS = 2 * 60_000;

export function classifyDiscordError(err: unknown): PostOutcome {
  if (err instanceof RateLimitError) {
    return {
      kind: 'refused',
      error: `discord: rate limited (${err.scope}, retry after ${err.retryAfter} ms)`,
      gone: false,
      retryable: true,
      retryAfterMs: err.retryAfter,
    };
  }
  if (err instanceof DiscordAPIError || err instanceof HTTPError) {
    const code = err instanceof DiscordAPIError ? err.code : undefined;
    const error = `discord: HTTP ${err.status}${code !== undefined ? ` ${code}` : ''} ${err.message}`.trim();
    if (err.status >= 500) return { kind: 'unknown', error };
    return { kind: 'refused', error, gone: typeof code === 'number' && GONE.has(code), retryable: true };
  }
  const code = networkCode(err);
  if (code && NOT_CONNECTED.has(code)) {
    return { kind: 'refused', error: `discord: ${code}`, gone: false, retryable: true };
  }
  return { kind: 'unknown', error: `discord: ${errorText(err)}` };
}

export interface DiscordPosterOptions {
  token: string;
  apiUrl?: string | undefined;
  /** One attempt's timeout (default 10 s). */
  timeoutMs?: number;
  /** Least time between posts to one channel (default 1 s). */
  channelIntervalMs?: number;
  nonceWindowMs?: number;
}

export class DiscordDigestPoster implements DigestPoster {
  readonly channelIntervalMs: number;
  readonly rest: REST;
  private readonly nonceWindowMs: number;

  constructor(options: DiscordPosterOptions) {
    this.channelIntervalMs = options.channelIntervalMs ?? 1000;
    this.nonceWindowMs = options.nonceWindowMs ?? NONCE_WINDOW_MS;
    this.rest = new REST({
      ...(options.apiUrl ? { api: options.apiUrl } : {}),
      retries: 0,
      timeout: options.timeoutMs ?? 10_000,
      rejectOnRateLimit: () => true,
    }).setToken(options.token);
  }

  async send(digest: OutgoingDigest): Promise<PostOutcome> {
    const message = cardToEmbeds(digest.answer.card);
    try {
      const res = (await this.rest.post(Routes.channelMessages(digest.key.channelId), {
        body: {
          embeds: message.embeds,
          components: message.components,
          allowed_mentions: NO_MENTIONS,
          nonce: digest.deliveryId,
          enforce_nonce: true,
        },
      })) as { id?: string };
      return { kind: 'posted', messageId: res.id ?? null };
    } catch (err) {
      return classifyDiscordError(err);
    }
  }

  async check(_digest: OutgoingDigest, since: Date, now: Date): Promise<CheckOutcome> {
    if (now.getTime() - since.getTime() <= this.nonceWindowMs) return { kind: 'deduplicated' };
    return {
      kind: 'unknowable',
      error: `more than ${Math.round(this.nonceWindowMs / 1000)} s since the first attempt: Discord no longer de-duplicates its nonce`,
    };
  }
}
