import { describe, expect, it } from 'vitest';
import { StoreEventDeduper } from '../../../adapters/edge/dedupe.js';
import { RecentIds } from '../../../adapters/edge/recent-ids.js';
import { captureLogger } from '../../support/logs.js';

describe('event de-duplication', () => {
  it('remembers ids for their TTL, and at most `max` of them (oldest forgotten first)', () => {
    const ids = new RecentIds(1_000, 3);
    expect(ids.add('a', 0)).toBe(true);
    expect(ids.add('a', 999)).toBe(false);
    expect(ids.add('a', 1_000)).toBe(true);
    for (const id of ['b', 'c', 'd']) ids.add(id, 1_000);
    expect(ids.size).toBe(3);
    expect(ids.add('a', 1_001)).toBe(true);
    expect(ids.add('d', 1_001)).toBe(false);
  });

  it('asks the store once per id, and handles the event itself when the store does not answer', async () => {
    const claimed: string[] = [];
    const log = captureLogger();
    let down = false;
    const deduper = new StoreEventDeduper(
      {
        claimEventReceipt: async (id: string) => {
          if (down) throw new Error('connection refused');
          const first = !claimed.includes(id);
          claimed.push(id);
          return first;
        },
      },
      log.logger,
    );
    expect(await deduper.first('slack:Ev1')).toBe(true);
    expect(await deduper.first('slack:Ev1')).toBe(false);
    expect(claimed).toEqual(['slack:Ev1']);
    down = true;
    expect(await deduper.first('slack:Ev2')).toBe(true);
    expect(await deduper.first('slack:Ev2')).toBe(false);
    expect(log.lines.map((l) => l.msg)).toEqual([
      'event receipt not recorded (store unavailable); handling it here',
    ]);
  });
});
