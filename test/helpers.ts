/** Shared test setup: the real corpus and bot are built once per test file. */
import { Bot } from '../bot/bot.js';
import { type Corpus, loadCorpus } from '../knowledge/load.js';
import { FeatureIndex } from '../knowledge/search.js';

let corpus: Corpus | undefined;
let index: FeatureIndex | undefined;

export function realCorpus(): Corpus {
  corpus ??= loadCorpus();
  return corpus;
}

export function realIndex(): FeatureIndex {
  index ??= new FeatureIndex(realCorpus(), realCorpus().glossary);
  return index;
}

/** A bot over the real corpus with a fixed clock (2026-11-23, a Monday). */
export function testBot(now = new Date('2026-11-23T09:00:00Z')): Bot {
  return new Bot({ corpus: realCorpus(), index: realIndex(), clock: () => now });
}

/** Every release card (1.0 … newest) and the biggest upgrade span, as [name, card] pairs. */
export function releaseCards(): Array<[string, import('../bot/cards.js').Card]> {
  const bot = testBot();
  const cards: Array<[string, import('../bot/cards.js').Card]> = realCorpus().releases.map((r) => [
    r.version,
    bot.ask(`release ${r.version}`).card,
  ]);
  cards.push(['compare 1.0 1.37', bot.ask('compare 1.0 1.37').card]);
  cards.push(['digest', bot.ask('digest preview').card]);
  return cards;
}

/** The n feature cards with the most content, as [id, card] pairs. */
export function largestFeatureCards(n: number): Array<[string, import('../bot/cards.js').Card]> {
  const bot = testBot();
  return realCorpus()
    .features.map((f): [string, import('../bot/cards.js').Card] => [f.id, bot.ask(`feature ${f.id}`).card])
    .sort((a, b) => JSON.stringify(b[1]).length - JSON.stringify(a[1]).length)
    .slice(0, n);
}
