import { describe, expect, it } from 'vitest';
import { Bot } from '../../bot/bot.js';
import { loadCorpus } from '../../knowledge/load.js';
import { precompute, precomputeInBackground } from '../../knowledge/precompute.js';

/** Every release card and every one-minor upgrade card, as the user sees them (JSON). */
function cards(bot: Bot): string[] {
  return bot.corpus.releases.flatMap((r) => [
    JSON.stringify(bot.ask(`release ${r.version}`, { now: new Date('2026-12-04T00:00:00Z') })),
    JSON.stringify(bot.ask(`upgrade to ${r.version}`, { now: new Date('2026-12-04T00:00:00Z') })),
  ]);
}

describe('answers worked out when the corpus loads', () => {
  it('gives every release and upgrade card exactly as computing it on first use does', () => {
    const lazy = cards(new Bot({ corpus: loadCorpus() }));
    const warm = loadCorpus();
    precompute(warm);
    expect(cards(new Bot({ corpus: warm }))).toEqual(lazy);
  });

  it('works in slices beside other work, and the result is the same', async () => {
    const corpus = loadCorpus();
    let ticks = 0;
    const timer = setInterval(() => ticks++, 0);
    await precomputeInBackground(corpus, 0);
    clearInterval(timer);
    // With a zero slice it yields after every step: the interval ran while it worked.
    expect(ticks).toBeGreaterThan(0);
    expect(cards(new Bot({ corpus }))).toEqual(cards(new Bot({ corpus: loadCorpus() })));
  });
});
