/**
 * One (channel, week) from claim to a settled row, exactly once:
 *
 *   posted               → recorded posted.
 *   refused, gone        → recorded gone, subscription deleted.
 *   refused, retryable   → another attempt after max(backoff, Retry-After): in this pass when the wait is short,
 *                          otherwise at nextAttemptAt; after maxAttempts, failed for good (log + metric).
 *   refused, permanent   → failed for good (log + metric).
 *   unknown              → never re-sent blindly: wait checkDelayMs, ask the platform (Slack: the channel history
 *                          for the digest's metadata; Discord: its nonce de-duplicates a re-send for a few minutes);
 *                          found → posted; absent or de-duplicated → send again; unknowable → recorded unknown,
 *                          logged at error level and counted.
 *
 * A replica that dies mid-post leaves a `posting` row; when its lease expires the next holder gets it with
 * `unknownSince` set and starts with the check.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Delivery, DeliveryKey, Subscription } from '../../bot/digest/store.js';
import type { Logger } from '../../bot/logger.js';
import type { Store } from '../storage/port.js';
import type { DeliveryOutcome } from '../storage/types.js';
import type { DigestMetrics } from './metrics.js';
import type { ChannelPacer } from './pacing.js';
import type { DigestPoster, OutgoingDigest } from './poster.js';

export interface DeliveryPolicy {
  /** How long a claim or an attempt holds the row; must exceed the posters' attempt timeouts. */
  leaseMs: number;
  /** Attempts before giving up. */
  maxAttempts: number;
  /** Backoff after the n-th refused attempt: baseMs × 4^(n-1), at most maxBackoffMs (and at least Retry-After). */
  backoffBaseMs: number;
  maxBackoffMs: number;
  /** Waits up to this long are spent in the pass; longer ones are left to a later pass (nextAttemptAt). */
  inlineWaitMaxMs: number;
  /** After an unknown outcome, how long to let the platform settle before checking. */
  checkDelayMs: number;
}

export const DEFAULT_POLICY: DeliveryPolicy = {
  leaseMs: 30_000,
  maxAttempts: 6,
  backoffBaseMs: 2_000,
  maxBackoffMs: 30 * 60_000,
  inlineWaitMaxMs: 10_000,
  checkDelayMs: 5_000,
};

export type DeliveryResult = 'posted' | 'failed' | 'retry' | 'gone' | 'unknown' | 'skipped' | 'released';

export interface DeliveryContext {
  store: Store;
  poster: DigestPoster;
  policy: DeliveryPolicy;
  logger: Logger;
  metrics: DigestMetrics;
  pacer: ChannelPacer;
  workerId: string;
  /** The current time (the pass's clock). */
  now: () => Date;
  /** Aborted when the process is shutting down. */
  signal: AbortSignal;
}

export function backoffMs(policy: DeliveryPolicy, attempt: number): number {
  return Math.min(policy.maxBackoffMs, policy.backoffBaseMs * 4 ** Math.max(0, attempt - 1));
}

async function pause(ms: number, signal: AbortSignal): Promise<boolean> {
  try {
    await sleep(ms, undefined, { signal });
    return true;
  } catch {
    return false;
  }
}

