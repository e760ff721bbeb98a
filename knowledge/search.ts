/**
 * Feature search that is both right and fast.
 *
 *  1. Exact fast paths: a KEP number, or the whole query equal to a name, alias, former name, kubectl short
 *     name, gate, kind or field (after normalisation). Names beat aliases beat gates beat kinds beat fields.
 *  2. Salient terms: the query's words minus question and filler words, plus Japanese names and glossary
 *     words found inside Japanese text.
 *  3. Candidates from a term index (inverted lists with IDF weights). Typos are corrected against the
 *     vocabulary of names through a symmetric-delete index (typo-index.ts: cost bounded by the word's length);
 *     fuse.js's score breaks ties between equally close words.
 *  4. A score in [0, 1] that blends how much of the query a feature explains with how much of one of its
 *     names the query contains; thresholds decide between an answer, a did-you-mean and nothing.
 */
import { distance as editDistance } from 'fastest-levenshtein';
import Fuse from 'fuse.js';
import type { Corpus } from './load.js';
import type { Feature } from './schema.js';
import { runInSlices } from './slices.js';
import { hasJapanese, normaliseKey, normaliseText, singular, splitCamel, tokenize, words } from './text.js';
import { TypoIndex } from './typo-index.js';

export interface SearchHit {
  feature: Feature;
  /** 0..1; 1 is an exact name, alias, gate or KEP match. */
  score: number;
  exact: boolean;
}

export type Decision = 'answer' | 'suggest' | 'none';

export interface SearchOutcome {
  hits: SearchHit[];
  decision: Decision;
  /** The salient terms the query was reduced to (after typo correction). */
  terms: string[];
}

/** Score thresholds, calibrated on test/fixtures/questions.ts (see `npm run bench`). */
export const THRESHOLDS = { answer: 0.55, margin: 0.05, suggest: 0.35 } as const;

/** How strongly a field ties a term to a feature. */
const FIELD_WEIGHT = {
  name: 1,
  alias: 1,
  keyword: 0.95,
  gate: 0.9,
  kind: 0.9,
  field: 0.85,
  altName: 0.7,
  summary: 0.5,
} as const;
type FieldName = keyof typeof FIELD_WEIGHT;
/** Exact-match priority: a feature's own name beats another feature's use of the same word as a kind or field. */
const EXACT_RANK: Record<FieldName, number> = {
  name: 0,
  alias: 1,
  keyword: 1,
  gate: 2,
  kind: 3,
  field: 4,
  altName: 5,
  summary: 9,
};
/** Questions are read up to this length (a longer message is a paste, not a question). */
const MAX_QUERY_CHARS = 600;
/** Exact-map ranks a name inside a sentence may match: its own names, aliases, keywords, gates and kinds. */
const NAME_RANKS: ReadonlySet<number> = new Set([0, 1, 2, 3]);
/** For runs of words, fields too ("pod failure policy"). */
const PHRASE_RANKS: ReadonlySet<number> = new Set([0, 1, 2, 3, 4]);
const NAME_ONLY: ReadonlySet<number> = new Set([0, 1]);

/** A term listed by more features than this finds no candidates on its own (see search). */
const COMMON_TERM = 120;

/** How many first letters of exact keys are kept to prune runs of words (see keyMayBeginWith). */
const KEY_START = 6;

/** Candidates (by query score) that get a full score; the rest cannot reach the top. */
const MAX_CANDIDATES = 48;

interface NameTokens {
  tokens: string[];
  /** The same as numbers (see `nameWordIds`), for coverage without string hashing. */
  tokenIds: number[];
  /** All tokens joined ("serviceaccount"), singular. */
  wholeId: number;
  /** Each token joined with the next ("timezone"), -1 for the last. */
  pairIds: number[];
}

/** Blend of query coverage and name coverage in the score. */
const BLEND = { query: 0.6, name: 0.4, curated: 0.03 } as const;

/** Words that carry no meaning for finding a feature. */
const STOPWORDS = new Set(
  `a an the is are was were be been being am do doe did done does doing have has had of in on at to for from by with
  and or not no yes it its this that these those there their them they we you your i me my our us what whats which who
  whom whose when where why how can could should would will shall may might must go goe went gone going get got
  become became about tell show explain describe info information detail please thank thanks hi hello hey
  kubernetes k8s k8 kube feature release version ga alpha beta stable graduate graduated graduation introduce
  introduced added add still now yet ever use using used work working want need like just also any some all
  s t d ll ve re m new vs versus than then into out up down over under more less most least much many
  question answer help doc docs documentation guide mean means meaning so our because after before while
  since until again there here one two way thing something anything everything really very`.split(/\s+/),
);

interface Posting {
  feature: Feature;
  weight: number;
  /** The feature's place in `features` (its ordinal). */
  ord: number;
}

interface ExactEntry {
  feature: Feature;
  rank: number;
}

interface JapaneseKey {
  key: string;
  features?: Feature[];
  terms?: readonly string[];
}

interface Term {
  term: string;
  /** 1 for a known term, < 1 for a typo correction, 0 for a word the corpus does not know. */
  factor: number;
}

