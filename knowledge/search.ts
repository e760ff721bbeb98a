/**
 * Feature search that is both right and fast.
 *
 *  1. Exact fast paths: a KEP number, or the whole query equal to a name, alias, former name, kubectl short
 *     name, gate, kind or field (after normalisation).
 *  2. Salient terms: the query's words minus question and filler words, Japanese names and glossary words
 *     found inside Japanese text.
 *  3. Candidates from a term index (inverted lists with IDF weights); fuse.js corrects typos against the
 *     vocabulary (bucketed by word length so each lookup scans a few hundred short strings).
 *  4. A calibrated score in [0, 1] decides between an answer, a did-you-mean and nothing.
 */
import { distance as editDistance } from 'fastest-levenshtein';
import Fuse from 'fuse.js';
import type { Corpus } from './load.js';
import type { Feature } from './schema.js';
import { hasJapanese, normaliseKey, normaliseText, singular, splitCamel, tokenize } from './text.js';

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

/** Score thresholds, calibrated on test/fixtures/questions.ts (see npm run bench). */
export const THRESHOLDS = { answer: 0.62, margin: 0.06, suggest: 0.34 } as const;

const FIELD_WEIGHT = {
  name: 1,
  alias: 1,
  kind: 1,
  gate: 0.9,
  field: 0.9,
  altName: 0.75,
  summary: 0.45,
} as const;
type FieldName = keyof typeof FIELD_WEIGHT;

/** Words that carry no meaning for finding a feature. */
const STOPWORDS = new Set(
  `a an the is are was were be been being am do doe did done does doing have has had of in on at to for from by with
  and or not no yes it its this that these those there their them they we you your i me my our what whats which who
  whom whose when where why how can could should would will shall may might must go goe went gone going get got
  become became about tell show explain describe info information detail please thank thanks hi hello hey
  kubernetes k8s k8 kube feature release version ga alpha beta stable graduate graduated graduation introduce
  introduced added add still now yet ever use using used work working want need like just also any some all
  s t d ll ve re m new whats vs versus than then into out up down over under more less most least much many
  question answer help doc docs documentation guide mean means meaning does`.split(/\s+/),
);

interface Posting {
  feature: Feature;
  weight: number;
}

interface JapaneseKey {
  key: string;
  features?: Feature[];
  terms?: string[];
}

const ORIGIN_RANK: Record<Feature['origin'], number> = { curated: 0, core: 1, kep: 2, gate: 3 };
const byOrigin = (a: Feature, b: Feature) =>
  Number(b.curated) - Number(a.curated) || ORIGIN_RANK[a.origin] - ORIGIN_RANK[b.origin];

/** Terms of a name: its words, plus adjacent words joined ("time zone" also gives "timezone"). */
export function nameTerms(text: string): string[] {
  const tokens = tokenize(text);
  const terms = new Set(tokens);
  for (let i = 0; i + 1 < tokens.length; i++) terms.add(singular(`${tokens[i]}${tokens[i + 1]}`));
  if (tokens.length > 2 && tokens.length <= 5) terms.add(singular(tokens.join('')));
  return [...terms].filter((t) => !/^[\u30a0-\u30ff\u4e00-\u9fff]/.test(t));
}

/** A compact key for exact lookup, insensitive to case, spacing, camelCase and plurals. */
export function exactKey(text: string): string {
  const tokens = tokenize(text);
  return tokens.length > 0 ? singular(tokens.join('')) : normaliseKey(text);
}

export class FeatureIndex {
  private readonly exact = new Map<string, Feature[]>();
  private readonly keps = new Map<number, Feature>();
  private readonly postings = new Map<string, Posting[]>();
  private readonly idf = new Map<string, number>();
  private readonly maxIdf: number;
  private readonly japanese: JapaneseKey[] = [];
  private readonly vocabByLength = new Map<number, Fuse<string>>();
  private readonly corrections = new Map<string, string | null>();
  readonly size: number;

