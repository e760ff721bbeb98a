/**
 * "Have we handled this platform event already?" Slack retries an event it thinks was not acknowledged (same
 * event_id, with X-Slack-Retry-Num) and a captured request can be replayed within its signature's five minutes.
 * An id is handled once: first in this process (RecentIds), then across replicas through the store's receipts
 * (one atomic insert, so two replicas never both win). When the store does not answer, the process decides alone
 * rather than dropping the event.
 */
import type { Logger } from '../../bot/logger.js';
import type { Store } from '../storage/port.js';
import { RecentIds } from './recent-ids.js';

/** Slack retries within minutes; a receipt is kept for an hour. */
export const EVENT_RECEIPT_TTL_MS = 60 * 60_000;

export interface EventDeduper {
  /** True when this id has not been handled yet (and now counts as handled). */
  first(id: string): Promise<boolean>;
}

export class StoreEventDeduper implements EventDeduper {
  private readonly local: RecentIds;

  constructor(
    private readonly store: Pick<Store, 'claimEventReceipt'> | undefined,
    private readonly logger: Logger,
    private readonly ttlMs = EVENT_RECEIPT_TTL_MS,
    private readonly clock: () => Date = () => new Date(),
  ) {
    this.local = new RecentIds(Math.min(ttlMs, 10 * 60_000));
  }

  async first(id: string): Promise<boolean> {
    if (!this.local.add(id)) return false;
    if (!this.store) return true;
    try {
      return await this.store.claimEventReceipt(id, this.clock(), this.ttlMs);
    } catch (err) {
      this.logger.warn(
        { err, event: id },
        'event receipt not recorded (store unavailable); handling it here',
      );
      return true;
    }
  }
}
