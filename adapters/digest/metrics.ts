/**
 * Delivery counters, ready for a metrics exporter: the scheduler counts through this interface; the default
 * keeps the counts in memory (tests, `snapshot()`), and a Prometheus exporter can implement it instead.
 */
import { z } from 'zod';
import type { Platform } from '../../bot/digest/store.js';

export const DigestCounter = z.enum([
  /** The platform has the digest (answered, or found by the check). */
  'posted',
  /** Known not posted, another attempt scheduled. */
  'retried',
  /** An attempt whose outcome was not known (timeout, reset, 5xx). */
  'outcome_unknown',
  /** The check after an unknown outcome found the digest, so it was not sent again. */
  'check_found',
  /** The check after an unknown outcome found no digest, so it was sent again. */
  'check_absent',
  /** Recorded as unknown: could not be checked, never re-sent. Alert on this. */
  'unknown',
  /** Given up: refused for good or too many attempts. Alert on this. */
  'failed',
  /** The channel is gone; unsubscribed. */
  'gone',
]);
export type DigestCounter = z.infer<typeof DigestCounter>;

export interface DigestMetrics {
  increment(counter: DigestCounter, platform: Platform): void;
}

export class InMemoryDigestMetrics implements DigestMetrics {
  private readonly counts = new Map<string, number>();

  increment(counter: DigestCounter, platform: Platform): void {
    const k = `${counter}:${platform}`;
    this.counts.set(k, (this.counts.get(k) ?? 0) + 1);
  }

  get(counter: DigestCounter, platform?: Platform): number {
    if (platform) return this.counts.get(`${counter}:${platform}`) ?? 0;
    return (this.counts.get(`${counter}:slack`) ?? 0) + (this.counts.get(`${counter}:discord`) ?? 0);
  }

  snapshot(): Record<string, number> {
    return Object.fromEntries([...this.counts].sort(([a], [b]) => a.localeCompare(b)));
  }
}
