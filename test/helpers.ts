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
