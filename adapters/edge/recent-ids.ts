/**
 * A bounded set of ids seen recently (insertion order, oldest evicted first, each forgotten after its TTL): the
 * in-process part of event de-duplication, and all of it when there is no store to share with other replicas.
 */
export class RecentIds {
  private readonly seen = new Map<string, number>();

  constructor(
    private readonly ttlMs: number,
    private readonly max = 10_000,
  ) {}

  /** True the first time an id is offered within its TTL. */
  add(id: string, now = Date.now()): boolean {
    const until = this.seen.get(id);
    if (until !== undefined && until > now) return false;
    this.seen.delete(id);
    this.seen.set(id, now + this.ttlMs);
    while (this.seen.size > this.max) {
      const oldest = this.seen.keys().next().value;
      if (oldest === undefined) break;
      this.seen.delete(oldest);
    }
    return true;
  }

  get size(): number {
    return this.seen.size;
  }
}
