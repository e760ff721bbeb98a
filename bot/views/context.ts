import type { Corpus } from '../../knowledge/load.js';
import type { FeatureIndex } from '../../knowledge/search.js';
import type { ChannelContext, DigestService } from '../digest/commands.js';
import { type Lang, type Messages, messages } from '../messages.js';

/** What every intent and card builder needs: the corpus, the index, the reply language and the request. */
export interface ViewContext {
  corpus: Corpus;
  index: FeatureIndex;
  lang: Lang;
  m: Messages;
  /** "Today" for answers that depend on it (the digest, end-of-life warnings). */
  now: Date;
  digest: DigestService;
  /** The chat channel and user, when the question came from one. */
  channel?: ChannelContext;
}

export function viewContext(
  base: Pick<ViewContext, 'corpus' | 'index' | 'digest'>,
  lang: Lang,
  now: Date,
  channel?: ChannelContext,
): ViewContext {
  return { ...base, lang, m: messages(lang), now, ...(channel ? { channel } : {}) };
}
