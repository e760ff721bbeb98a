/**
 * A validated, merged corpus written once at build time (dist/corpus.json) so start-up reads one JSON file
 * instead of parsing and validating ~90 source files. It is used only while it is newer than every file under
 * knowledge/; otherwise the sources are loaded as usual.
 */
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Corpus } from './load.js';
import { knowledgeDir, projectRoot } from './paths.js';

export const SNAPSHOT_PATH = join(projectRoot, 'dist', 'corpus.json');
const SNAPSHOT_FORMAT = 1;

type Serialized = Omit<Corpus, 'featureById' | 'redirects' | 'releaseByVersion'> & {
  redirects: Array<[string, string]>;
};

/** Newest modification time of the knowledge sources (YAML, generated JSON, glossary). */
export function newestSourceMtime(dir = knowledgeDir): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !/\.(ya?ml|json)$/.test(entry.name)) continue;
    newest = Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

export function writeSnapshot(corpus: Corpus, path = SNAPSHOT_PATH): void {
  const { featureById: _f, releaseByVersion: _r, redirects, ...rest } = corpus;
  const body: { format: number; corpus: Serialized } = {
    format: SNAPSHOT_FORMAT,
    corpus: { ...rest, redirects: [...redirects] },
  };
  writeFileSync(path, JSON.stringify(body));
}

/** The snapshot's corpus, or undefined when there is none or a source file changed since it was written. */
export function readSnapshot(path = SNAPSHOT_PATH): Corpus | undefined {
  let written: number;
  try {
    written = statSync(path).mtimeMs;
  } catch {
    return undefined;
  }
  if (newestSourceMtime() > written) return undefined;
  const body = JSON.parse(readFileSync(path, 'utf8')) as { format: number; corpus: Serialized };
  if (body.format !== SNAPSHOT_FORMAT) return undefined;
  const c = body.corpus;
  return {
    ...c,
    featureById: new Map(c.features.map((f) => [f.id, f])),
    redirects: new Map(c.redirects),
    releaseByVersion: new Map(c.releases.map((r) => [r.version, r])),
  };
}
