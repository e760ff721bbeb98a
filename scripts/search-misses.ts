/**
 * npm run -s search:misses — contributor tool for calibrating search: lists the labelled questions the bot
 * gets wrong, with the top candidates and their scores.
 */
import { Bot } from '../bot/bot.js';
import { QUESTIONS } from '../test/fixtures/questions.js';
import { scoreQuestions } from '../test/fixtures/score.js';

const bot = new Bot();
const score = scoreQuestions(bot, QUESTIONS);
console.log(`${score.correct}/${score.total} (${(score.accuracy * 100).toFixed(1)}%)`);
for (const m of score.misses) {
  const outcome = bot.index.search(m.q, 4);
  console.log(
    `\n${JSON.stringify(m.q)}\n  expected ${JSON.stringify(m.expected)}, got ${m.got}; terms ${outcome.terms.join(' ')}`,
  );
  for (const h of outcome.hits) console.log(`    ${h.score.toFixed(3)} ${h.feature.id}`);
}
