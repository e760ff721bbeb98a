/**
 * Answer latency on three fixed, seeded sets — short names, long questions (60–200 characters) and garbage —
 * beside a baseline measured in the same run: plain fuse.js over the features' names and aliases. Also the
 * accuracy of both labelled sets. `npm run bench` runs this file as its own process (`tsx
 * scripts/bench-answers.ts` prints the rows as JSON), so the numbers come from a heap like serve's, not one
 * grown by the other measurements.
 */
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import Fuse from 'fuse.js';
import { Bot } from '../bot/bot.js';
import { type Corpus, loadCorpus } from '../knowledge/load.js';
import { precompute } from '../knowledge/precompute.js';
import { QUESTIONS } from '../test/fixtures/questions.js';
import { realQuestions, scoreReal } from '../test/fixtures/real-score.js';
import { scoreQuestions } from '../test/fixtures/score.js';

/** mulberry32: the same numbers on every run. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SET_SIZE = 3_000;
const BASELINE_SAMPLE = 200;
/** Questions of each set, from another seed, answered before measuring. */
const WARM_UP = 1_000;
const WARM_UP_SEED = 7;

export function answerSets(corpus: Corpus, seed = 20261204): Record<'short' | 'long' | 'garbage', string[]> {
  const rnd = seeded(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
  const names = corpus.features.flatMap((f) => [
    f.name,
    ...f.aliases.slice(0, 2),
    ...f.featureGates.slice(0, 1),
  ]);
  const typo = (s: string) => {
    if (s.length < 5) return s;
    const i = 1 + Math.floor(rnd() * (s.length - 2));
    return rnd() < 0.5 ? s.slice(0, i) + s.slice(i + 1) : s.slice(0, i) + s[i + 1] + s[i] + s.slice(i + 2);
  };
  const short = Array.from({ length: SET_SIZE }, () => {
    const n = pick(names);
    return rnd() < 0.3 ? typo(n) : n;
  });
  const openers = [
    'after upgrading our cluster to 1.',
    'we are seeing problems with',
    'is it true that',
    'how do I configure',
    'our SRE team wants to know whether',
    'クラスタで',
    'does anyone know why',
    'Promote',
    'Add support for',
  ];
  const fillers = [
    'in production',
    'on EKS and GKE',
    'since last week',
    'when pods restart',
    'with the default settings',
    'behind a gate',
    'and the docs page is outdated',
    'をどう設定すればいいですか',
    'for our batch workloads',
    'after the control plane upgrade',
  ];
  const long: string[] = [];
  while (long.length < SET_SIZE) {
    let q = `${pick(openers)}${rnd() < 0.3 ? `${20 + Math.floor(rnd() * 17)} ` : ' '}${pick(names)}`;
    while (q.length < 60 + rnd() * 140) q += ` ${rnd() < 0.3 ? pick(names) : pick(fillers)}`;
    long.push(q.slice(0, 200));
  }
  const alphabets = [
    'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ',
    '0123456789./-_:@#<>!?*`~[](){}',
    'あいうえおカキクケコ漢字設定削除',
    '\u0000\u0007\u200b\u202e\ufeff',
    '😀🚀🔥',
  ];
  const garbage = Array.from({ length: SET_SIZE }, () => {
    const length = 1 + Math.floor(rnd() * 300);
    let s = '';
    for (let i = 0; i < length; i++) {
      const a = [...(pick(alphabets) as string)];
      s += rnd() < 0.15 ? ' ' : pick(a);
    }
    return s;
  });
  return { short, long, garbage };
}

/**
 * The whole corpus: every feature by name, "when did … go GA?", its first alias and a misspelling; every release
 * in English and Japanese; every API removal as a question; and the labelled set.
 */
export function corpusQueries(corpus: Corpus): string[] {
  const queries: string[] = [];
  for (const f of corpus.features) {
    queries.push(f.name, `when did ${f.name} go GA?`);
    if (f.aliases[0]) queries.push(f.aliases[0]);
    if (f.name.length > 6) queries.push(`${f.name.slice(0, 3)}${f.name.slice(4)}`);
  }
  for (const r of corpus.releases) queries.push(`what changed in ${r.version}?`, `${r.version}の変更点`);
  for (const a of corpus.apiRemovals) queries.push(`is ${a.group}/${a.version} ${a.kind} still served?`);
  queries.push(...QUESTIONS.map((q) => q.q));
  return queries;
}

function percentiles(latencies: number[]): { p50: number; p99: number; max: number } {
  const sorted = [...latencies].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? Number.NaN;
  return { p50: at(0.5), p99: at(0.99), max: sorted.at(-1) ?? Number.NaN };
}

function measure(
  run: (q: string) => unknown,
  queries: string[],
  warmUp: string[],
): { p50: number; p99: number; max: number } {
  for (const q of warmUp) run(q);
  const latencies: number[] = [];
  for (const q of queries) {
    const start = performance.now();
    run(q);
    latencies.push(performance.now() - start);
  }
  return percentiles(latencies);
}

export function benchAnswerSets(bot: Bot, corpus: Corpus): Array<[string, string]> {
  const rows: Array<[string, string]> = [];
  // The baseline: fuse.js as its README configures it, over the same names and aliases.
  const fuse = new Fuse(corpus.features, { keys: ['name', 'aliases'], includeScore: true });
  const ms = (n: number) => `${n.toFixed(3)} ms`;
  // Steady state, as a running server answers: the code is warmed up (JIT) on other questions of every kind,
  // drawn with another seed, so no measured question was asked before.
  const sets = answerSets(corpus);
  const measured = new Set(Object.values(sets).flat());
  for (const set of Object.values(answerSets(corpus, WARM_UP_SEED)))
    for (const q of set.filter((x) => !measured.has(x)).slice(0, WARM_UP)) bot.ask(q);
  // Ours first, then the baseline: fuse.js on long text allocates gigabytes, which would land in our numbers.
  const ours = Object.entries(sets).map(([name, queries]) => {
    return [name, queries, measure((q) => bot.ask(q), queries, [])] as const;
  });
  const whole = corpusQueries(corpus);
  const corpusStats = measure((q) => bot.ask(q), [...whole, ...whole, ...whole], []);
  rows.push([
    `answer p99, whole corpus (${whole.length} questions × 3)`,
    `${ms(corpusStats.p99)} (p50 ${ms(corpusStats.p50)}, max ${ms(corpusStats.max)})`,
  ]);
  for (const [name, queries, stats] of ours) {
    // fuse.js is slow on long text: a fixed sample of the same set is enough for its percentiles.
    const sample = queries.slice(0, BASELINE_SAMPLE);
    const base = measure((q) => fuse.search(q, { limit: 5 }), sample, sample.slice(0, 20));
    rows.push([
      `answer p99, ${name} set (${queries.length}, seeded)`,
      `${ms(stats.p99)} (p50 ${ms(stats.p50)}, max ${ms(stats.max)}) · plain fuse.js p99 ${ms(base.p99)}`,
    ]);
  }
  const labelled = scoreQuestions(bot, QUESTIONS);
  rows.push(['labelled set top-1', `${(labelled.accuracy * 100).toFixed(1)}% of ${labelled.total}`]);
  rows.push(['negatives answered with a feature', String(labelled.negativesAnsweredWithFeature.length)]);
  const real = scoreReal(bot, realQuestions());
  rows.push(['real-phrasing set top-1', `${(real.accuracy * 100).toFixed(1)}% of ${real.total}`]);
  return rows;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  // As serve answers: the snapshot corpus, its index, the precomputed release changes.
  const corpus = loadCorpus();
  precompute(corpus);
  console.log(JSON.stringify(benchAnswerSets(new Bot({ corpus }), corpus)));
}
