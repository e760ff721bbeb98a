/** endoflife-date/endoflife.date `products/kubernetes.md` front matter: release cycles, latest patch, end of life. */
import { frontMatter } from './frontmatter.js';
import type { SkipLog } from './report.js';
import { isoDate, minorVersion, text } from './values.js';

export const ENDOFLIFE_PATH = 'products/kubernetes.md';

export interface Cycle {
  version: string;
  releaseDate?: string;
  endOfLife?: string;
  latestPatch?: string;
  latestPatchDate?: string;
}

export function parseEndOfLife(markdown: string, log: SkipLog): Cycle[] {
  const file = `endoflife-date/endoflife.date/${ENDOFLIFE_PATH}`;
  const fm = frontMatter(markdown, file);
  const rows = Array.isArray(fm.releases) ? fm.releases : [];
  const out: Cycle[] = [];
  for (const [i, r] of rows.entries()) {
    const row = (r ?? {}) as Record<string, unknown>;
    const version = minorVersion(row.releaseCycle);
    if (!version) {
      log.skip(file, `releases.${i}.releaseCycle`, row.releaseCycle, 'not a minor version');
      continue;
    }
    const cycle: Cycle = { version };
    const releaseDate = isoDate(row.releaseDate);
    if (releaseDate) cycle.releaseDate = releaseDate;
    const eol = isoDate(row.eol);
    if (eol) cycle.endOfLife = eol;
    const latest = text(row.latest);
    if (latest && /^\d+\.\d+\.\d+$/.test(latest)) cycle.latestPatch = latest;
    const latestDate = isoDate(row.latestReleaseDate);
    if (latestDate) cycle.latestPatchDate = latestDate;
    out.push(cycle);
  }
  return out;
}
