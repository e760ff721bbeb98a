/**
 * A read-only view of upstream files laid out like the repositories (`<owner>/<repo>/<path>`), with the commit
 * each repository was read at. The importer reads only through it, so a local folder (`sync --from DIR`, the
 * tests) and a sync's own mirror of the fetched files give the same facts.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { z } from 'zod';
import type { SourceRef } from '../schema.js';
import { isoDate, text } from './values.js';

export type SourceInfo = z.infer<typeof SourceRef>;

export interface UpstreamTree {
  /** Paths (relative to the repository) of the files under `dir`, recursively, sorted; [] when absent. */
  list(repo: string, dir: string): string[];
  /** The file's text, or undefined when it does not exist. */
  read(repo: string, path: string): string | undefined;
  /** The commit and its date the repository was read at. */
  source(repo: string): SourceInfo;
}

/** The file a tree may hold to say which commits it was taken from: { "<owner/repo>": { commit, commitDate } }. */
export const SOURCES_FILE = 'sources.json';

/** An UpstreamTree over a folder on disk. */
export function dirTree(root: string): UpstreamTree {
  const declared = declaredSources(root);
  return {
    list(repo, dir) {
      const base = join(root, repo, dir);
      if (!existsSync(base)) return [];
      return readdirSync(base, { recursive: true, withFileTypes: true })
        .filter((e) => e.isFile())
        .map((e) => relative(join(root, repo), join(e.parentPath, e.name)).split(sep).join('/'))
        .sort();
    },
    read(repo, path) {
      const file = join(root, repo, path);
      return existsSync(file) ? readFileSync(file, 'utf8') : undefined;
    },
    source(repo) {
      return (
        declared.get(repo) ?? {
          repository: repo,
          commit: 'unknown',
          commitDate: newestMtime(join(root, repo)),
        }
      );
    },
  };
}

/**
 * Which commits a tree holds: its sources.json, or the table in its README.md (| folder | repository | commit |
 * date |, as ../shared/upstream has it). Trees without either are dated by their newest file.
 */
function declaredSources(root: string): Map<string, SourceInfo> {
  const out = new Map<string, SourceInfo>();
  const json = join(root, SOURCES_FILE);
  if (existsSync(json)) {
    const data = JSON.parse(readFileSync(json, 'utf8')) as Record<
      string,
      { commit?: unknown; commitDate?: unknown }
    >;
    for (const [repo, s] of Object.entries(data)) {
      const commit = text(s?.commit);
      const commitDate = isoDate(s?.commitDate);
      if (commit && commitDate) out.set(repo, { repository: repo, commit, commitDate });
    }
    return out;
  }
  const readme = join(root, 'README.md');
  if (!existsSync(readme)) return out;
  const rows = readFileSync(readme, 'utf8')
    .split(/\r?\n/)
    .filter((l) => l.trim().startsWith('|'));
  const header = rows[0]?.split('|').map((c) => c.trim().toLowerCase()) ?? [];
  const [folder, commitCol, dateCol] = ['folder', 'commit', 'date'].map((name) => header.indexOf(name));
  if (folder === undefined || folder < 0 || !commitCol || commitCol < 0 || !dateCol || dateCol < 0)
    return out;
  for (const row of rows.slice(2)) {
    const cells = row.split('|').map((c) => c.trim());
    const repo = cells[folder]?.replace(/`/g, '');
    const commit = cells[commitCol]?.replace(/`/g, '');
    const commitDate = isoDate(cells[dateCol]);
    if (repo && commit && /^[0-9a-f]{7,40}$/.test(commit) && commitDate)
      out.set(repo, { repository: repo, commit, commitDate });
  }
  return out;
}

function newestMtime(dir: string): string {
  let newest = 0;
  if (existsSync(dir))
    for (const e of readdirSync(dir, { recursive: true, withFileTypes: true }))
      if (e.isFile()) newest = Math.max(newest, statSync(join(e.parentPath, e.name)).mtimeMs);
  return new Date(newest || Date.now()).toISOString().slice(0, 10);
}