/**
 * Order of exact matches for one key: hand-written names and aliases first, then imported names and aliases,
 * then gates, kinds, fields and merged titles ("node affinity" is the core feature's name, not a field).
 */
const exactTier = (e: ExactEntry) =>
  e.rank <= EXACT_RANK.alias ? e.rank + (e.feature.curated ? 0 : 2) : e.rank + 2;

const ORIGIN_RANK: Record<Feature['origin'], number> = { curated: 0, core: 1, kep: 2, gate: 3 };
const byOrigin = (a: Feature, b: Feature) =>
  Number(b.curated) - Number(a.curated) || ORIGIN_RANK[a.origin] - ORIGIN_RANK[b.origin];
const isJapaneseToken = (t: string) => /^[\u3005\u30a0-\u30ff\u3400-\u9fff]/.test(t);

/** Terms of a name: its words, plus adjacent words joined ("time zone" also gives "timezone"). */
function nameTerms(text: string): string[] {
  const tokens = tokenize(text);
  const terms = new Set(tokens);
  for (let i = 0; i + 1 < tokens.length; i++) terms.add(singular(`${tokens[i]}${tokens[i + 1]}`));
  if (tokens.length > 2 && tokens.length <= 5) terms.add(singular(tokens.join('')));
  return [...terms].filter((t) => !isJapaneseToken(t));
}

/** A compact key for exact lookup, insensitive to case, spacing, camelCase and plurals. */
function stems(word: string): string[] {
  if (word.length >= 6 && word.endsWith('ing')) {
    const base = word.slice(0, -3);
    const doubled = /(.)\1$/.test(base) ? [base.slice(0, -1)] : [];
    return [`${base}e`, base, ...doubled];
  }
  if (word.endsWith('ed') && word.length >= 6) return [word.slice(0, -1), word.slice(0, -2)];
  return [];
}

/** Every occurrence of key in text follows a Latin letter or digit. */
function gluedOnly(text: string, key: string, known: ReadonlySet<string>): boolean {
  for (let at = text.indexOf(key); at >= 0; at = text.indexOf(key, at + 1)) {
    const latin = /[a-z0-9]+$/.exec(text.slice(Math.max(0, at - 24), at))?.[0];
    // "Podリサイジング" joins a kind and a term; "Webサービス" is one word. (Spaces are gone: check the run's ends.)
    if (!latin) return false;
    for (let n = 3; n <= latin.length; n++) if (known.has(latin.slice(-n))) return false;
  }
  return true;
}

const RELEASE_NUMBER = /(?<![\w.])v?1\.\d{1,2}(?:\.\d{1,3})?\+?(?![\w.])/gi;

export function exactKey(text: string): string {
  const tokens = tokenize(text);
  return tokens.length > 0 ? singular(tokens.join('')) : normaliseKey(text);
}

export class FeatureIndex {
  private readonly exact = new Map<string, ExactEntry[]>();
  private readonly keps = new Map<number, Feature>();
  private readonly postings = new Map<string, Posting[]>();
  /** The same weights by feature ordinal, for terms so common that they only add to candidates other terms found. */
  private readonly weightOf = new Map<string, Float64Array>();
  /** Features by ordinal (curated first), and scratch space for scoring: one question at a time, no allocation. */
  private features: Feature[] = [];
  private scores = new Float64Array(0);
  private scored = new Uint8Array(0);
  private readonly touched: number[] = [];
  private readonly best = new Int32Array(MAX_CANDIDATES);
  /** The first letters (up to KEY_START) of every exact key, to tell whether a run of words can grow into a name. */
  private readonly keyStarts = new Set<string>();
  private readonly idf = new Map<string, number>();
  private maxIdf = 1;
  private readonly japanese: JapaneseKey[] = [];
  /** Positions in `japanese` by the key's first two characters (see charPair), and of keys shorter than two. */
  private readonly japaneseByPair = new Map<number, number[]>();
  private readonly japaneseShort: number[] = [];
  private japaneseSeen = new Uint8Array(0);
  /** Names, aliases and gates of curated and core features: the words a typo is corrected to. */
  private readonly nameVocabulary = new Set<string>();
  /** Name words, for typo correction. */
  private typos = new TypoIndex([]);
  private readonly corrections = new Map<string, string | null>();
  /** Gate and kind names (lower case), for identifiers written with a typo. */
  private identifierTypos = new TypoIndex([]);
  private readonly identifierFixes = new Map<string, string | null>();
  /** Gate and kind names, lower case ("pod", "sidecarcontainers"). */
  private readonly identifiers = new Set<string>();
  /** Tokens of each feature's names, for name coverage (with their joined forms precomputed). */
  private readonly nameTokens = new Map<Feature, NameTokens[]>();
  /** Every word, pair and whole of the names above, numbered; marks say which of them the question holds. */
  private readonly nameWordIds = new Map<string, number>();
  private nameWordMarks = new Uint8Array(0);
  private readonly marked: number[] = [];
  readonly size: number;

