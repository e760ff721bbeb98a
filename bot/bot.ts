/** The platform-neutral core: text in, Answer out. Adapters and the CLI call `bot.ask`. */
import { type Corpus, loadCorpus } from '../knowledge/load.js';
import { FeatureIndex } from '../knowledge/search.js';
import type { Answer } from './answer.js';
import { type ChannelContext, DigestService } from './digest/commands.js';
import { BotError, MAX_INPUT_CHARS } from './errors.js';
import type { Intent } from './intents/types.js';
import { type Logger, silentLogger } from './logger.js';
import type { Lang } from './messages.js';
import { parseQuery } from './query.js';
import { DEFAULT_INTENTS, errorAnswer, route } from './router.js';
import { type ViewContext, viewContext } from './views/context.js';

export interface BotOptions {
  corpus?: Corpus;
  index?: FeatureIndex;
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

export class Bot {
  readonly corpus: Corpus;
  readonly index: FeatureIndex;
  readonly defaultLang: Lang;
  private readonly clock: () => Date;
  private readonly logger: Logger;
  private readonly intents: Intent<unknown>[];
  readonly digest: DigestService;

  constructor(options: BotOptions = {}) {
    this.corpus = options.corpus ?? loadCorpus();
    this.index = options.index ?? new FeatureIndex(this.corpus, this.corpus.glossary);
    this.defaultLang = options.defaultLang ?? 'en';
    this.clock = options.clock ?? (() => new Date());
    this.logger = options.logger ?? silentLogger;
    this.intents = options.intents ?? DEFAULT_INTENTS;
    this.digest = options.digest ?? new DigestService(this.corpus);
  }

  context(lang: Lang, now?: Date, channel?: ChannelContext): ViewContext {
    return viewContext(this, lang, now ?? this.clock(), channel);
  }

  /** Answers one question. Never throws: bad input and internal failures come back as error Answers. */
  ask(text: string, options: AskOptions = {}): Answer {
    const input = typeof text === 'string' ? text : '';
    const query = parseQuery(
      input.length > MAX_INPUT_CHARS * 4 ? input.slice(0, MAX_INPUT_CHARS * 4) : input,
      this.defaultLang,
    );
    const ctx = this.context(options.lang ?? query.lang, options.now, options.channel);
    if ([...query.text].length > MAX_INPUT_CHARS) {
      const err = new BotError('INPUT_TOO_LONG', {
        length: String([...input].length),
        limit: String(MAX_INPUT_CHARS),
      });
      return errorAnswer(err, query.text.slice(0, 80), ctx, this.logger);
    }
    return route(query, ctx, this.intents, this.logger);
  }
}
