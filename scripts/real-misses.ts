/**
 * The real-phrasing set (test/fixtures/real-questions.json): score and every miss with its source, to study
 * classes of failures. `npx tsx scripts/real-misses.ts`
 */
import { Bot } from '../bot/bot.js';
import { featuresFor, realQuestions, scoreReal } from '../test/fixtures/real-score.js';

const bot = new Bot();
const questions = realQuestions();
const unresolved = questions.filter(
  (q) => q.expect.kind === 'feature' && featuresFor(bot.corpus, q.expect.feature).size === 0,
);
if (unresolved.length > 0)
  console.log(
    'labels naming no feature:',
    unresolved.map((q) => q.expect),
  );
const score = scoreReal(bot, questions);
console.log(`${score.correct}/${score.total} (${(score.accuracy * 100).toFixed(1)}%)`);
for (const m of score.misses)
  console.log(`\n"${m.q}"\n  expected ${JSON.stringify(m.expect)}, got ${m.got}\n  ${m.source}`);
