/**
 * Delivers due digests, each (channel, week) exactly once, from any number of replicas on one database.
 *
 * A pass: list subscriptions, work out whose slot this week has passed (in their own time zone), read the
 * delivery rows of those weeks once, and for each one that may be claimed, claim it (one atomic conditional
 * upsert; only one replica wins) and deliver it (./deliver.ts) — up to `concurrency` channels at a time, so no
 * channel waits on another. Passes run at start-up and at the start of every minute, never two at once in a
 * process (a tick during a pass runs another pass right after it). `stop()` stops claiming and interrupts waits;
 * `drain()` waits, bounded, for posts in flight.
 */
import { randomUUID } from 'node:crypto';
import { Cron } from 'croner';
import type { Answer } from '../../bot/answer.js';
import { composeDigest, digestAnswer } from '../../bot/digest/compose.js';
import { dueSlot, type Slot } from '../../bot/digest/schedule.js';
import type { DeliveryKey, Platform, Subscription } from '../../bot/digest/store.js';
import type { Logger } from '../../bot/logger.js';
import type { Corpus } from '../../knowledge/load.js';
import type { ClusterReport } from '../../knowledge/upgrade/cluster.js';
import type { Store } from '../storage/port.js';
import type { DeliveryState } from '../storage/types.js';
import { DEFAULT_POLICY, type DeliveryPolicy, type DeliveryResult, deliverClaimed } from './deliver.js';
import { type DigestMetrics, InMemoryDigestMetrics } from './metrics.js';
import { ChannelPacer, forEachBounded } from './pacing.js';
import { type DigestPoster, deliveryId } from './poster.js';

export interface SchedulerOptions {
  store: Store;
  /** The corpus, or a getter for the one a running server currently answers from. */
  corpus: Corpus | (() => Corpus);
  posters: Partial<Record<Platform, DigestPoster>>;
  logger: Logger;
  metrics?: DigestMetrics;
  clock?: () => Date;
  /** Identifies this replica in claims. */
  workerId?: string;
  /** Channels delivered at once by this replica (default 8). */
  concurrency?: number;
  policy?: Partial<DeliveryPolicy>;
  /** The configured live clusters, read once per pass that has digests to post ("your clusters" section). */
  clusters?: () => Promise<ClusterReport[]>;
}

export type RunReport = Record<'due' | 'claimed' | 'skipped', number> & Record<DeliveryResult, number>;

const keyString = (k: DeliveryKey) =>
  `${k.platform}\u0000${k.workspaceId}\u0000${k.channelId}\u0000${k.week}`;

/** Whether a row (or no row) may be claimed at `now`; the claim itself decides for sure. */
function claimable(state: DeliveryState | undefined, now: string): boolean {
  if (!state) return true;
  switch (state.status) {
    case 'pending':
      return true;
    case 'failed':
      return state.nextAttemptAt !== null && state.nextAttemptAt <= now;
    case 'claimed':
    case 'posting':
      return state.leaseUntil !== null && state.leaseUntil <= now;
    default:
      return false;
  }
}

export class DigestScheduler {
  readonly workerId: string;
  readonly metrics: DigestMetrics;
  private readonly policy: DeliveryPolicy;
  private readonly clock: () => Date;
  private readonly pacer = new ChannelPacer();
  private readonly abort = new AbortController();
  private readonly inFlight = new Set<Promise<unknown>>();
  private job: Cron | undefined;
  private running: Promise<void> | undefined;
  private again = false;

  constructor(private readonly options: SchedulerOptions) {
    this.workerId = options.workerId ?? `${process.pid}-${randomUUID().slice(0, 8)}`;
    this.clock = options.clock ?? (() => new Date());
    this.metrics = options.metrics ?? new InMemoryDigestMetrics();
    this.policy = { ...DEFAULT_POLICY, ...options.policy };
  }

  get stopping(): boolean {
    return this.abort.signal.aborted;
  }

