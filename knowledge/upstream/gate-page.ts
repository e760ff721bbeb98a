/**
 * kubernetes/website `content/en/docs/reference/command-line-tools-reference/feature-gates/<Gate>.md` front
 * matter → a gate record: its stages (with the default and whether it is locked), `removed`, `former_titles`.
 */
import type { GateRecord, GateStage } from '../schema.js';
import { frontMatter } from './frontmatter.js';
import type { SkipLog } from './report.js';
import { minorVersion, text, textList } from './values.js';

export const GATE_PAGES_DIR = 'content/en/docs/reference/command-line-tools-reference/feature-gates';
const STAGES = new Set(['alpha', 'beta', 'stable', 'deprecated']);
const GATE_NAME = /^[A-Z][A-Za-z0-9]*$/;

/** The list page (`_index.md`, `index.md`) describes no gate. */
export function isGatePage(name: string): boolean {
  return name.endsWith('.md') && !/^_?index\.md$/.test(name);
}

export function parseGatePage(
  markdown: string,
  path: string,
  log: SkipLog,
): Omit<GateRecord, 'keps'> | undefined {
  const file = `kubernetes/website/${path}`;
  const fm = frontMatter(markdown, file);
  const name = text(fm.title);
  if (!name || !GATE_NAME.test(name)) {
    log.skip(file, 'title', fm.title, 'the page title is not a feature gate name');
    return undefined;
  }
  const stages: GateStage[] = [];
  const rawStages = Array.isArray(fm.stages) ? fm.stages : [];
  for (const [i, s] of rawStages.entries()) {
    const row = (s ?? {}) as Record<string, unknown>;
    const stage = text(row.stage)?.toLowerCase();
    const from = minorVersion(row.fromVersion);
    if (!stage || !STAGES.has(stage) || !from) {
      log.skip(
        file,
        `stages.${i}`,
        row,
        'a stage row needs a stage (alpha, beta, stable, deprecated) and a fromVersion',
      );
      continue;
    }
    const to =
      row.toVersion === undefined || row.toVersion === null ? null : (minorVersion(row.toVersion) ?? null);
    if (row.toVersion !== undefined && row.toVersion !== null && to === null)
      log.skip(file, `stages.${i}.toVersion`, row.toVersion, 'not a release version');
    stages.push({
      stage: stage as GateStage['stage'],
      defaultValue: typeof row.defaultValue === 'boolean' ? row.defaultValue : bool(row.defaultValue),
      fromVersion: from,
      toVersion: to,
      locked: typeof row.locked === 'boolean' ? row.locked : bool(row.locked),
    });
  }
  if (stages.length === 0) {
    log.skip(file, 'stages', fm.stages, 'a gate page without stages says nothing about the gate');
    return undefined;
  }
  const removed = fm.removed === true || bool(fm.removed) === true;
  return {
    name,
    stages,
    removed,
    lastVersion: removed ? lastVersionOf(stages) : null,
    formerNames: textList(fm.former_titles).filter((n) => GATE_NAME.test(n)),
  };
}

/** "true"/"false" written as strings (or with stray spaces); anything else is unknown. */
function bool(value: unknown): boolean | null {
  const t = text(value)?.toLowerCase();
  return t === 'true' ? true : t === 'false' ? false : null;
}

/** The last release that still had the gate: the highest version any stage row names. */
function lastVersionOf(stages: GateStage[]): string {
  const minor = (v: string) => Number(v.slice(2));
  const versions = stages.flatMap((s) => [s.fromVersion, ...(s.toVersion ? [s.toVersion] : [])]);
  return versions.reduce((a, b) => (minor(b) > minor(a) ? b : a));
}
