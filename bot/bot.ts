/**
 * The platform-neutral core: text in, Answer out. The CLI calls `bot.ask` (synchronous, never touches storage);
 * adapters call `bot.respond`, which also runs digest subscription commands through the async store, and
 * `bot.respondInThread` for messages in threads, which reads follow-ups against the thread's last answer.
 */
import { type Corpus, loadKnowledge } from '../knowledge/load.js';
import { FeatureIndex } from '../knowledge/search.js';
import type { Answer } from './answer.js';
import { type CheckDocument, isCheckCommand, splitCheckInput } from './check/input.js';
import type { ClusterSource } from './cluster/port.js';
import { type ChannelContext, DigestService, parseDigestCommand } from './digest/commands.js';
import { BotError, MAX_INPUT_CHARS } from './errors.js';
import { answerFollowUp } from './followup/answer.js';
import { resolveFollowUp } from './followup/resolve.js';
import {
  MemoryThreadContexts,
  THREAD_CONTEXT_TTL_MS,
  type ThreadContextStore,
  type ThreadKey,
} from './followup/threads.js';
import { readTopic, type ThreadTopic, topicOf } from './followup/topic.js';
import type { Intent } from './intents/types.js';
import { type Knowledge, KnowledgeHolder } from './knowledge.js';
import { type Logger, silentLogger } from './logger.js';
import type { Lang } from './messages.js';
import { parseQuery, type Query } from './query.js';
import { DEFAULT_INTENTS, errorAnswer, route } from './router.js';
import { type ViewContext, viewContext } from './views/context.js';

/** How long a digest command waits for the store before answering that it cannot confirm the change. */
export const STORE_TIMEOUT_MS = 1500;
/** How long a chat `cluster` question waits for the cluster (a chat platform wants its answer in 3 s). */
export const CLUSTER_TIMEOUT_MS = 2000;

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
  /** Bound on a digest command's store calls (default STORE_TIMEOUT_MS): a chat platform wants its answer in 3 s. */
  storeTimeoutMs?: number;
  /** Where threads' context is kept (the store, so any replica can answer); default: this process's memory. */
  threads?: ThreadContextStore;
  /** Live clusters (adapters/cluster), when configured. */
  clusters?: ClusterSource;
  /** Bound on reading a cluster for `respond` (default CLUSTER_TIMEOUT_MS); slower clusters answer from the last snapshot. */
  clusterTimeoutMs?: number;
}

export interface AskOptions {
  /** Force the reply language (a user or channel setting). */
  lang?: Lang;
  now?: Date;
  /** The channel and user asking (adapters fill it in; digest subscriptions need it). */
  channel?: ChannelContext;
  /** Files that came with a `check` (an adapter read them from the platform; pasted code blocks are found here). */
  documents?: CheckDocument[];
}

export interface ThreadAskOptions extends AskOptions {
  /**
   * Where the message's thread context is looked up, the first found wins (Slack: the thread; Discord: the
   * message it replies to, then the thread it is in).
   */
  threads: ThreadKey[];
  /**
   * False for a message that did not address the bot (an unmentioned reply in a thread): it is answered only
   * in a thread the bot answered, and only when it follows up there or gets a real answer (never "not found").
   */
  addressed: boolean;
}

export interface ThreadReply {
  answer: Answer;
  /** The question a follow-up was read as (adapters show it under the answer). */
  readAs?: string;
  /** Whether the message was read as a follow-up to the thread's last answer. */
  followUp: boolean;
  /** What to remember for the thread (`rememberThread`): this answer's topic, or the thread's previous one. */
  topic: ThreadTopic | undefined;
}