  constructor(
    private readonly corpus: Corpus,
    glossary: Record<string, string> = {},
  ) {
    const features = [...corpus.features].sort(byOrigin);
    this.size = features.length;
    const termWeights = new Map<string, Map<Feature, number>>();
    const addTerm = (term: string, feature: Feature, field: FieldName) => {
      if (term.length < 2 && !/^\d+$/.test(term)) return;
      const m = termWeights.get(term) ?? new Map<Feature, number>();
      termWeights.set(term, m);
      m.set(feature, Math.max(m.get(feature) ?? 0, FIELD_WEIGHT[field]));
    };
    const addExact = (text: string, feature: Feature) => {
      for (const key of new Set([exactKey(text), normaliseKey(text)])) {
        if (!key) continue;
        const list = this.exact.get(key) ?? [];
        if (!list.includes(feature)) list.push(feature);
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
      for (const [text, field] of names) {
        if (field !== 'altName' || f.origin !== 'kep') addExact(text, f);
        for (const t of nameTerms(text)) addTerm(t, f, field);
      }
      if (f.origin === 'kep' || f.origin === 'gate') addExact(f.name, f);
      if (f.summary) for (const t of tokenize(f.summary.en)) if (!STOPWORDS.has(t)) addTerm(t, f, 'summary');
      for (const n of f.keps) if (!this.keps.has(n)) this.keps.set(n, f);
    }

    for (const [ja, en] of Object.entries(glossary)) {
      this.japanese.push({ key: normaliseKey(ja), terms: tokenize(en) });
    }
    this.japanese.sort((a, b) => b.key.length - a.key.length);

    const n = features.length;
    for (const [term, m] of termWeights) {
      const list = [...m].map(([feature, weight]) => ({ feature, weight }));
      list.sort((a, b) => b.weight - a.weight || byOrigin(a.feature, b.feature));
      this.postings.set(term, list);
      this.idf.set(term, Math.log(1 + n / list.length));
    }
    this.maxIdf = Math.log(1 + n);

    const buckets = new Map<number, string[]>();
    for (const term of this.postings.keys()) {
      if (term.length < 4 || /^\d+$/.test(term)) continue;
      const list = buckets.get(term.length) ?? [];
      list.push(term);
      buckets.set(term.length, list);
    }
    for (const [len, terms] of buckets) {
      this.vocabByLength.set(
        len,
        new Fuse(terms, { includeScore: true, threshold: 0.3, ignoreLocation: true }),
      );
    }
  }

  byKep(number: number): Feature | undefined {
    return this.keps.get(number);
  }

  /** The feature whose name, alias, gate, kind or field equals the text, if exactly one does (curated first). */
  lookupExact(text: string): Feature | undefined {
    return (this.exact.get(exactKey(text)) ?? this.exact.get(normaliseKey(text)))?.[0];
  }

  /** Salient terms of a query, with Japanese names resolved to features. */
  private analyse(query: string): { terms: string[]; japaneseHits: Feature[] } {
    let text = normaliseText(query);
    const japaneseHits: Feature[] = [];
    const terms: string[] = [];
    if (hasJapanese(text)) {
      let compact = normaliseKey(text);
      for (const j of this.japanese) {
        if (!compact.includes(j.key)) continue;
        compact = compact.split(j.key).join(' ');
        text = text.split(j.key).join(' ');
        if (j.features) japaneseHits.push(...j.features);
        if (j.terms) terms.push(...j.terms);
      }
    }
    for (const t of tokenize(text)) {
      if (STOPWORDS.has(t) || /^[\u30a0-\u30ff\u4e00-\u9fff]/.test(t)) continue;
      terms.push(t);
    }
    return { terms: [...new Set(terms)], japaneseHits: [...new Set(japaneseHits)] };
  }

  /** A known vocabulary term for a misspelt word, or null. Cached: the same typos come back. */
  private correct(term: string): string | null {
    if (this.postings.has(term)) return term;
    if (term.length < 4 || /\d/.test(term)) return null;
    const cached = this.corrections.get(term);
    if (cached !== undefined) return cached;
    let best: { term: string; score: number } | undefined;
    const maxEdits = term.length >= 8 ? 2 : 1;
    for (let len = term.length - maxEdits; len <= term.length + maxEdits; len++) {
      for (const r of this.vocabByLength.get(len)?.search(term, { limit: 3 }) ?? []) {
        if (
          r.score !== undefined &&
          (!best || r.score < best.score) &&
          editDistance(term, r.item) <= maxEdits
        ) {
          best = { term: r.item, score: r.score };
        }
      }
    }
    const found = best?.term ?? null;
    if (this.corrections.size > 10_000) this.corrections.clear();
    this.corrections.set(term, found);
    return found;
  }

  search(query: string, limit = 5): SearchOutcome {
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

    const { terms: raw, japaneseHits } = this.analyse(query);
    // The query minus filler words may itself be a name ("tell me about pod disruption budgets").
    const salientExact = raw.length > 0 && raw.length <= 5 ? this.lookupExact(raw.join(' ')) : undefined;
    if (salientExact && japaneseHits.length === 0) {
      return { hits: [{ feature: salientExact, score: 1, exact: true }], decision: 'answer', terms: raw };
    }

    const terms: Array<{ term: string; factor: number }> = [];
    for (const t of raw) {
      const c = this.correct(t);
      terms.push(c ? { term: c, factor: c === t ? 1 : 0.85 } : { term: t, factor: 0 });
    }
    const scores = new Map<Feature, number>();
    let total = 0;
    for (const { term, factor } of terms) {
      const idf = this.idf.get(term) ?? this.maxIdf;
      total += idf;
      if (factor === 0) continue;
      for (const p of this.postings.get(term) ?? []) {
        scores.set(p.feature, (scores.get(p.feature) ?? 0) + idf * factor * p.weight);
      }
    }
    const jaWeight = this.maxIdf;
    for (const f of japaneseHits) scores.set(f, (scores.get(f) ?? 0) + jaWeight);
    total += japaneseHits.length > 0 ? jaWeight : 0;

    const hits: SearchHit[] = [];
    if (total > 0) {
      const termSet = new Set(terms.filter((t) => t.factor > 0).map((t) => t.term));
      for (const [feature, s] of scores) {
        const coverage = nameCoverage(feature, termSet);
        let score = 0.8 * (s / total) + 0.2 * coverage + (feature.curated ? 0.04 : 0);
        if (japaneseHits.includes(feature) && raw.length === 0) score = Math.max(score, 0.95);
        hits.push({ feature, score: Math.min(1, score), exact: false });
      }
    }
    hits.sort((a, b) => b.score - a.score || byOrigin(a.feature, b.feature));
    const top = hits.slice(0, limit);
    return { hits: top, decision: decide(top), terms: terms.map((t) => t.term) };
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
    for (const [k, list] of this.exact)
      if (k.startsWith(key)) for (const f of list) if (f.curated || f.origin === 'core') push(f);
    if (out.length < limit)
      for (const [k, list] of this.exact) if (k.startsWith(key)) for (const f of list) push(f);
    if (out.length < limit)
      for (const h of this.search(prefix, limit).hits) if (h.score >= THRESHOLDS.suggest) push(h.feature);
    return out;
  }
}

function decide(hits: SearchHit[]): Decision {
  const [first, second] = hits;
  if (!first) return 'none';
  if (first.exact) return 'answer';
  if (first.score >= THRESHOLDS.answer && (!second || first.score - second.score >= THRESHOLDS.margin))
    return 'answer';
  return first.score >= THRESHOLDS.suggest ? 'suggest' : 'none';
}

/** How much of the feature's best-matching name the query covers (0..1). */
function nameCoverage(feature: Feature, terms: Set<string>): number {
  let best = 0;
  for (const name of [feature.name, ...feature.aliases]) {
    const tokens = tokenize(splitCamel(name)).filter((t) => !STOPWORDS.has(t));
    if (tokens.length === 0) continue;
    const joined = singular(tokens.join(''));
    if (terms.has(joined)) return 1;
    const covered = tokens.filter((t) => terms.has(t)).length / tokens.length;
    if (covered > best) best = covered;
  }
  return best;
}
