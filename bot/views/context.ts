import type { Corpus } from '../../knowledge/load.js';
import type { FeatureIndex } from '../../knowledge/search.js';
import { type Lang, type Messages, messages } from '../messages.js';

/** What every card builder needs: the corpus, the index, and the reply language. */
export interface ViewContext {
  corpus: Corpus;
  index: FeatureIndex;
  lang: Lang;
  m: Messages;
  /** "Today" for answers that depend on it (the digest, end-of-life warnings). */
  now: Date;
}

export function viewContext(corpus: Corpus, index: FeatureIndex, lang: Lang, now: Date): ViewContext {
  return { corpus, index, lang, m: messages(lang), now };
}
