/**
 * kubernetes/sig-release `releases/release-1.N/README.md`: the Timeline table of a release cycle (freezes,
 * release day). Rows are written by hand: "Monday 18th May 2026", "Tuesday 9th June 2026 (AoE) / Wednesday
 * 10th June 2026, 12:00 UTC", "Thursday 18th - Friday 19th June 2026".
 */
import type { SkipLog } from './report.js';

export const TIMELINE_DIR = 'releases';

const MONTHS: Record<string, number> = {
  january: 1,
  february: 2,
  march: 3,
  april: 4,
  may: 5,
  june: 6,
  july: 7,
  august: 8,
  september: 9,
  october: 10,
  november: 11,
  december: 12,
};

/** Key dates by name; the first row that matches a name wins. */
const KEY_EVENTS: Array<[string, RegExp]> = [
  ['releaseCycleStart', /^start of release cycle$/i],
  ['prrFreeze', /^begin production readiness freeze$/i],
  ['enhancementsFreeze', /^begin enhancements freeze$/i],
  ['codeFreeze', /^begin code freeze\b/i],
  ['testFreeze', /^begin .*\btest freeze$/i],
  ['docsFreeze', /^docs freeze$/i],
  ['releaseBranchCreated', /^release-1\.\d+ branch created$/i],
  ['release', /^v1\.\d+\.0 released$/i],
  ['codeThaw', /^(code )?thaw$/i],
];

/** "[Code Freeze]" → "Code Freeze"; bold and links removed. */
function label(cell: string): string {
  return cell
    .replace(/\*\*/g, '')
    .replace(/\[([^\]]*)\](?:\[[^\]]*\]|\([^)]*\))?/g, '$1')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The first date written in a cell (the AoE day for deadlines), as YYYY-MM-DD. */
export function firstDate(cell: string): string | undefined {
  const m =
    /(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]+),?\s+(\d{4})/.exec(cell) ??
    /(\d{1,2})(?:st|nd|rd|th)?\s*(?:-|–)\s*[A-Za-z]*\s*\d{1,2}(?:st|nd|rd|th)?\s+([A-Za-z]+),?\s+(\d{4})/.exec(
      cell,
    );
  if (!m) return undefined;
  const month = MONTHS[(m[2] ?? '').toLowerCase()];
  if (!month) return undefined;
  const day = Number(m[1]);
  const year = Number(m[3]);
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCDate() !== day) return undefined;
  return date.toISOString().slice(0, 10);
}

/** Key dates of the cycle from the README's timeline table (empty when it has none). */
export function parseTimeline(markdown: string, path: string, log: SkipLog): Record<string, string> {
  const file = `kubernetes/sig-release/${path}`;
  const keyDates: Record<string, string> = {};
  const lines = markdown.split(/\r?\n/);
  const header = lines.findIndex((l) => /^\|\s*\**what\**\s*\|/i.test(l.trim()));
  if (header < 0) return keyDates;
  const columns = (lines[header] ?? '').split('|').map((c) => label(c).toLowerCase());
  const whenColumn = columns.indexOf('when');
  for (let i = header + 2; i < lines.length; i++) {
    const line = lines[i]?.trim() ?? '';
    if (!line.startsWith('|')) break;
    const cells = line.split('|');
    const event = label(cells[1] ?? '');
    const when = cells[whenColumn > 0 ? whenColumn : 3] ?? '';
    const key = KEY_EVENTS.find(([, re]) => re.test(event))?.[0];
    if (!key) continue;
    const date = firstDate(when);
    if (!date) {
      log.skip(file, `timeline row ${i - header - 1}`, when.trim(), `no date for "${event}"`);
      continue;
    }
    if (!(key in keyDates)) keyDates[key] = date;
    if (key === 'codeFreeze' && /test freeze/i.test(event) && !('testFreeze' in keyDates))
      keyDates.testFreeze = date;
  }
  return keyDates;
}
