/**
 * npm run knowledge:show -- <id|kep-N|gate name> [--json]
 * Prints a feature as the bot sees it after joining records into one concept: what it was joined from (curated
 * entry, cited core history, KEPs, gates — the feature's own gate first), where its history comes from, each gate's
 * history, and the ids that lead to it. With --json, the merged feature as JSON (contributor tool).
 * Problems in other files are listed on stderr but do not stop it.
 */
import { featureByIdOrRedirect, tryLoadCorpus } from '../knowledge/load.js';
import { formatProblems } from '../knowledge/problems.js';
import type { Feature } from '../knowledge/schema.js';

const args = process.argv.slice(2);
const json = args.includes('--json');
const { corpus, problems } = tryLoadCorpus();
if (problems.length > 0)
  console.error(`(${problems.length} corpus problem(s) elsewhere:\n${formatProblems(problems)})`);
if (!corpus) process.exit(1);

function source(f: Feature): string {
  if (f.stages.some((s) => s.origin === 'curated'))
    return 'the curated entry (stages written by hand, with reasons)';
  if (f.stages.some((s) => s.origin === 'core'))
    return 'the cited core history (knowledge/history/core-features.yaml)';
  const own = f.gates.find((g) => g.primary);
  if (own) return `its own gate ${own.name} (gate page), KEP milestones only where the gate is silent`;
  return f.keps.length > 0
    ? `KEP-${f.keps[0]} milestones (unconfirmed unless the KEP is implemented)`
    : 'nothing';
}

for (const arg of args.filter((a) => a !== '--json')) {
  const feature =
    featureByIdOrRedirect(corpus, arg) ??
    corpus.features.find((f) => f.featureGates.some((g) => g.toLowerCase() === arg.toLowerCase()));
  if (!feature) {
    console.log(`no feature "${arg}"`);
    continue;
  }
  if (json) {
    console.log(JSON.stringify(feature, null, 2));
    continue;
  }
  const from = [...corpus.redirects].filter(([, to]) => to === feature.id).map(([id]) => id);
  const lines = [
    `${feature.name} (${feature.id})${feature.curated ? ' — curated' : ` — built from ${feature.origin}`}`,
    `  KEPs: ${feature.keps.map((n) => `KEP-${n}`).join(', ') || '—'}`,
    `  gates: ${feature.gates.map((g) => `${g.name}${g.primary ? ' (its own)' : ''}`).join(', ') || '—'}`,
    ...feature.gates.map(
      (g) =>
        `    ${g.name}: ${g.stages.map((s) => `${s.stage} ${s.version}${s.defaultOn === false ? ' off' : ''}${s.lockedIn ? ` locked from ${s.lockedIn}` : ''}`).join(' → ')}${g.removedIn ? ` → removed ${g.removedIn}` : ''}`,
    ),
    `  history from: ${source(feature)}`,
    ...feature.stages.map(
      (s) =>
        `    ${s.stage} ${s.version}${s.planned ? ' (planned)' : ''}${s.unconfirmed ? ' (unconfirmed)' : ''}${s.appliesTo ? ` [only ${s.appliesTo.join(', ')}]` : ''}${s.enabledByDefault === false ? ' off by default' : ''}`,
    ),
    `  joined records (their ids lead here): ${from.join(', ') || '—'}`,
  ];
  console.log(lines.join('\n'));
}