  /** Builds the whole index at once (about 80 ms over the full corpus). */
  constructor(
    private readonly corpus: Corpus,
    glossary: Record<string, string> = {},
    options: { deferred?: boolean } = {},
  ) {
    this.size = corpus.features.length;
    this.glossary = glossary;
    if (!options.deferred) for (const _ of this.buildSteps());
  }

  /**
   * Builds the index in small steps, yielding to the event loop between them, so a running server can build a
   * new index beside the one it answers from without delaying any request by more than a step (a few ms).
   */
  static async build(
    corpus: Corpus,
    glossary: Record<string, string> = {},
    sliceMs = 4,
  ): Promise<FeatureIndex> {
    const index = new FeatureIndex(corpus, glossary, { deferred: true });
    await runInSlices(index.buildSteps(), sliceMs);
    return index;
  }

  private readonly glossary: Record<string, string>;

  /** The build, one small unit of work per step. */
  private *buildSteps(): Generator<void> {
    const { corpus, glossary } = this;
    const features = [...corpus.features].sort(byOrigin);
    const termWeights = new Map<string, Map<Feature, number>>();
    const addTerm = (term: string, feature: Feature, field: FieldName) => {
      if (term.length < 2 && !/^\d+$/.test(term)) return;
      const m = termWeights.get(term) ?? new Map<Feature, number>();
      termWeights.set(term, m);
      m.set(feature, Math.max(m.get(feature) ?? 0, FIELD_WEIGHT[field]));
    };
    const addExact = (text: string, feature: Feature, field: FieldName) => {
      for (const key of new Set([exactKey(text), normaliseKey(text)])) {
        if (!key) continue;
        const list = this.exact.get(key) ?? [];
        if (!list.some((e) => e.feature === feature)) list.push({ feature, rank: EXACT_RANK[field] });
        this.exact.set(key, list);
      }
      if (hasJapanese(text)) this.japanese.push({ key: normaliseKey(text), features: [feature] });
    };

    for (const f of features) {
      const names: Array<[string, FieldName]> = [
        [f.name, 'name'],
        [f.id, 'name'],
        ...f.aliases.map((a): [string, FieldName] => [a, 'alias']),
        ...f.renames.map((r): [string, FieldName] => [r.from, 'alias']),
        ...f.keywords.map((k): [string, FieldName] => [k, 'keyword']),
        ...f.featureGates.map((g): [string, FieldName] => [g, 'gate']),
        ...f.apiResources.map((r): [string, FieldName] => [r.kind, 'kind']),
        ...f.fields.flatMap(
          (p): Array<[string, FieldName]> => [
            [p, 'field'],
            [p.split('.').at(-1) ?? p, 'field'],
          ],
        ),
        ...f.altNames.map((n): [string, FieldName] => [n, 'altName']),
      ];
      const ownNames: NameTokens[] = [];
      for (const [text, field] of names) {
        // A field's last segment names the feature only when it is distinctive ("minReadySeconds", not "value").
        const plainField = field === 'field' && !text.includes('.') && !/[a-z][A-Z]/.test(text);
        if ((field !== 'altName' || f.origin !== 'kep') && !plainField) addExact(text, f, field);
        const terms = nameTerms(text);
        for (const t of terms) addTerm(t, f, field);
        // A Japanese name is matched whole (the Japanese keys); its Latin words alone ("Pod") are not the name.
        if ((field === 'name' || field === 'alias') && !hasJapanese(text)) {
          const tokens = tokenize(splitCamel(text)).filter((t) => !STOPWORDS.has(t) && !isJapaneseToken(t));
          if (tokens.length > 0)
            ownNames.push({
              tokens,
              tokenIds: tokens.map((t) => this.nameWordId(t)),
              wholeId: this.nameWordId(singular(tokens.join(''))),
              pairIds: tokens.map((t, i) =>
                i + 1 < tokens.length ? this.nameWordId(singular(`${t}${tokens[i + 1]}`)) : -1,
              ),
            });
        }
        if (
          (f.curated || f.origin === 'core' || field === 'gate') &&
          field !== 'altName' &&
          field !== 'field'
        ) {
          for (const t of terms) this.nameVocabulary.add(t);
        }
      }
      this.nameTokens.set(f, ownNames);
      if (f.summary) {
        const summaryTokens = tokenize(f.summary.en).filter((t) => !STOPWORDS.has(t));
        for (const t of summaryTokens) addTerm(t, f, 'summary');
      }
      for (const n of f.keps) if (!this.keps.has(n)) this.keps.set(n, f);
      yield;
    }
    for (const list of this.exact.values()) {
      list.sort((a, b) => exactTier(a) - exactTier(b) || byOrigin(a.feature, b.feature));
    }
    for (const key of this.exact.keys())
      for (let i = 1; i <= Math.min(KEY_START, key.length); i++) this.keyStarts.add(key.slice(0, i));
    this.nameWordMarks = new Uint8Array(this.nameWordIds.size);

    for (const [ja, en] of Object.entries(glossary))
      this.japanese.push({ key: normaliseKey(ja), terms: tokenize(en) });
    this.japanese.sort((a, b) => b.key.length - a.key.length);
    this.japanese.forEach((j, i) => {
      if (j.key.length < 2) this.japaneseShort.push(i);
      else {
        const pair = charPair(j.key, 0);
        this.japaneseByPair.set(pair, [...(this.japaneseByPair.get(pair) ?? []), i]);
      }
    });
    this.japaneseSeen = new Uint8Array(this.japanese.length);

    const n = features.length;
    const ordinals = new Map(features.map((f, i) => [f, i]));
    this.features = features;
    this.scores = new Float64Array(n);
    this.scored = new Uint8Array(n);
    for (const [term, m] of termWeights) {
      const list = [...m].map(([feature, weight]) => ({ feature, weight, ord: ordinals.get(feature) ?? 0 }));
      list.sort((a, b) => b.weight - a.weight || byOrigin(a.feature, b.feature));
      this.postings.set(term, list);
      if (list.length > COMMON_TERM) {
        const dense = new Float64Array(n);
        for (const p of list) dense[p.ord] = p.weight;
        this.weightOf.set(term, dense);
      }
      this.idf.set(term, Math.log(1 + n / list.length));
    }
    this.maxIdf = Math.log(1 + n);

    for (const f of features)
      for (const name of [...f.featureGates, ...f.apiResources.map((r) => r.kind)]) {
        const key = name.toLowerCase();
        this.identifiers.add(key);
      }
    this.identifierTypos = new TypoIndex(this.identifiers);
    yield;
    this.typos = new TypoIndex(
      [...this.nameVocabulary].filter((t) => t.length >= 4 && !/^\d+$/.test(t) && this.postings.has(t)),
    );
    yield;
  }

