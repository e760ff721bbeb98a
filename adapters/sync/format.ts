/** The text `k8sbot sync` prints: what changed, in a few lines a person reads in a terminal or a CI log. */
import type { SyncReport } from './sync.js';

const STAGE_LABEL = {
  alpha: 'alpha',
  beta: 'beta',
  stable: 'GA',
  deprecated: 'deprecated',
  removed: 'removed',
} as const;
const MAX_NAMES = 12;

function names(list: string[]): string {
  return list.length > MAX_NAMES
    ? `${list.slice(0, MAX_NAMES).join(', ')} …and ${list.length - MAX_NAMES} more`
    : list.join(', ');
}

export function formatSyncReport(r: SyncReport): string {
  const lines: string[] = [];
  const from = r.source === 'directory' ? 'a local tree' : 'GitHub';
  if (!r.changed) {
    lines.push(`Up to date: nothing changed upstream (data as of ${r.dataAsOf}, from ${from}).`);
  } else {
    const was =
      r.changes.dataAsOf.from && r.changes.dataAsOf.from !== r.dataAsOf
        ? ` (was ${r.changes.dataAsOf.from})`
        : '';
    lines.push(`Synced from ${from}: data as of ${r.dataAsOf}${was}; bundle ${r.bundle}.`);
    for (const v of r.changes.newReleases) lines.push(`New release in the data: ${v}`);
    for (const x of r.changes.released)
      lines.push(`Released: ${x.version}${x.releaseDate ? ` on ${x.releaseDate}` : ''}`);
    for (const stage of ['stable', 'beta', 'alpha', 'deprecated', 'removed'] as const) {
      const moved = r.changes.stages.filter((s) => s.stage === stage);
      if (moved.length > 0)
        lines.push(`Now ${STAGE_LABEL[stage]}: ${names(moved.map((m) => `${m.name} (${m.version})`))}`);
    }
    if (r.changes.apiRemovals.length > 0) lines.push(`API removals: ${names(r.changes.apiRemovals)}`);
    if (lines.length === 1) lines.push('No new releases, stage changes or API removals.');
  }
  const changedRepos = r.repositories.filter((x) => x.changed);
  if (changedRepos.length > 0)
    lines.push(
      `Updated: ${changedRepos.map((x) => `${x.repo}@${x.commit.slice(0, 7)} (${x.downloaded} files)`).join(', ')}`,
    );
  if (r.skipped > 0)
    lines.push(`${r.skipped} upstream values were skipped as unreadable (listed in the bundle's meta.json).`);
  if (r.requests)
    lines.push(
      `GitHub requests: ${r.requests.api} API (${r.requests.notModified} not modified), ${r.requests.raw} raw files.`,
    );
  for (const w of r.warnings.slice(0, 10)) lines.push(`warning: ${w}`);
  if (r.warnings.length > 10) lines.push(`…and ${r.warnings.length - 10} more warnings`);
  return `${lines.join('\n')}\n`;
}
