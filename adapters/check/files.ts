/** Reads what `k8sbot check` is given: files, directories (recursively: *.yaml, *.yml, *.json) and stdin (`-`). */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { SourceText } from '../../knowledge/upgrade/manifests.js';
import type { Problem } from '../../knowledge/upgrade/report.js';

const MANIFEST = /\.(ya?ml|json)$/i;
const SKIP_DIRS = new Set(['node_modules', '.git']);

export interface ReadInputs {
  sources: SourceText[];
  problems: Problem[];
}

function walk(dir: string, out: string[]): void {
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
    a.name.localeCompare(b.name),
  )) {
    if (entry.name.startsWith('.') || SKIP_DIRS.has(entry.name)) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) walk(path, out);
    else if (entry.isFile() && MANIFEST.test(entry.name)) out.push(path);
  }
}

const unreadable = (file: string, err: unknown): Problem => ({
  file,
  document: 0,
  line: 0,
  column: 0,
  code: 'unreadable',
  message: (err as NodeJS.ErrnoException).code ?? (err as Error).message,
});

/** Reads every path; a path that cannot be read becomes a problem, the others are still checked. */
export function readInputs(paths: string[], stdin: () => string): ReadInputs {
  const out: ReadInputs = { sources: [], problems: [] };
  for (const path of paths) {
    if (path === '-') {
      out.sources.push({ name: 'stdin', text: stdin() });
      continue;
    }
    try {
      if (statSync(path).isDirectory()) {
        const files: string[] = [];
        walk(path, files);
        for (const file of files) {
          try {
            out.sources.push({ name: file, text: readFileSync(file, 'utf8') });
          } catch (err) {
            out.problems.push(unreadable(file, err));
          }
        }
      } else {
        out.sources.push({ name: path, text: readFileSync(path, 'utf8') });
      }
    } catch (err) {
      out.problems.push(unreadable(path, err));
    }
  }
  return out;
}
