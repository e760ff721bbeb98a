/**
 * Work that must run in one replica only (the Discord gateway connection): whoever holds the named lease in the
 * store runs it. The owner renews every renewEveryMs; when it dies the lease expires after ttlMs and the next
 * replica to try takes over (at most ttlMs + renewEveryMs later: under a minute with the defaults). An owner
 * that cannot renew (the database is unreachable) stops the work before its lease can expire.
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from '../../bot/logger.js';
import type { Store } from '../storage/port.js';

export interface SingleOwnerOptions {
  store: Pick<Store, 'acquireLease' | 'releaseLease'>;
  name: string;
  logger: Logger;
  /** Starts the work; called when this replica becomes the owner. */
  onAcquire: () => Promise<void>;
  /** Stops the work; called when this replica stops being the owner. */
  onLose: () => Promise<void>;
  /** Called after each try that found the lease held by another replica. */
  onStandby?: () => void;
  owner?: string;
  ttlMs?: number;
  renewEveryMs?: number;
  clock?: () => Date;
}

export class SingleOwner {
  readonly owner: string;
  private readonly ttlMs: number;
  private readonly renewEveryMs: number;
  private readonly clock: () => Date;
  private timer: NodeJS.Timeout | undefined;
  private owning = false;
  private lastRenewed = 0;
  private queue: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(private readonly options: SingleOwnerOptions) {
    this.owner = options.owner ?? `${process.pid}-${randomUUID().slice(0, 8)}`;
    this.ttlMs = options.ttlMs ?? 45_000;
    this.renewEveryMs = options.renewEveryMs ?? 15_000;
    this.clock = options.clock ?? (() => new Date());
    if (this.renewEveryMs * 2 > this.ttlMs) throw new Error('renewEveryMs must be at most half of ttlMs');
  }

  get isOwner(): boolean {
    return this.owning;
  }

  /** Tries now, then every renewEveryMs. */
  start(): Promise<void> {
    this.timer ??= setInterval(() => void this.tick(), this.renewEveryMs);
    this.timer.unref();
    return this.tick();
  }

  /** One try to take or renew the lease, and the start or stop of the work that follows from it. */
  tick(): Promise<void> {
    this.queue = this.queue.then(() => this.step());
    return this.queue;
  }

  private async step(): Promise<void> {
    if (this.stopped) return;
    const { store, name, logger } = this.options;
    const now = this.clock();
    let held: boolean;
    try {
      held = await store.acquireLease(name, this.owner, this.ttlMs, now);
      if (held) this.lastRenewed = now.getTime();
    } catch (err) {
      // Cannot tell; keep the work only while the last renewal surely still holds.
      held = this.owning && now.getTime() - this.lastRenewed < this.ttlMs - this.renewEveryMs;
      logger.warn({ err, lease: name }, 'could not renew the lease');
    }
    if (held && !this.owning) {
      this.owning = true;
      logger.info({ lease: name, owner: this.owner }, 'took the lease; starting the single-owner work');
      try {
        await this.options.onAcquire();
      } catch (err) {
        logger.error({ err, lease: name }, 'single-owner work failed to start; giving the lease back');
        this.owning = false;
        await store.releaseLease(name, this.owner).catch(() => false);
      }
    } else if (!held && this.owning) {
      this.owning = false;
      logger.warn({ lease: name, owner: this.owner }, 'lost the lease; stopping the single-owner work');
      await this.options.onLose().catch((err: unknown) => logger.error({ err }, 'stopping the work failed'));
    } else if (!held) {
      this.options.onStandby?.();
    }
  }

  /** Stops the work and gives the lease back, so another replica takes over at once. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.queue;
    this.stopped = true;
    if (!this.owning) return;
    this.owning = false;
    await this.options
      .onLose()
      .catch((err: unknown) => this.options.logger.error({ err }, 'stopping the work failed'));
    await this.options.store.releaseLease(this.options.name, this.owner).catch(() => false);
  }
}