/** Delivers one claimed digest. `claimed` is the row as the claim returned it. */
export async function deliverClaimed(
  ctx: DeliveryContext,
  sub: Subscription,
  claimed: Delivery,
  digest: Omit<OutgoingDigest, 'subscription' | 'key'>,
): Promise<DeliveryResult> {
  const { store, poster, policy, logger, metrics, workerId, now, signal } = ctx;
  const key: DeliveryKey = {
    platform: claimed.platform,
    workspaceId: claimed.workspaceId,
    channelId: claimed.channelId,
    week: claimed.week,
  };
  const outgoing: OutgoingDigest = { ...digest, subscription: sub, key };
  const where = {
    platform: key.platform,
    workspace: key.workspaceId,
    channel: key.channelId,
    week: key.week,
  };
  const count = (c: Parameters<DigestMetrics['increment']>[0]) => metrics.increment(c, key.platform);
  const finish = async (outcome: DeliveryOutcome): Promise<boolean> => {
    const kept = await store.finishDelivery(key, workerId, outcome, now());
    if (!kept)
      logger.error({ ...where, outcome: outcome.status }, 'digest claim was lost before it was settled');
    return kept;
  };
  const stopping = () => signal.aborted;
  let unknownSince = claimed.unknownSince;
  let attempts = claimed.attempts;
  let lastError = claimed.lastError ?? 'no attempt succeeded';
  /**
   * No more attempts. If an earlier attempt's outcome is still unknown (a Discord re-send that was refused), the
   * digest may be in the channel: that is "unknown", never "failed".
   */
  const giveUp = async (error: string, message: string): Promise<DeliveryResult> => {
    if (unknownSince) {
      count('unknown');
      await finish({ status: 'unknown', error });
      logger.error(
        { ...where, attempts, error, since: unknownSince },
        'digest delivery outcome unknown and cannot be checked: not re-sent; look at the channel',
      );
      return 'unknown';
    }
    count('failed');
    await finish({ status: 'failed', error, retryAt: null });
    logger.error({ ...where, attempts, error }, message);
    return 'failed';
  };

  for (;;) {
    if (unknownSince) {
      const check = await poster.check(outgoing, new Date(unknownSince), now());
      if (check.kind === 'found') {
        count('check_found');
        count('posted');
        await finish({ status: 'posted', messageId: check.messageId });
        logger.info(
          { ...where, messageId: check.messageId },
          'digest was already posted; found it, not re-sent',
        );
        return 'posted';
      }
      if (check.kind === 'unknowable') {
        count('unknown');
        await finish({ status: 'unknown', error: `${lastError}; check: ${check.error}` });
        logger.error(
          { ...where, error: lastError, check: check.error, since: unknownSince },
          'digest delivery outcome unknown and cannot be checked: not re-sent; look at the channel',
        );
        return 'unknown';
      }
      if (check.kind === 'absent') {
        count('check_absent');
        unknownSince = null;
        await store.setUnknownSince(key, workerId, null);
      }
    }
    if (attempts >= policy.maxAttempts)
      return giveUp(lastError, 'digest delivery failed for good after retries');
    if (stopping()) {
      await finish({ status: 'pending' });
      return 'released';
    }
    if (!(await pauseForChannel(ctx, key))) {
      await finish({ status: 'pending' });
      return 'released';
    }
    if (!(await store.startAttempt(key, workerId, now(), policy.leaseMs))) {
      logger.warn(where, 'digest claim expired before posting; another replica has it');
      return 'skipped';
    }
    attempts++;
    const attemptAt = now().toISOString();
    const outcome = await poster.send(outgoing);

    if (outcome.kind === 'posted') {
      count('posted');
      await finish({ status: 'posted', messageId: outcome.messageId });
      logger.info({ ...where, attempts, messageId: outcome.messageId }, 'digest posted');
      return 'posted';
    }
    if (outcome.kind === 'refused') {
      lastError = outcome.error;
      if (outcome.gone) {
        count('gone');
        await finish({ status: 'gone', error: outcome.error });
        logger.warn(
          { ...where, error: outcome.error },
          'channel is gone or removed the bot; unsubscribed it',
        );
        return 'gone';
      }
      if (!outcome.retryable || attempts >= policy.maxAttempts) {
        return giveUp(
          outcome.error,
          outcome.retryable ? 'digest delivery failed for good after retries' : 'digest refused for good',
        );
      }
      const wait = Math.max(outcome.retryAfterMs ?? 0, backoffMs(policy, attempts));
      count('retried');
      if (wait <= policy.inlineWaitMaxMs && !stopping()) {
        await store.holdClaim(key, workerId, now(), wait + policy.leaseMs);
        logger.warn(
          { ...where, attempts, error: outcome.error, retryInMs: wait },
          'digest post refused; retrying',
        );
        if (await pause(wait, signal)) continue;
      }
      const retryAt = new Date(now().getTime() + wait).toISOString();
      await finish({ status: 'failed', error: outcome.error, retryAt });
      logger.warn(
        { ...where, attempts, error: outcome.error, retryAt },
        'digest post refused; retry scheduled',
      );
      return 'retry';
    }

    // Unknown outcome: hold the row as "posting" and check before anything is sent again.
    lastError = outcome.error;
    count('outcome_unknown');
    unknownSince ??= attemptAt;
    await store.setUnknownSince(key, workerId, unknownSince);
    logger.warn(
      { ...where, attempts, error: outcome.error },
      'digest post outcome unknown; checking before any retry',
    );
    if (!stopping()) {
      await store.extendLease(key, workerId, now(), policy.checkDelayMs + policy.leaseMs);
      if (await pause(policy.checkDelayMs, signal)) continue;
    }
    // Shutting down: hand the row over now; the next holder starts with the check.
    await store.extendLease(key, workerId, now(), 0);
    return 'released';
  }
}

async function pauseForChannel(ctx: DeliveryContext, key: DeliveryKey): Promise<boolean> {
  try {
    await ctx.pacer.wait(
      `${key.platform}:${key.workspaceId}:${key.channelId}`,
      ctx.poster.channelIntervalMs,
      ctx.signal,
    );
    return true;
  } catch {
    return false;
  }
}
