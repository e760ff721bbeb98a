/**
 * Delivers due digests, each (channel, week) exactly once, through the adapter of its platform.
 *
 * Every minute (and once at start, to catch up after downtime): find subscriptions whose slot this week has
 * passed, claim each (channel, week) in the database, mark it "posting", post, record the result. Several
 * processes may share the database file: only the one whose claim succeeds posts.
 */
import { randomUUID } from 'node:crypto';
import { Cron } from 'croner';
import type { Corpus } from '../../knowledge/load.js';
import type { Answer } from '../answer.js';
import type { Logger } from '../logger.js';
import { composeDigest, digestAnswer } from './compose.js';
import { dueSlot } from './schedule.js';
import type { DigestStore, Platform, Subscription } from './store.js';

/** Posting failed. `gone`: the channel no longer exists or removed the bot; otherwise worth retrying. */
export class PostError extends Error {
  constructor(
    message: string,
    readonly gone: boolean,
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'PostError';
  }
}

/** Posts an answer to a channel; provided by each adapter. */
export interface DigestPoster {
  post(subscription: Subscription, answer: Answer): Promise<{ messageId: string | null }>;
}

export interface SchedulerOptions {
  store: DigestStore;
  /** The corpus, or a getter for the one a running server currently answers from. */
  corpus: Corpus | (() => Corpus);
  posters: Partial<Record<Platform, DigestPoster>>;
  logger: Logger;
  clock?: () => Date;
  /** Identifies this process in claims. */
  workerId?: string;
}

export interface RunReport {
  due: number;
  posted: number;
  failed: number;
  gone: number;
  skipped: number;
}

export class DigestScheduler {
  readonly workerId: string;
  private job: Cron | undefined;
  private readonly clock: () => Date;

  constructor(private readonly options: SchedulerOptions) {
    this.workerId = options.workerId ?? `${process.pid}-${randomUUID().slice(0, 8)}`;
    this.clock = options.clock ?? (() => new Date());
  }

  /** One pass: post every digest that is due now and not yet delivered. */
  async runOnce(now = this.clock()): Promise<RunReport> {
    const { store, posters, logger } = this.options;
    const corpus = typeof this.options.corpus === 'function' ? this.options.corpus() : this.options.corpus;
    const report: RunReport = { due: 0, posted: 0, failed: 0, gone: 0, skipped: 0 };
    for (const lost of store.expireInFlight(now)) {
      logger.warn(
        { platform: lost.platform, channel: lost.channelId, week: lost.week },
        'digest post was in flight when a process stopped; not retried to avoid a double post',
      );
    }
    for (const sub of store.listSubscriptions()) {
      const slot = dueSlot(sub, now);
      if (!slot) continue;
      const poster = posters[sub.platform];
      if (!poster) continue;
      report.due++;
      if (!store.claim(sub.platform, sub.channelId, slot.week, this.workerId, now)) {
        report.skipped++;
        continue;
      }
      const answer = digestAnswer(composeDigest(corpus, slot.date, sub.lang), `digest ${slot.date}`);
      if (!store.startPosting(sub.platform, sub.channelId, slot.week, this.workerId, now)) {
        report.skipped++;
        continue;
      }
      const where = { platform: sub.platform, channel: sub.channelId, week: slot.week };
      try {
        const { messageId } = await poster.post(sub, answer);
        store.markPosted(sub.platform, sub.channelId, slot.week, this.workerId, messageId, now);
        report.posted++;
        logger.info(where, 'digest posted');
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        if (err instanceof PostError && err.gone) {
          store.markGone(sub.platform, sub.channelId, slot.week, this.workerId, message);
          report.gone++;
          logger.warn({ ...where, error: message }, 'channel is gone or removed the bot; unsubscribed it');
        } else {
          const retryAfter = err instanceof PostError ? err.retryAfterMs : undefined;
          const d = store.markFailed(
            sub.platform,
            sub.channelId,
            slot.week,
            this.workerId,
            message,
            now,
            retryAfter,
          );
          report.failed++;
          logger.warn(
            { ...where, error: message, attempts: d.attempts, nextAttemptAt: d.nextAttemptAt },
            'digest post failed',
          );
        }
      }
    }
    return report;
  }

  /** Runs now (catch-up after downtime), then at the start of every minute. */
  start(): void {
    if (this.job) return;
    const tick = async (): Promise<void> => {
      try {
        await this.runOnce();
      } catch (err) {
        this.options.logger.error({ err }, 'digest run failed');
      }
    };
    this.job = new Cron('* * * * *', { protect: true, name: `digest-${this.workerId}` }, tick);
    void tick();
  }

  stop(): void {
    this.job?.stop();
    this.job = undefined;
  }
}