  byKep(number: number): Feature | undefined {
    return this.keps.get(number);
  }

  /** The feature whose name, alias, gate, kind or field equals the text (its own name first, curated first). */
  lookupExact(text: string): Feature | undefined {
    return (this.exact.get(exactKey(text)) ?? this.exact.get(normaliseKey(text)))?.[0]?.feature;
  }

  /** Salient words of a query (raw and singular), with Japanese names resolved to features. */
  private analyse(query: string): {
    words: Array<[string, string]>;
    japaneseHits: Feature[];
    japaneseTerms: string[];
  } {
    const japaneseHits: Feature[] = [];
    const japaneseTerms: string[] = [];
    if (hasJapanese(query)) {
      let rest = normaliseKey(query);
      for (const j of this.japaneseIn(rest)) {
        if (!rest.includes(j.key)) continue;
        // A glossary word glued to a Latin one ("Webサービス") is part of another word.
        if (gluedOnly(rest, j.key, this.identifiers)) continue;
        rest = rest.split(j.key).join(' ');
        if (j.features) {
          japaneseHits.push(...j.features);
          for (const f of j.features) japaneseTerms.push(...(this.nameTokens.get(f)?.[0]?.tokens ?? []));
        }
        if (j.terms) japaneseTerms.push(...j.terms);
      }
    }
    const pairs: Array<[string, string]> = [];
    // A Kubernetes release number ("on 1.26", "v1.29+") says when, not what.
    for (const w of words(query.replace(RELEASE_NUMBER, ' '))) {
      const t = /^[a-z]/.test(w) ? singular(w) : w;
      if (STOPWORDS.has(t) || STOPWORDS.has(w) || isJapaneseToken(t)) continue;
      if (!pairs.some(([, s]) => s === t)) pairs.push([w, t]);
    }
    return {
      words: pairs,
      japaneseHits: [...new Set(japaneseHits)],
      japaneseTerms: [...new Set(japaneseTerms)],
    };
  }

  /** A known name word for a misspelt one, or null. Cached: the same typos come back. */
  private correct(word: string, term: string): string | null {
    if (this.postings.has(term)) return term;
    if (this.postings.has(word)) return word;
    if (word.length < 5 || /\d/.test(word)) return null;
    // A form no feature uses: "resized" → resize, "scaled" → scale, "rerunning" → rerun.
    for (const stem of stems(term)) if (this.postings.has(stem)) return stem;
    const cached = this.corrections.get(word);
    if (cached !== undefined) return cached;
    // People rarely mistype the first letter (swapping the first two aside): "preset" is a word of its own, not a
    // typo of "reset".
    const closest = this.typos.closest(
      word,
      word.length >= 9 ? 2 : 1,
      typoDistance,
      (c) => c[0] === word[0] || (c[0] === word[1] && c[1] === word[0]),
    );
    // Several words as close: fuse.js's score says which reads most like the typo.
    const found =
      closest.length > 1
        ? (new Fuse(closest, { includeScore: true, ignoreLocation: true, threshold: 1 }).search(word)[0]
            ?.item ??
          closest[0] ??
          null)
        : (closest[0] ?? null);
    if (this.corrections.size > 10_000) this.corrections.clear();
    this.corrections.set(word, found);
    return found;
  }

