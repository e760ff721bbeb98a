/**
 * kubernetes/website `data/releases/schedule.yaml` (supported minors: release day, maintenance mode, end of
 * life, patches) and `data/releases/eol.yaml` (minors past end of life: final patch, end of life).
 */
import { yamlMapping } from './frontmatter.js';
import type { SkipLog } from './report.js';
import { isoDate, minorVersion, text } from './values.js';

export const SCHEDULE_PATH = 'data/releases/schedule.yaml';
export const EOL_PATH = 'data/releases/eol.yaml';

export interface ScheduledMinor {
  version: string;
  releaseDate?: string;
  endOfLife?: string;
  maintenanceModeStart?: string;
  /** The newest patch already released ("1.36.2"). */
  latestPatch?: string;
}

export interface EolMinor {
  version: string;
  endOfLife?: string;
  finalPatch?: string;
}

/** "1.36.2" → [1, 36, 2] for comparisons; undefined for anything that is not a patch version. */
export function patchParts(version: string): [number, number, number] | undefined {
  const m = /^v?(\d+)\.(\d+)\.(\d+)$/.exec(version.trim());
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : undefined;
}

export function newerPatch(a: string | undefined, b: string | undefined): string | undefined {
  const pa = a ? patchParts(a) : undefined;
  const pb = b ? patchParts(b) : undefined;
  if (!pa) return pb ? b : undefined;
  if (!pb) return a;
  for (let i = 0; i < 3; i++)
    if ((pa[i] as number) !== (pb[i] as number)) return (pa[i] as number) > (pb[i] as number) ? a : b;
  return a;
}

export function parseSchedule(yamlText: string, log: SkipLog): ScheduledMinor[] {
  const file = `kubernetes/website/${SCHEDULE_PATH}`;
  const raw = yamlMapping(yamlText, file);
  const rows = Array.isArray(raw.schedules) ? raw.schedules : [];
  const out: ScheduledMinor[] = [];
  for (const [i, r] of rows.entries()) {
    const row = (r ?? {}) as Record<string, unknown>;
    const version = minorVersion(row.release);
    if (!version) {
      log.skip(file, `schedules.${i}.release`, row.release, 'not a minor version');
      continue;
    }
    const patches = Array.isArray(row.previousPatches) ? row.previousPatches : [];
    let latestPatch: string | undefined;
    for (const p of patches) {
      const release = text((p as Record<string, unknown> | null)?.release);
      if (release && patchParts(release) && minorVersion(release) === version)
        latestPatch = newerPatch(latestPatch, release);
    }
    const entry: ScheduledMinor = { version };
    const set = <K extends keyof ScheduledMinor>(key: K, value: ScheduledMinor[K] | undefined) => {
      if (value !== undefined) entry[key] = value;
    };
    set('releaseDate', isoDate(row.releaseDate));
    set('endOfLife', isoDate(row.endOfLifeDate));
    set('maintenanceModeStart', isoDate(row.maintenanceModeStartDate));
    set('latestPatch', latestPatch);
    out.push(entry);
  }
  return out;
}

export function parseEol(yamlText: string, log: SkipLog): EolMinor[] {
  const file = `kubernetes/website/${EOL_PATH}`;
  const raw = yamlMapping(yamlText, file);
  const rows = Array.isArray(raw.branches) ? raw.branches : [];
  const out: EolMinor[] = [];
  for (const [i, r] of rows.entries()) {
    const row = (r ?? {}) as Record<string, unknown>;
    const version = minorVersion(row.release);
    if (!version) {
      log.skip(file, `branches.${i}.release`, row.release, 'not a minor version');
      continue;
    }
    const entry: EolMinor = { version };
    const eol = isoDate(row.endOfLifeDate);
    if (eol) entry.endOfLife = eol;
    const patch = text(row.finalPatchRelease);
    if (patch && patchParts(patch)) entry.finalPatch = patch;
    out.push(entry);
  }
  return out;
}
