import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { typoDistance } from '../../knowledge/search.js';
import { TypoIndex } from '../../knowledge/typo-index.js';

const words = [
  'statefulset',
  'cronjob',
  'sidecar',
  'daemonset',
  'deployment',
  'descheduler',
  'ephemeral',
  'hugepages',
];
const index = new TypoIndex(words);

describe('TypoIndex (bounded typo correction)', () => {
  it.each([
    ['statefullset', 'statefulset'],
    ['cronjbo', 'cronjob'],
    ['sidcar', 'sidecar'],
    ['descheduer', 'descheduler'],
    ['huepages', 'hugepages'],
    ['deploymnet', 'deployment'],
  ])('%s → %s', (typo, word) => {
    expect(index.closest(typo, 2, typoDistance)[0]).toBe(word);
  });

  it('finds nothing beyond the allowed edits, and nothing for garbage or very long words', () => {
    expect(index.closest('pod', 1, typoDistance)).toEqual([]);
    expect(index.closest('zzzzzzzz', 2, typoDistance)).toEqual([]);
    expect(index.closest('x'.repeat(500), 2, typoDistance)).toEqual([]);
  });

  it('agrees with a full scan for every word within one edit (property)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...words),
        fc.nat(20),
        fc.constantFrom('a', 'e', 'x'),
        fc.nat(2),
        (w, at, ch, op) => {
          const i = at % w.length;
          const typo =
            op === 0
              ? w.slice(0, i) + w.slice(i + 1)
              : op === 1
                ? w.slice(0, i) + ch + w.slice(i)
                : w.slice(0, i) + ch + w.slice(i + 1);
          const scan = words.filter((x) => typoDistance(typo, x) <= 1);
          const found = index.closest(typo, 1, typoDistance);
          expect(found.length > 0).toBe(scan.length > 0);
          for (const f of found) expect(scan).toContain(f);
        },
      ),
    );
  });
});