  /**
   * The best features for a question. After the exact paths and the term scoring, two rules make real
   * sentences work: a name written inside a sentence (a gate such as InPlacePodVerticalScaling, a hyphenated
   * name such as metrics-server, a name or alias of several words) answers when scoring alone does not; and a
   * single ordinary word in a long sentence that is about something else ("Helm chart rendering fails since
   * 0.4.37") is only a suggestion, never a confident card.
   */
  search(query: string, limit = 5): SearchOutcome {
    const input = query.length > MAX_QUERY_CHARS ? query.slice(0, MAX_QUERY_CHARS) : query;
    const outcome = this.scoreQuery(input, limit);
    if (outcome.hits[0]?.exact) return outcome;
    const answered = outcome.decision === 'answer' && !this.incidental(outcome);
    const named = this.nameInText(input);
    // A decisive name written in the text (a gated feature's identifier or name of three or more words, an API
    // group such as metrics.k8s.io) outranks scattered words: "enable MutatingAdmissionPolicy" is not about
    // admission plugins in general.
    const written = named?.decisive === true && named.feature !== outcome.hits[0]?.feature;
    if (answered && !written) return outcome;
    if (named) {
      const rest = outcome.hits.filter((h) => h.feature !== named.feature);
      return {
        hits: [{ feature: named.feature, score: 0.96, exact: false }, ...rest].slice(0, limit),
        decision: 'answer',
        terms: outcome.terms,
      };
    }
    if (outcome.decision === 'answer') return { ...outcome, decision: 'suggest' };
    return outcome;
  }

  /** The top answer rests on one ordinary word of a long sentence that the feature does not otherwise explain. */
  private incidental(outcome: SearchOutcome): boolean {
    const top = outcome.hits[0];
    if (!top || outcome.terms.length < 5) return false;
    const explained = outcome.terms.filter((t) =>
      this.postings.get(t)?.some((p) => p.feature === top.feature && p.weight >= FIELD_WEIGHT.altName),
    );
    return explained.length <= 1;
  }

