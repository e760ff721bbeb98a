/** The platform-neutral core: text in, Answer out. Adapters and the CLI call `bot.ask`. */
import { type Corpus, loadKnowledge } from '../knowledge/load.js';
import { FeatureIndex } from '../knowledge/search.js';
import type { Answer } from './answer.js';
import { type ChannelContext, DigestService } from './digest/commands.js';
import { BotError, MAX_INPUT_CHARS } from './errors.js';
import type { Intent } from './intents/types.js';
import { type Knowledge, KnowledgeHolder } from './knowledge.js';
import { type Logger, silentLogger } from './logger.js';
import type { Lang } from './messages.js';
import { parseQuery } from './query.js';
import { DEFAULT_INTENTS, errorAnswer, route } from './router.js';
import { type ViewContext, viewContext } from './views/context.js';

export interface BotOptions {
  corpus?: Corpus;
  index?: FeatureIndex;
  /** The knowledge to answer from, swapped in place by a running server's refresh. */
  knowledge?: KnowledgeHolder;
  /** Reply language when the question is not Japanese. */
  defaultLang?: Lang;
  clock?: () => Date;
  logger?: Logger;
  intents?: Intent<unknown>[];
  /** Digest commands; pass one with a store to allow subscriptions. */
  digest?: DigestService;
}

export interface AskOptions {
  /** Force the reply language (a user or channel setting). */
  lang?: Lang;
  now?: Date;
  /** The channel and user asking (adapters fill it in; digest subscriptions need it). */
  channel?: ChannelContext;
}

/** The card says which language it is in, so renderers write their own words ("…and 3 more") in it too. */
function withLang(answer: Answer): Answer {
  return { ...answer, card: { ...answer.card, lang: answer.lang } };
}

export class Bot {
  readonly knowledge: KnowledgeHolder;
  readonly defaultLang: Lang;
  private readonly clock: () => Date;
  private readonly logger: Logger;
  private readonly intents: Intent<unknown>[];
  readonly digest: DigestService;

  constructor(options: BotOptions = {}) {
    if (options.knowledge) {
      this.knowledge = options.knowledge;
    } else {
      const loaded = options.corpus ? { corpus: options.corpus } : loadKnowledge();
      const corpus = loaded.corpus;
      this.knowledge = new KnowledgeHolder({
        corpus,
        index: options.index ?? new FeatureIndex(corpus, corpus.glossary),
        bundle: 'bundleDir' in loaded ? loaded.bundleDir : undefined,
        lastSyncAt: null,
      });
    }
    this.defaultLang = options.defaultLang ?? 'en';
    this.clock = options.clock ?? (() => new Date());
    this.logger = options.logger ?? silentLogger;
    this.intents = options.intents ?? DEFAULT_INTENTS;
    this.digest = options.digest ?? new DigestService(this.corpus);
  }

  /** The corpus answers come from right now (it changes when a refresh swaps in new data). */
  get corpus(): Corpus {
    return this.knowledge.current.corpus;
  }

  get index(): FeatureIndex {
    return this.knowledge.current.index;
  }

  context(
    lang: Lang,
    now?: Date,
    channel?: ChannelContext,
    knowledge: Knowledge = this.knowledge.current,
  ): ViewContext {
    return viewContext({ ...knowledge, digest: this.digest }, lang, now ?? this.clock(), channel);
  }

  /** Answers one question. Never throws: bad input and internal failures come back as error Answers. */
  ask(text: string, options: AskOptions = {}): Answer {
    const input = typeof text === 'string' ? text : '';
    const query = parseQuery(
      input.length > MAX_INPUT_CHARS * 4 ? input.slice(0, MAX_INPUT_CHARS * 4) : input,
      this.defaultLang,
    );
    // One snapshot of the knowledge for the whole answer, even if a refresh swaps it meanwhile.
    const ctx = this.context(
      options.lang ?? query.lang,
      options.now,
      options.channel,
      this.knowledge.current,
    );
    if ([...query.text].length > MAX_INPUT_CHARS) {
      const err = new BotError('INPUT_TOO_LONG', {
        length: String([...input].length),
        limit: String(MAX_INPUT_CHARS),
      });
      return withLang(errorAnswer(err, query.text.slice(0, 80), ctx, this.logger));
    }
    return withLang(route(query, ctx, this.intents, this.logger));
  }
}
