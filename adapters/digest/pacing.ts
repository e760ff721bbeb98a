/** Bounded concurrency across channels and a minimum interval between posts to one channel. */
import { setTimeout as sleep } from 'node:timers/promises';

/** Runs `work` over the items with at most `limit` at a time; stops taking new items once `stopped()`. */
export async function forEachBounded<T>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<void>,
  stopped: () => boolean = () => false,
): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length && !stopped()) {
      const item = items[next++] as T;
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
}

/** Spaces posts to the same channel at least `intervalMs` apart (Slack: about one message a second). */
export class ChannelPacer {
  private readonly nextAt = new Map<string, number>();

  /** Waits for the channel's turn and books the next one. */
  async wait(channel: string, intervalMs: number, signal?: AbortSignal): Promise<void> {
    const now = Date.now();
    for (const [k, t] of this.nextAt) if (t <= now) this.nextAt.delete(k);
    const at = Math.max(now, this.nextAt.get(channel) ?? 0);
    this.nextAt.set(channel, at + intervalMs);
    if (at > now) await sleep(at - now, undefined, signal ? { signal } : {});
  }
}