  /**
   * A name written inside the sentence: an identifier as written (CamelCase with two or more humps, or a
   * hyphenated name), a run of two to five words equal to a name, alias or keyword, or a distinctive single name
   * (a curated name or alias of six letters or more that few features mention). Identifiers with a typo are
   * corrected against the gate and kind names. Prefers the longest match; after "from … to …" the one after "to",
   * before "instead of" the one before it.
   */
  nameInText(query: string): { feature: Feature; strong: boolean; decisive: boolean } | undefined {
    const found: Array<{
      feature: Feature;
      at: number;
      length: number;
      tier: number;
      strong: boolean;
      decisive: boolean;
    }> = [];
    const take = (
      key: string,
      at: number,
      length: number,
      strong: boolean,
      fields: ReadonlySet<number>,
      identifier = false,
      written = false,
    ) => {
      const entry = this.exact.get(key)?.find((e) => fields.has(e.rank));
      if (entry) {
        // An identifier or a name of three or more words that names a gated feature (not an umbrella such as
        // PodDisruptionBudget, whose parts are features of their own) is what the sentence is about.
        const f = entry.feature;
        const decisive =
          written ||
          ((identifier || length >= 3) &&
            (f.gates.some((g) => g.primary) ||
              (identifier &&
                f.featureGates.some((g) => singular(g.toLowerCase()) === key) &&
                !f.apiResources.some((r) => singular(r.kind.toLowerCase()) === key))));
        found.push({ feature: entry.feature, at, length, tier: exactTier(entry), strong, decisive });
      }
      return entry !== undefined;
    };
    for (const m of query.matchAll(/[A-Za-z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*/g)) {
      const word = m[0];
      const camel = word.length >= 8 && /[a-z][A-Z]/.test(word) && /^[A-Z]/.test(word);
      const hyphen = word.length >= 6 && word.includes('-') && /[a-z]/.test(word);
      if (!camel && !hyphen) continue;
      const at = (m.index ?? 0) / Math.max(1, query.length);
      // A command-line flag ("--enable-admission-plugins NodeRestriction") is less the subject than its value.
      if (query.slice(Math.max(0, (m.index ?? 0) - 2), m.index).endsWith('--')) {
        take(exactKey(word), at, 2, true, NAME_RANKS);
        continue;
      }
      if (take(exactKey(word), at, 3, true, NAME_RANKS, true)) continue;
      if (camel && word.length >= 10) {
        const fixed = this.correctIdentifier(word);
        if (fixed) take(exactKey(fixed), at, 3, true, NAME_RANKS, true);
      }
    }
    // A resource.group as kubectl writes it ("pods.metrics.k8s.io"): the group, then shorter suffixes.
    for (const m of query.matchAll(/(?<![\w.-])[a-z][a-z0-9-]*(?:\.[a-z0-9-]+){2,}(?![\w-])/gi)) {
      const labels = m[0].toLowerCase().split('.');
      const at = (m.index ?? 0) / Math.max(1, query.length);
      for (let i = 0; i < labels.length - 1; i++)
        if (take(normaliseKey(labels.slice(i).join('.')), at, 3, true, NAME_RANKS, false, true)) break;
    }
    // Runs of words, leaving out command-line flags (their values are the subject).
    const tokens = tokenize(query.replace(/(?<![\w-])--[a-z][\w-]*/gi, ' '));
    if (tokens.length <= 40) {
      for (let i = 0; i < tokens.length; i++) {
        const at = i / tokens.length;
        const word = tokens[i] as string;
        let allStopwords = STOPWORDS.has(word);
        if (
          !allStopwords &&
          word.length >= 6 &&
          !/^\d/.test(word) &&
          (this.postings.get(word)?.length ?? 99) <= 3
        )
          take(word, at, 1, true, NAME_ONLY);
        let joined = word;
        for (let n = 2; n <= 5 && i + n <= tokens.length; n++) {
          // A longer run's key begins with all but the last three letters of this one (singular only changes
          // the end): when no key does, no longer run from here can match.
          if (!this.keyMayBeginWith(joined.slice(0, -3))) break;
          const next = tokens[i + n - 1] as string;
          joined += next;
          allStopwords &&= STOPWORDS.has(next);
          if (!allStopwords) take(singular(joined), at, n, true, PHRASE_RANKS);
        }
      }
    }
    // A Japanese name written in the sentence ("ポッド セキュリティ ポリシー").
    if (hasJapanese(query)) {
      const rest = normaliseKey(query);
      for (const j of this.japaneseIn(rest)) {
        if (!j.features || j.key.length < 5) continue;
        const at = rest.indexOf(j.key);
        if (at < 0) continue;
        for (const feature of j.features)
          found.push({
            feature,
            at: at / Math.max(1, rest.length),
            length: 3,
            tier: 1,
            strong: true,
            decisive: feature.gates.some((g) => g.primary),
          });
      }
    }
    if (found.length === 0) return undefined;
    const text = query.toLowerCase();
    const from = text.search(/\bfrom\b/);
    const to = from >= 0 ? text.indexOf(' to ', from) : -1;
    const instead = text.search(/\binstead of\b/);
    const preferred = found.filter((h) =>
      to >= 0 ? h.at * text.length > to : instead >= 0 ? h.at * text.length < instead : true,
    );
    const pool = preferred.length > 0 ? preferred : found;
    pool.sort(
      (a, b) => b.length - a.length || a.tier - b.tier || byOrigin(a.feature, b.feature) || a.at - b.at,
    );
    const best = pool[0] as (typeof pool)[number];
    return { feature: best.feature, strong: best.strong, decisive: best.decisive };
  }

  /**
   * The Japanese keys that can occur in the text (those that start with one of its characters or pairs of
   * characters), in the order of `japanese` (longest first): what a scan of every key would find, without it.
   */
  private japaneseIn(text: string): JapaneseKey[] {
    const seen = this.japaneseSeen;
    let any = false;
    for (const p of this.japaneseShort)
      if (text.includes((this.japanese[p] as JapaneseKey).key)) {
        seen[p] = 1;
        any = true;
      }
    for (let i = 0; i + 1 < text.length; i++) {
      const found = this.japaneseByPair.get(charPair(text, i));
      if (!found) continue;
      for (const p of found) seen[p] = 1;
      any = true;
    }
    const keys: JapaneseKey[] = [];
    if (!any) return keys;
    for (let p = 0; p < seen.length; p++)
      if (seen[p] === 1) {
        seen[p] = 0;
        keys.push(this.japanese[p] as JapaneseKey);
      }
    return keys;
  }

  /** Whether some exact key may begin with the prefix: false only when none does (its first letters are no key's). */
  private keyMayBeginWith(prefix: string): boolean {
    return prefix.length === 0 || this.keyStarts.has(prefix.slice(0, KEY_START));
  }

  /** A gate or kind name for an identifier with a typo ("ValidationAdmissionPolicy"), or undefined. */
  private correctIdentifier(word: string): string | undefined {
    const key = word.toLowerCase();
    const cached = this.identifierFixes.get(key);
    if (cached !== undefined) return cached ?? undefined;
    const best = this.identifierTypos.closest(
      key,
      key.length >= 16 ? 2 : 1,
      typoDistance,
      (name) => name[0] === key[0],
    )[0];
    if (this.identifierFixes.size > 5_000) this.identifierFixes.clear();
    this.identifierFixes.set(key, best ?? null);
    return best;
  }

  private scoreQuery(query: string, limit = 5): SearchOutcome {
    const kep = /(?:^|[^a-z0-9])(?:kep[\s_-]*#?|#)(\d{1,5})(?![\d.])/i.exec(normaliseText(query));
    if (kep?.[1]) {
      const f = this.byKep(Number(kep[1]));
      if (f)
        return {
          hits: [{ feature: f, score: 1, exact: true }],
          decision: 'answer',
          terms: [`kep ${kep[1]}`],
        };
    }
    const exact = this.lookupExact(query);
    if (exact)
      return {
        hits: [{ feature: exact, score: 1, exact: true }],
        decision: 'answer',
        terms: [exactKey(query)],
      };

    const analysed = this.analyse(query);
    // The query minus filler words may itself be a name ("tell me about pod disruption budgets").
    const salient = analysed.words.map(([w]) => w);
    const salientExact =
      salient.length > 0 &&
      salient.length <= 5 &&
      analysed.japaneseHits.length === 0 &&
      analysed.japaneseTerms.length === 0
        ? this.lookupExact(salient.join(' '))
        : undefined;
    if (salientExact) {
      return { hits: [{ feature: salientExact, score: 1, exact: true }], decision: 'answer', terms: salient };
    }

    const terms: Term[] = analysed.words.map(([w, t]) => {
      const c = this.correct(w, t);
      return c ? { term: c, factor: c === t || c === w ? 1 : 0.85 } : { term: t, factor: 0 };
    });
    const corrected = terms.filter((t) => t.factor > 0 && t.factor < 1);
    if (
      corrected.length > 0 &&
      terms.length <= 3 &&
      terms.every((t) => t.factor > 0) &&
      analysed.japaneseHits.length === 0
    ) {
      const f = this.lookupExact(terms.map((t) => t.term).join(' '));
      if (f)
        return {
          hits: [{ feature: f, score: 0.97, exact: false }],
          decision: 'answer',
          terms: terms.map((t) => t.term),
        };
    }
    for (const t of analysed.japaneseTerms)
      if (!terms.some((x) => x.term === t)) terms.push({ term: t, factor: 1 });

    // Query scores by feature ordinal, in scratch arrays; `touched` keeps the order candidates were found in.
    const { scores, scored, touched } = this;
    // bestCandidates clears these; should a question have stopped before it, clear what it left.
    for (const ord of touched) scored[ord] = 0;
    touched.length = 0;
    let total = 0;
    const common: Array<{ term: string; weight: number }> = [];
    for (const { term, factor } of terms) {
      const idf = this.idf.get(term) ?? this.maxIdf;
      total += idf;
      if (factor === 0) continue;
      // A term in hundreds of features ("pod") finds no candidate by itself; it adds to those others found.
      if (this.weightOf.has(term)) {
        common.push({ term, weight: idf * factor });
        continue;
      }
      for (const p of this.postings.get(term) ?? []) {
        const add = idf * factor * p.weight;
        if (scored[p.ord] === 1) scores[p.ord] = (scores[p.ord] as number) + add;
        else {
          scored[p.ord] = 1;
          scores[p.ord] = add;
          touched.push(p.ord);
        }
      }
    }
    if (common.length > 0 && touched.length === 0) {
      // Only common terms: let the rarest of them find candidates after all.
      const rarest = common.reduce((a, b) => (b.weight > a.weight ? b : a));
      for (const p of this.postings.get(rarest.term) ?? []) {
        if (scored[p.ord] === 1) continue;
        scored[p.ord] = 1;
        scores[p.ord] = 0;
        touched.push(p.ord);
      }
    }
    for (const c of common) {
      const byFeature = this.weightOf.get(c.term) as Float64Array;
      for (const ord of touched)
        scores[ord] = (scores[ord] as number) + c.weight * (byFeature[ord] as number);
    }
    const candidates = this.bestCandidates();

    // A Japanese name with nothing else in the question ("ステートフルセットとは") names its feature.
    const loneJapaneseName =
      analysed.japaneseHits.length === 1 &&
      analysed.words.length === 0 &&
      analysed.japaneseTerms.length ===
        (this.nameTokens.get(analysed.japaneseHits[0] as Feature)?.[0]?.tokens.length ?? 0)
        ? analysed.japaneseHits[0]
        : undefined;
    const hits: SearchHit[] = [];
    if (total > 0) {
      // A name word is covered by any form of it ("resizing" covers "resize").
      this.markNameWords(terms.filter((t) => t.factor > 0).flatMap((t) => [t.term, ...stems(t.term)]));
      // Name coverage adds at most BLEND.name: only the best candidates by query score can still win, and once
      // `limit` hits score above what the next candidate could reach at best, none of the rest can.
      const best: number[] = []; // the `limit` best scores so far, best first
      for (const ord of candidates) {
        const feature = this.features[ord] as Feature;
        const base = BLEND.query * ((scores[ord] as number) / total);
        const floor = best.length >= limit ? (best[limit - 1] as number) : Number.NEGATIVE_INFINITY;
        if (!loneJapaneseName && base + BLEND.name + BLEND.curated < floor) break;
        let score = base + BLEND.name * this.nameCoverage(feature) + (feature.curated ? BLEND.curated : 0);
        if (loneJapaneseName === feature) score = Math.max(score, 0.95);
        hits.push({ feature, score, exact: false });
        let at = Math.min(best.length, limit);
        while (at > 0 && (best[at - 1] as number) < score) at--;
        if (at < limit) best.splice(at, 0, score);
        if (best.length > limit) best.pop();
      }
    }
    hits.sort((a, b) => b.score - a.score || byOrigin(a.feature, b.feature));
    const top = hits.slice(0, limit);
    // In a short query every word counts: "docker compose up" is about Compose, not about dockershim.
    const unknownInShortQuery = terms.length <= 3 && terms.some((t) => t.factor === 0);
    // One word that is not a whole name of the feature ("supported") is too little to answer with.
    let loneWord = false;
    if (terms.length === 1 && top[0] !== undefined) {
      this.markNameWords(terms.filter((t) => t.factor > 0).map((t) => t.term));
      loneWord = this.nameCoverage(top[0].feature) < 1;
    }
    this.markNameWords([]);
    const decision = decide(top);
    // Ranked and decided on the full score; shown as at most 1.
    for (const h of top) h.score = Math.min(1, h.score);
    return {
      hits: top,
      decision: (unknownInShortQuery || loneWord) && decision === 'answer' ? 'suggest' : decision,
      terms: terms.map((t) => t.term),
    };
  }

  /**
   * The MAX_CANDIDATES features with the best query scores, best first (ties in the order they were found),
   * taken from the scratch arrays, which are cleared for the next question.
   */
  private bestCandidates(): Int32Array {
    const { scores, scored, touched, best } = this;
    let count = 0;
    for (const ord of touched) {
      scored[ord] = 0;
      const s = scores[ord] as number;
      if (count === MAX_CANDIDATES && s <= (scores[best[count - 1] as number] as number)) continue;
      let at = count < MAX_CANDIDATES ? count++ : count - 1;
      for (; at > 0 && (scores[best[at - 1] as number] as number) < s; at--)
        best[at] = best[at - 1] as number;
      best[at] = ord;
    }
    return best.subarray(0, count);
  }

  private nameWordId(word: string): number {
    let id = this.nameWordIds.get(word);
    if (id === undefined) {
      id = this.nameWordIds.size;
      this.nameWordIds.set(word, id);
    }
    return id;
  }

  /** Marks the name words among `words` (clearing the previous marks): what nameCoverage counts as present. */
  private markNameWords(words: readonly string[]): void {
    for (const id of this.marked) this.nameWordMarks[id] = 0;
    this.marked.length = 0;
    for (const w of words) {
      const id = this.nameWordIds.get(w);
      if (id === undefined) continue;
      this.nameWordMarks[id] = 1;
      this.marked.push(id);
    }
  }

  /**
   * How much of the feature's best-matching name or alias the query contains (0..1). A query word that joins
   * two neighbouring name words ("serviceaccount" for "service account") covers both.
   */
  private nameCoverage(feature: Feature): number {
    const has = this.nameWordMarks;
    let best = 0;
    for (const name of this.nameTokens.get(feature) ?? []) {
      if (has[name.wholeId] === 1) return 1;
      const { tokenIds, pairIds } = name;
      let covered = 0;
      let previousCovered = false;
      for (let i = 0; i < tokenIds.length; i++) {
        const pairId = pairIds[i] as number;
        const pair = pairId >= 0 && has[pairId] === 1;
        const here = previousCovered || has[tokenIds[i] as number] === 1 || pair;
        if (here) covered++;
        previousCovered = pair;
      }
      const share = covered / tokenIds.length;
      if (share > best) best = share;
      if (best === 1) return 1;
    }
    return best;
  }

  /** Prefix and fuzzy completion over names and aliases, for autocomplete (curated first). */
  complete(prefix: string, limit = 25): Feature[] {
    const key = exactKey(prefix);
    const out: Feature[] = [];
    const push = (f: Feature) => {
      if (!out.includes(f) && out.length < limit) out.push(f);
    };
    if (!key) {
      for (const f of this.corpus.features) if (f.curated) push(f);
      return out;
    }
    const matching = [...this.exact]
      .filter(([k]) => k.startsWith(key))
      .sort(([a], [b]) => a.length - b.length);
    for (const [, list] of matching)
      for (const e of list) if (e.feature.curated || e.feature.origin === 'core') push(e.feature);
    for (const [, list] of matching) for (const e of list) push(e.feature);
    if (out.length < limit)
      for (const h of this.search(prefix, limit).hits) if (h.score >= THRESHOLDS.suggest) push(h.feature);
    return out;
  }
}

/** Two neighbouring UTF-16 units as one number, for lookups without slicing strings. */
const charPair = (text: string, at: number) => text.charCodeAt(at) * 0x10000 + text.charCodeAt(at + 1);

/** Edit distance where swapping two neighbouring letters ("cronjbo") counts as one edit. */
export function typoDistance(a: string, b: string): number {
  const d = editDistance(a, b);
  if (d !== 2 || a.length !== b.length) return d;
  const diff = [...a].flatMap((c, i) => (c === b[i] ? [] : [i]));
  const [i, j] = diff;
  return diff.length === 2 && i !== undefined && j === i + 1 && a[i] === b[j] && a[j] === b[i] ? 1 : d;
}

/** Two features one card links to the other (a feature and its sub-feature) are not a harmful tie. */
const related = (a: Feature, b: Feature) => a.related.includes(b.id) || b.related.includes(a.id);

function decide(hits: SearchHit[]): Decision {
  const [first, second] = hits;
  if (!first) return 'none';
  if (first.exact) return 'answer';
  const margin = second && related(first.feature, second.feature) ? THRESHOLDS.margin / 5 : THRESHOLDS.margin;
  if (first.score >= THRESHOLDS.answer && (!second || first.score - second.score >= margin)) return 'answer';
  return first.score >= THRESHOLDS.suggest ? 'suggest' : 'none';
}
