/**
 * The knowledge a running bot answers from: the corpus and its search index, with where they came from. A
 * refresh builds a complete new pair beside the current one and swaps this one reference, so a question is
 * answered entirely from the old data or entirely from the new, and nothing waits for the build.
 */
import type { Corpus } from '../knowledge/load.js';
import type { FeatureIndex } from '../knowledge/search.js';

export interface Knowledge {
  corpus: Corpus;
  index: FeatureIndex;
  /** The synced bundle in use, or undefined for the baseline shipped with the bot. */
  bundle?: string | undefined;
  /** The last successful sync (ISO time), when the bot syncs. */
  lastSyncAt: string | null;
}

export class KnowledgeHolder {
  private value: Knowledge;
  private readonly listeners: Array<(k: Knowledge) => void> = [];

  constructor(initial: Knowledge) {
    this.value = initial;
  }

  get current(): Knowledge {
    return this.value;
  }

  swap(next: Knowledge): void {
    this.value = next;
    for (const listener of this.listeners) listener(next);
  }

  /** Records a successful sync that changed nothing (the data is confirmed current). */
  confirm(lastSyncAt: string): void {
    this.value = { ...this.value, lastSyncAt };
  }

  onSwap(listener: (k: Knowledge) => void): void {
    this.listeners.push(listener);
  }
}