class StoreTimeout extends Error {}

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
  private readonly storeTimeoutMs: number;
  private readonly threads: ThreadContextStore;
  private readonly clusterTimeoutMs: number;
  readonly digest: DigestService;
  readonly clusters: ClusterSource | undefined;

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
    this.storeTimeoutMs = options.storeTimeoutMs ?? STORE_TIMEOUT_MS;
    this.clusterTimeoutMs = options.clusterTimeoutMs ?? CLUSTER_TIMEOUT_MS;
    this.clusters = options.clusters;
    this.digest = options.digest ?? new DigestService(() => this.corpus);
    this.threads = options.threads ?? new MemoryThreadContexts();
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
    return viewContext(
      { ...knowledge, digest: this.digest, clusters: this.clusters },
      lang,
      now ?? this.clock(),
      channel,
    );
  }

  private read(text: string, options: AskOptions): { query: Query; ctx: ViewContext; tooLong?: Answer } {
    let input = typeof text === 'string' ? text : '';
    // A check carries manifests: only its command line is the question; the YAML travels beside it, uncut.
    let documents = options.documents ?? [];
    if (isCheckCommand(input)) {
      const split = splitCheckInput(input);
      input = split.args;
      if (split.pasted !== undefined) documents = [{ name: 'pasted', text: split.pasted }, ...documents];
    }
    const query = parseQuery(
      input.length > MAX_INPUT_CHARS * 4 ? input.slice(0, MAX_INPUT_CHARS * 4) : input,
      this.defaultLang,
    );
    if (documents.length > 0) query.documents = documents;
    // One snapshot of the knowledge for the whole answer, even if a refresh swaps it meanwhile.
    const ctx = this.context(
      options.lang ?? query.lang,
      options.now,
      options.channel,
      this.knowledge.current,
    );
    if ([...query.text].length <= MAX_INPUT_CHARS) return { query, ctx };
    const err = new BotError('INPUT_TOO_LONG', {
      length: String([...input].length),
      limit: String(MAX_INPUT_CHARS),
    });
    return { query, ctx, tooLong: withLang(errorAnswer(err, query.text.slice(0, 80), ctx, this.logger)) };
  }

  /** Answers one question from memory. Never throws and never waits: errors come back as error Answers. */
  ask(text: string, options: AskOptions = {}): Answer {
    const { query, ctx, tooLong } = this.read(text, options);
    return tooLong ?? withLang(route(query, ctx, this.intents, this.logger));
  }

  /**
   * What adapters call: `ask`, except that a digest command from a channel goes to the store, bounded by a
   * short timeout. A slow or failing store gives a STORE_UNAVAILABLE answer; nothing else ever waits on it.
   */
  async respond(text: string, options: AskOptions = {}): Promise<Answer> {
    const { query, ctx, tooLong } = this.read(text, options);
    if (tooLong) return tooLong;
    const channel = options.channel;
    if (query.command?.name === 'cluster') return this.readClusters(query, text, options);
    if (query.command?.name !== 'digest' || !channel || !this.digest.store) return this.ask(text, options);
    const parsed = parseDigestCommand(query.command.rest, ctx.lang);
    if (!parsed.ok) return this.ask(text, options);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new StoreTimeout()), this.storeTimeoutMs);
    });
    const work = this.digest.run(parsed.request, query.text, ctx.lang, ctx.now, channel);
    try {
      return withLang(await Promise.race([work, timeout]));
    } catch (err) {
      const timedOut = err instanceof StoreTimeout;
      if (timedOut)
        work.catch((late: unknown) => this.logger.warn({ err: late }, 'digest command failed late'));
      this.logger.warn(
        { err: timedOut ? undefined : err, timeoutMs: timedOut ? this.storeTimeoutMs : undefined },
        timedOut ? 'digest command: the store did not answer in time' : 'digest command: the store failed',
      );
      return withLang(errorAnswer(new BotError('STORE_UNAVAILABLE'), query.text, ctx, this.logger));
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * A message in a thread (or a reply to the bot): a follow-up to the thread's last answer ("and in 1.25?",
   * "show me the YAML", "日本語で") is answered in its context; anything else as `respond` would. Undefined when
   * the bot should stay silent (see `addressed`). The store is bounded like digest commands; when it fails, the
   * message is answered without context. Never throws.
   */
  async respondInThread(text: string, options: ThreadAskOptions): Promise<ThreadReply | undefined> {
    const { threads, addressed, ...ask } = options;
    const now = ask.now ?? this.clock();
    const previous = await this.threadTopic(threads, now);
    if (!addressed && !previous) return undefined;
    const input = typeof text === 'string' ? text : '';
    const followUp = previous ? resolveFollowUp(previous, input) : null;
    if (followUp) {
      try {
        const found = answerFollowUp(this, followUp, input, { ...ask, now });
        this.logger.debug({ followUp, query: found.answer.query }, 'follow-up in a thread');
        return {
          answer: found.answer,
          ...(found.readAs ? { readAs: found.readAs } : {}),
          followUp: true,
          topic: found.topic ?? previous,
        };
      } catch (err) {
        this.logger.error({ err, followUp }, 'follow-up failed; answering the message as it is');
      }
    }
    // Only a message addressed to the bot may run a command against the store (digest subscribe …).
    const answer = addressed ? await this.respond(input, { ...ask, now }) : this.ask(input, { ...ask, now });
    const topic = topicOf(answer);
    if (!addressed && !topic) return undefined;
    return { answer, followUp: false, topic: topic ?? previous };
  }

  /** Keeps a thread's topic (for THREAD_CONTEXT_TTL_MS) under each key. Failures are logged, never thrown. */
  async rememberThread(keys: ThreadKey[], topic: ThreadTopic | undefined, now = this.clock()): Promise<void> {
    if (!topic) return;
    await Promise.all(
      keys.map((key) =>
        this.bounded(
          Promise.resolve().then(() => this.threads.putThreadContext(key, topic, THREAD_CONTEXT_TTL_MS, now)),
        ).catch((err: unknown) =>
          this.logger.warn({ err: errorOf(err) }, 'thread context could not be kept'),
        ),
      ),
    );
  }

  private async threadTopic(keys: ThreadKey[], now: Date): Promise<ThreadTopic | undefined> {
    for (const key of keys) {
      try {
        const found = await this.bounded(this.threads.getThreadContext(key, now));
        const topic = found ? readTopic(found.value) : undefined;
        if (topic) return topic;
      } catch (err) {
        this.logger.warn({ err: errorOf(err) }, 'thread context could not be read; answering without it');
        return undefined;
      }
    }
    return undefined;
  }

  /** A store call bounded by storeTimeoutMs (what it does after the timeout is ignored). */
  private async bounded<T>(work: Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new StoreTimeout()), this.storeTimeoutMs);
    });
    try {
      return await Promise.race([work, timeout]);
    } catch (err) {
      if (err instanceof StoreTimeout) work.catch(() => {});
      throw err;
    } finally {
      clearTimeout(timer);
    }
  }

  /** `cluster [name]`: read the clusters first, bounded; a slow one is answered from its last snapshot. */
  private async readClusters(query: Query, text: string, options: AskOptions): Promise<Answer> {
    const source = this.clusters;
    const name = query.command?.rest.trim() ?? '';
    const names = source?.names() ?? [];
    const wanted = name ? names.filter((n) => n === name) : names;
    if (source && wanted.length > 0) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        Promise.all(wanted.map((n) => source.inspect(n))),
        new Promise<void>((resolve) => {
          timer = setTimeout(resolve, this.clusterTimeoutMs);
        }),
      ]);
      clearTimeout(timer);
    }
    return this.ask(text, options);
  }
}

function errorOf(err: unknown): unknown {
  return err instanceof StoreTimeout ? 'store timeout' : err;
}
