/**
 * `npm run build:runtime [-- OUT]` (default build/runtime): the file tree the container image ships, and that
 * `npm ci --omit=dev` installs into: the built JS (dist/, with the corpus snapshot dist/corpus.json), the
 * knowledge data the running bot reads (the baseline facts, the cited history, the curated features and releases,
 * the glossary — a sync merges new upstream facts with them), package.json and package-lock.json, and the
 * `prepare` script (which builds nothing when there are no sources). No TypeScript, no tests, no dev tools.
 * The Dockerfile runs exactly this; test/packaging/runtime-tree.test.ts runs it too, then the bot from the tree.
 */
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync, statSync, utimesSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** What the image ships, relative to the project root. */
export const RUNTIME_PATHS = [
  'package.json',
  'package-lock.json',
  'scripts/prepare.mjs',
  'knowledge/generated',
  'knowledge/history',
  'knowledge/features',
  'knowledge/releases',
  'knowledge/glossary.yaml',
  'dist',
] as const;

export function assembleRuntimeTree(out: string): string[] {
  const target = resolve(out);
  if (!existsSync(join(root, 'dist', 'bot', 'cli.js')) || !existsSync(join(root, 'dist', 'corpus.json')))
    throw new Error('dist/ is not built: run `npm run build` first (npm run build:runtime does)');
  rmSync(target, { recursive: true, force: true });
  mkdirSync(target, { recursive: true });
  for (const path of RUNTIME_PATHS) {
    const from = join(root, path);
    mkdirSync(dirname(join(target, path)), { recursive: true });
    cpSync(from, join(target, path), {
      recursive: true,
      preserveTimestamps: true,
      // The build's own tools never run in production.
      filter: (src) => !/\.(test|spec)\.js$|\.map$|\.d\.ts$/.test(src),
    });
  }
  // The corpus snapshot is used while it is newer than every knowledge file; copies keep their times, and this
  // makes sure of it.
  const now = new Date();
  utimesSync(join(target, 'dist', 'corpus.json'), now, now);
  return readdirSync(target).sort();
}

function sizeOf(dir: string): number {
  let total = 0;
  for (const e of readdirSync(dir, { withFileTypes: true, recursive: true }))
    if (e.isFile()) total += statSync(join(e.parentPath, e.name)).size;
  return total;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const out = resolve(process.argv[2] ?? join(root, 'build', 'runtime'));
  assembleRuntimeTree(out);
  console.log(`runtime tree in ${out} (${(sizeOf(out) / 2 ** 20).toFixed(1)} MiB before npm ci --omit=dev)`);
}
