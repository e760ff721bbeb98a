import { type Freshness, freshness } from '../../knowledge/freshness.js';
import type { Corpus } from '../../knowledge/load.js';
import type { FeatureIndex } from '../../knowledge/search.js';
import type { ClusterSource } from '../cluster/port.js';
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
  /** How current the data is; cards say so when it is old. */
  freshness: Freshness;
  /** Live clusters, when the operators configured some (read-only). */
  clusters?: ClusterSource;
}

export function viewContext(
  base: Pick<ViewContext, 'corpus' | 'index' | 'digest'> & {
    lastSyncAt?: string | null;
    clusters?: ClusterSource | undefined;
  },
  lang: Lang,
  now: Date,
  channel?: ChannelContext,
): ViewContext {
  const { corpus, index, digest } = base;
  return {
    corpus,
    index,
    digest,
    lang,
    m: messages(lang),
    now,
    freshness: freshnessOn(corpus, now, base.lastSyncAt ?? null),
    ...(channel ? { channel } : {}),
    ...(base.clusters ? { clusters: base.clusters } : {}),
  };
}

/** Freshness changes once a day (or with a sync): computed once per corpus, day and last sync, not per question. */
const freshnessByCorpus = new WeakMap<Corpus, { key: string; value: Freshness }>();

function freshnessOn(corpus: Corpus, now: Date, lastSyncAt: string | null): Freshness {
  const key = `${lastSyncAt}|${now.getFullYear()}-${now.getMonth()}-${now.getDate()}|${now.toISOString().slice(0, 10)}`;
  const cached = freshnessByCorpus.get(corpus);
  if (cached?.key === key) return cached.value;
  const value = freshness(corpus, now, lastSyncAt);
  freshnessByCorpus.set(corpus, { key, value });
  return value;
}

/** The context line of every card: the data's date, and a warning when the data is old. */
export function cardFooter(ctx: ViewContext): string {
  const f = ctx.freshness;
  if (!f.stale) return ctx.m.asOf(f.dataAsOf);
  return ctx.m.asOfStale(f.dataAsOf, f.overdueRelease);
}
