import { afterEach, describe, expect, it } from 'vitest';
import { SingleOwner } from '../../adapters/leases/single-owner.js';
import type { KyselyStore } from '../../adapters/storage/kysely-store.js';
import { silentLogger } from '../../bot/logger.js';
import { STORE_KINDS, type StoreTarget, storeTarget } from '../support/stores.js';

const TTL = 600;
const RENEW = 150;

describe.each(STORE_KINDS)('single-owner work on a %s lease', (kind) => {
  let target: StoreTarget;
  const stores: KyselyStore[] = [];
  const owners: SingleOwner[] = [];
  afterEach(async () => {
    for (const o of owners.splice(0)) await o.stop();
    for (const s of stores.splice(0)) await s.close();
    await target.cleanup();
  });

  /** Replicas of one piece of work: `running` holds who runs it; running twice at once fails the test. */
  async function replicas(n: number) {
    target = await storeTarget(kind, 'lease');
    const running = new Set<string>();
    const events: string[] = [];
    let overlap = false;
    for (let i = 0; i < n; i++) {
      const store = await target.open();
      stores.push(store);
      const name = `r${i}`;
      owners.push(
        new SingleOwner({
          store,
          name: 'discord-gateway',
          owner: name,
          logger: silentLogger,
          ttlMs: TTL,
          renewEveryMs: RENEW,
          onAcquire: async () => {
            if (running.size > 0) overlap = true;
            running.add(name);
            events.push(`+${name}`);
          },
          onLose: async () => {
            running.delete(name);
            events.push(`-${name}`);
          },
        }),
      );
    }
    return { running, events, overlap: () => overlap };
  }

  const until = async (cond: () => boolean, ms: number) => {
    const deadline = Date.now() + ms;
    while (!cond() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    return cond();
  };

  it('runs in exactly one of three replicas started together', async () => {
    const { running } = await replicas(3);
    await Promise.all(owners.map((o) => o.start()));
    await new Promise((r) => setTimeout(r, RENEW * 3));
    expect(running.size).toBe(1);
    expect(owners.filter((o) => o.isOwner)).toHaveLength(1);
  });

  it('moves to another replica within the lease time when the owner dies, never running twice', async () => {
    const { running, events, overlap } = await replicas(2);
    const [a, b] = owners as [SingleOwner, SingleOwner];
    await a.start();
    await b.start();
    expect([...running]).toEqual(['r0']);
    // The owner loses its database (as a replica that died would stop renewing).
    const died = Date.now();
    await stores[0]?.close();
    expect(await until(() => running.has('r1'), TTL + RENEW * 3)).toBe(true);
    expect(Date.now() - died).toBeLessThanOrEqual(TTL + RENEW * 3);
    expect(overlap()).toBe(false);
    expect(events).toEqual(['+r0', '-r0', '+r1']);
  });

  it('hands over at the next renewal when the owner stops cleanly', async () => {
    const { running } = await replicas(2);
    const [a, b] = owners as [SingleOwner, SingleOwner];
    await a.start();
    await b.start();
    const stopped = Date.now();
    await a.stop();
    expect(await until(() => running.has('r1'), RENEW * 3)).toBe(true);
    expect(Date.now() - stopped).toBeLessThan(RENEW * 3);
  });
});
