/**
 * What the scheduler asks of a platform: one attempt to post a digest (no retries of its own, bounded by a
 * timeout, never throwing), and a check after an attempt whose outcome was unknown.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { Answer } from '../../bot/answer.js';
import type { DeliveryKey, Subscription } from '../../bot/digest/store.js';

export const PostOutcome = z.discriminatedUnion('kind', [
  /** The platform answered with the message. */
  z.strictObject({ kind: z.literal('posted'), messageId: z.string().nullable() }),
  /**
   * Known not to have posted: refused before or instead of posting (a 4xx, a 429, connection refused).
   * `gone`: the channel no longer exists or removed the bot; `retryable`: worth another attempt.
   */
  z.strictObject({
    kind: z.literal('refused'),
    error: z.string(),
    gone: z.boolean(),
    retryable: z.boolean(),
    retryAfterMs: z.number().nonnegative().optional(),
  }),
  /** May or may not have posted (a timeout, a reset after sending, a 5xx): never re-sent without a check. */
  z.strictObject({ kind: z.literal('unknown'), error: z.string() }),
]);
export type PostOutcome = z.infer<typeof PostOutcome>;

export const CheckOutcome = z.discriminatedUnion('kind', [
  /** The digest is in the channel: record it as posted. */
  z.strictObject({ kind: z.literal('found'), messageId: z.string().nullable() }),
  /** It is not there: sending it now cannot make a second copy. */
  z.strictObject({ kind: z.literal('absent') }),
  /** Not knowable, but the platform itself refuses a duplicate of this send (Discord's nonce, within its window). */
  z.strictObject({ kind: z.literal('deduplicated') }),
  /** No way to know: record unknown and alert; never re-sent. */
  z.strictObject({ kind: z.literal('unknowable'), error: z.string() }),
]);
export type CheckOutcome = z.infer<typeof CheckOutcome>;

export interface OutgoingDigest {
  subscription: Subscription;
  key: DeliveryKey;
  /** Stable for (platform, workspace, channel, week): Slack metadata, Discord nonce. */
  deliveryId: string;
  answer: Answer;
}

export interface DigestPoster {
  /** Least time between two posts to one channel (Slack: about one message a second). */
  readonly channelIntervalMs: number;
  send(digest: OutgoingDigest): Promise<PostOutcome>;
  /** After an unknown outcome: is the digest there? `since` is when the first unknown attempt started. */
  check(digest: OutgoingDigest, since: Date, now: Date): Promise<CheckOutcome>;
}

/** 24 URL-safe characters from the delivery key (fits Discord's 25-character nonce). */
export function deliveryId(key: DeliveryKey): string {
  return createHash('sha256')
    .update([key.platform, key.workspaceId, key.channelId, key.week].join('\u0000'))
    .digest('base64url')
    .slice(0, 24);
}

/** The error text of anything thrown, for logs and the delivery row (never request headers or tokens). */
export function errorText(err: unknown): string {
  if (err instanceof Error) {
    const cause = (err as { cause?: { code?: unknown; message?: unknown } }).cause;
    const code = cause && typeof cause.code === 'string' ? ` (${cause.code})` : '';
    return `${err.name}: ${err.message}${code}`;
  }
  return String(err);
}

/** The network-level code of an error or its cause (ECONNREFUSED, ECONNRESET, UND_ERR_SOCKET, …). */
export function networkCode(err: unknown): string | undefined {
  for (let e: unknown = err, depth = 0; e && depth < 4; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^(E[A-Z]+|UND_ERR_[A-Z_]+)$/.test(code)) return code;
    e = (e as { cause?: unknown; original?: unknown }).cause ?? (e as { original?: unknown }).original;
  }
  return undefined;
}

/** Never connected, so nothing was sent. */
export const NOT_CONNECTED = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);
