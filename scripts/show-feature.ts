/**
 * npm run knowledge:show -- <id|kep-N|gate name>
 * Prints a feature as the bot sees it after merging imported facts and curated entries (contributor tool).
 * Problems in other files are listed on stderr but do not stop it.
 */
import { featureByIdOrRedirect, tryLoadCorpus } from '../knowledge/load.js';
import { formatProblems } from '../knowledge/problems.js';

const { corpus, problems } = tryLoadCorpus();
if (problems.length > 0)
  console.error(`(${problems.length} corpus problem(s) elsewhere:\n${formatProblems(problems)})`);
if (!corpus) process.exit(1);
for (const arg of process.argv.slice(2)) {
  const feature =
    featureByIdOrRedirect(corpus, arg) ??
    corpus.features.find((f) => f.featureGates.some((g) => g.toLowerCase() === arg.toLowerCase()));
  console.log(feature ? JSON.stringify(feature, null, 2) : `no feature "${arg}"`);
}
