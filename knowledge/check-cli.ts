/** npm run knowledge:check: validates the whole corpus and lists every problem with its file and field. */
import { checkCorpus } from './check.js';
import { formatProblems } from './problems.js';

const { problems, checked } = await checkCorpus();
if (problems.length > 0) {
  console.error(`knowledge:check found ${problems.length} problem(s):\n${formatProblems(problems)}`);
  process.exit(1);
}
console.log(
  `knowledge:check ok: ${checked.features} curated features, ${checked.releases} release notes, ${checked.examples} YAML examples validated`,
);
