/**
 * npm run bench — prints the numbers the targets are checked against (not a pass/fail test):
 *   corpus load, index build and precompute time; answer latency on seeded sets and the whole corpus and the
 *   accuracy of both labelled sets (bench-answers.ts, in a process of its own); start-up time of `k8sbot ask`,
 *   memory, `k8sbot serve` as a process beside a bare node:http server (ready
 *   time, memory, Slack and Discord acknowledgement latency under load: bench-serve.ts), digest fan-out with
 *   replicas, and answer latency while the store is locked (bench-digest.ts).
 */
import { spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { loadCorpusFromSources } from '../knowledge/load.js';
import { projectRoot } from '../knowledge/paths.js';
import { precompute } from '../knowledge/precompute.js';
import { FeatureIndex } from '../knowledge/search.js';
import { readSnapshot } from '../knowledge/snapshot.js';
import { corpusQueries } from './bench-answers.js';
import { benchDigest } from './bench-digest.js';
import { benchServe } from './bench-serve.js';

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

function time<T>(fn: () => T): [T, number] {
  const start = performance.now();
  const value = fn();
  return [value, performance.now() - start];
}

const ms = (n: number) => `${n.toFixed(2)} ms`;
const rows: Array<[string, string]> = [];
const report = (name: string, value: string) => {
  rows.push([name, value]);
  console.log(`${name.padEnd(44)} ${value}`);
};

const [corpus, loadMs] = time(() => loadCorpusFromSources());
report('corpus load from sources (read + validate + merge)', ms(loadMs));
const build = spawnSync('npm', ['run', '-s', 'build'], { cwd: projectRoot, encoding: 'utf8' });
const [snapshot, snapshotMs] = time(() => readSnapshot());
report('corpus load from the build snapshot', snapshot ? ms(snapshotMs) : 'no current snapshot');
const builds: number[] = [];
let index: FeatureIndex | undefined;
for (let i = 0; i < 5; i++) {
  const [built, t] = time(() => new FeatureIndex(corpus, corpus.glossary));
  index = built;
  builds.push(t);
}
report('index build (median of 5)', ms([...builds].sort((a, b) => a - b)[2] ?? 0));
// `serve` works out release changes and upgrade ranges beside its first requests (knowledge/precompute.ts).
const [, precomputeMs] = time(() => precompute(corpus));
report('precompute release changes and upgrades', ms(precomputeMs));

// The whole corpus (every feature, release and API removal, the labelled set): used by the digest bench below;
// its answer latency is measured with the seeded sets.
const queries = corpusQueries(corpus);

// Seeded short / long / garbage sets beside plain fuse.js, and both labelled sets, in a process of their own.
const answerSets = spawnSync(process.execPath, [...process.execArgv, 'scripts/bench-answers.ts'], {
  cwd: projectRoot,
  encoding: 'utf8',
  maxBuffer: 1 << 20,
});
if (answerSets.status === 0) {
  for (const [name, value] of JSON.parse(answerSets.stdout) as Array<[string, string]>) report(name, value);
} else report('seeded answer sets', `not measured: ${answerSets.stderr.slice(0, 500)}`);

const memory = process.memoryUsage();
report(
  'memory: rss / heap used',
  `${(memory.rss / 2 ** 20).toFixed(0)} MiB / ${(memory.heapUsed / 2 ** 20).toFixed(0)} MiB`,
);

if (build.status === 0) {
  const starts: number[] = [];
  for (let i = 0; i < 7; i++) {
    const start = performance.now();
    spawnSync(process.execPath, ['dist/bot/cli.js', 'ask', 'sts'], { cwd: projectRoot, encoding: 'utf8' });
    starts.push(performance.now() - start);
  }
  starts.sort((a, b) => a - b);
  report('start-up: `k8sbot ask sts` wall time (median of 7)', ms(percentile(starts, 50)));
} else {
  report('start-up', `not measured: npm run build failed\n${build.stderr}`);
}

if (build.status === 0) for (const [name, value] of await benchServe()) report(name, value);
for (const [name, value] of await benchDigest(corpus, index as FeatureIndex, queries.slice(0, 2_000))) {
  report(name, value);
}
