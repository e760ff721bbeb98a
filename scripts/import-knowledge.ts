/**
 * npm run knowledge:import [-- <upstream dir>]
 *
 * Rebuilds the baseline facts bundle shipped with the project (knowledge/generated/*.json) from a local tree
 * of the upstream repositories' files (default ../shared/upstream, or $K8S_UPSTREAM_DIR), with the project's own
 * importer. The output is committed so the bot answers with no network; running it again on the same tree
 * writes byte-identical files. `k8sbot sync --from <dir>` runs the same importer into K8SBOT_DATA_DIR instead.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { importUpstream, serializeBundle } from '../knowledge/import.js';
import { readHistory } from '../knowledge/load.js';
import { knowledgeDir, projectRoot } from '../knowledge/paths.js';
import { formatProblems, type Problem } from '../knowledge/problems.js';
import { dirTree } from '../knowledge/upstream/tree.js';

const upstream = resolve(
  process.argv[2] ?? process.env.K8S_UPSTREAM_DIR ?? join(projectRoot, '..', 'shared', 'upstream'),
);
const outDir = resolve(process.env.K8S_GENERATED_DIR ?? join(knowledgeDir, 'generated'));
if (!existsSync(upstream)) {
  console.error(
    `knowledge:import: no upstream tree at ${upstream} (give a folder laid out like ../shared/upstream)`,
  );
  process.exit(1);
}
const problems: Problem[] = [];
const history = readHistory(knowledgeDir, problems);
if (!history) {
  console.error(`knowledge:import: the cited history does not load:\n${formatProblems(problems)}`);
  process.exit(1);
}
const { bundle, skipped } = importUpstream(dirTree(upstream), {
  releases: history.releases,
  apiCorrections: history.apiCorrections,
});
for (const [name, text] of Object.entries(serializeBundle(bundle))) writeFileSync(join(outDir, name), text);
console.log(
  `knowledge:import: ${bundle['keps.json'].keps.length} KEPs, ${bundle['feature-gates.json'].featureGates.length} feature gates, ` +
    `${bundle['releases.json'].releases.length} releases, ${bundle['api-removals.json'].apiRemovals.length} API removals ` +
    `(data as of ${bundle['meta.json'].dataAsOf}; ${skipped.length} upstream values skipped, listed in meta.json) → ${outDir}`,
);
