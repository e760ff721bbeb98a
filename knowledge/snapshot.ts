/**
 * A validated, merged corpus written to one JSON file so start-up reads it instead of parsing and validating
 * hundreds of source files:
 *  - dist/corpus.json, written at build time from the baseline; used while it is newer than every file under
 *    knowledge/ (otherwise the sources are loaded as usual);
 *  - corpus.json inside a synced bundle, written by the sync; used while the project's curated files and code
 *    are the ones it was built with (its `stamp`).
 */
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Corpus } from './load.js';
import { knowledgeDir, projectRoot } from './paths.js';

export const SNAPSHOT_PATH = join(projectRoot, 'dist', 'corpus.json');
export const BUNDLE_SNAPSHOT = 'corpus.json';
const SNAPSHOT_FORMAT = 2;

type Serialized = Omit<Corpus, 'featureById' | 'redirects' | 'releaseByVersion'> & {
  redirects: Array<[string, string]>;
};

function newestMtime(dir: string, include: (path: string) => boolean): number {
  if (!existsSync(dir)) return 0;
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    const path = join(entry.parentPath, entry.name);
    if (entry.isFile() && include(path)) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

/** Newest modification time of the knowledge sources (YAML, generated JSON, glossary). */
export function newestSourceMtime(dir = knowledgeDir): number {
  return newestMtime(dir, (p) => /\.(ya?ml|json)$/.test(p));
}

/**
 * What a synced bundle's corpus was built with: the curated files (not the baseline facts) and the code that
 * merges them. A different stamp means the project was upgraded since, and the bundle is merged again.
 */
export function projectStamp(dir = knowledgeDir): string {
  const curated = newestMtime(dir, (p) => /\.(ya?ml)$/.test(p));
  const code = newestMtime(dirname(fileURLToPath(import.meta.url)), (p) => /\.(ts|js)$/.test(p));
  return `${SNAPSHOT_FORMAT}:${Math.round(curated)}:${Math.round(code)}`;
}

export function writeSnapshot(corpus: Corpus, path = SNAPSHOT_PATH, stamp?: string): void {
  const { featureById: _f, releaseByVersion: _r, redirects, ...rest } = corpus;
  const body: { format: number; stamp?: string; corpus: Serialized } = {
    format: SNAPSHOT_FORMAT,
    ...(stamp ? { stamp } : {}),
    corpus: { ...rest, redirects: [...redirects] },
  };
  writeFileSync(path, JSON.stringify(body));
}

/**
 * The snapshot's corpus, or undefined when there is none or it is out of date: with `stamp`, when it was built
 * with another stamp; without, when a knowledge source changed since it was written.
 */
export function readSnapshot(path = SNAPSHOT_PATH, stamp?: string): Corpus | undefined {
  let written: number;
  try {
    written = statSync(path).mtimeMs;
  } catch {
    return undefined;
  }
  if (stamp === undefined && newestSourceMtime() > written) return undefined;
  let body: { format: number; stamp?: string; corpus: Serialized };
  try {
    body = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return undefined;
  }
  if (body.format !== SNAPSHOT_FORMAT || (stamp !== undefined && body.stamp !== stamp)) return undefined;
  const c = body.corpus;
  return {
    ...c,
    featureById: new Map(c.features.map((f) => [f.id, f])),
    redirects: new Map(c.redirects),
    releaseByVersion: new Map(c.releases.map((r) => [r.version, r])),
  };
}