  /** One pass: deliver every digest that is due at `now` and may be claimed. */
  async runOnce(now = this.clock()): Promise<RunReport> {
    const { store, posters, logger } = this.options;
    const corpus = typeof this.options.corpus === 'function' ? this.options.corpus() : this.options.corpus;
    const report: RunReport = {
      due: 0,
      claimed: 0,
      skipped: 0,
      posted: 0,
      failed: 0,
      retry: 0,
      gone: 0,
      unknown: 0,
      released: 0,
    };
    if (this.stopping) return report;
    const started = Date.now();
    const at = () => new Date(now.getTime() + (Date.now() - started));

    const due: Array<{ sub: Subscription; slot: Slot; key: DeliveryKey }> = [];
    for (const sub of await store.listSubscriptions()) {
      if (!posters[sub.platform]) continue;
      const slot = dueSlot(sub, now);
      if (!slot) continue;
      const key = { platform: sub.platform, workspaceId: sub.workspaceId, channelId: sub.channelId };
      due.push({ sub, slot, key: { ...key, week: slot.week } });
    }
    report.due = due.length;
    const weeks = [...new Set(due.map((d) => d.slot.week))];
    const states = new Map((await store.deliveryStates(weeks)).map((s) => [keyString(s), s]));
    const nowIso = now.toISOString();
    const candidates = due.filter((d) => claimable(states.get(keyString(d.key)), nowIso));
    report.skipped += due.length - candidates.length;
    // Replicas start at different points of the list, so they rarely race for the same row.
    const offset = candidates.length ? Math.floor(Math.random() * candidates.length) : 0;
    // The clusters are read once per pass, and only when there is something to post.
    const clusters =
      candidates.length > 0 && this.options.clusters
        ? await this.options.clusters().catch((err: unknown) => {
            logger.warn({ err }, 'reading the clusters for the digest failed; posting without them');
            return [];
          })
        : [];
    // The digest depends only on the date and the language: compose each once per pass.
    const digests = new Map<string, Answer>();
    const digestFor = (date: string, lang: Subscription['lang']): Answer => {
      const k = `${date} ${lang}`;
      let answer = digests.get(k);
      if (!answer) {
        answer = digestAnswer(composeDigest(corpus, date, lang, null, clusters), `digest ${date}`);
        digests.set(k, answer);
      }
      return answer;
    };
    const ordered = [...candidates.slice(offset), ...candidates.slice(0, offset)];

    await forEachBounded(
      ordered,
      this.options.concurrency ?? 8,
      async ({ sub, slot, key }) => {
        const poster = posters[sub.platform] as DigestPoster;
        const task = (async (): Promise<DeliveryResult> => {
          const claimed = await store.claimDelivery(key, this.workerId, at(), this.policy.leaseMs);
          if (!claimed) return 'skipped';
          report.claimed++;
          const answer = digestFor(slot.date, sub.lang);
          return deliverClaimed(
            {
              store,
              poster,
              policy: this.policy,
              logger,
              metrics: this.metrics,
              pacer: this.pacer,
              workerId: this.workerId,
              now: at,
              signal: this.abort.signal,
            },
            sub,
            claimed,
            { deliveryId: deliveryId(key), answer },
          );
        })();
        this.inFlight.add(task);
        try {
          report[await task]++;
        } catch (err) {
          logger.error(
            { err, platform: key.platform, channel: key.channelId, week: key.week },
            'digest delivery stopped by an error; the row is retried when its lease expires',
          );
        } finally {
          this.inFlight.delete(task);
        }
      },
      () => this.stopping,
    );
    return report;
  }

  /** Asks for a pass: runs one now, or right after the one in progress. */
  trigger(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      do {
        this.again = false;
        try {
          await this.runOnce();
        } catch (err) {
          this.options.logger.error({ err }, 'digest pass failed');
        }
      } while (this.again && !this.stopping);
    })().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  /** A pass now (catch-up after downtime), then at the start of every minute. */
  start(): void {
    if (this.job || this.stopping) return;
    this.job = new Cron('* * * * *', { name: `digest-${this.workerId}` }, () => {
      void this.trigger();
    });
    void this.trigger();
  }

  /** Stops claiming and interrupts waits (backoff, checks); posts in flight go on until drain(). */
  stop(): void {
    this.job?.stop();
    this.job = undefined;
    this.abort.abort();
  }

  /** Waits for posts in flight, at most `timeoutMs`; true when none is left. */
  async drain(timeoutMs = 10_000): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs);
    });
    const done = Promise.allSettled([...this.inFlight, this.running]).then(() => true);
    const result = await Promise.race([done, timedOut]);
    clearTimeout(timer);
    return result;
  }
}
