import { Bot } from '../bot/bot.js';
import { featuresFor, realQuestions, scoreReal } from '../test/fixtures/real-score.js';

const bot = new Bot();
const qs = realQuestions();
const unresolved = qs.filter(
  (q) => q.expect.kind === 'feature' && featuresFor(bot.corpus, q.expect.feature).size === 0,
);
console.log(
  'unresolved labels',
  unresolved.map((q) => q.expect),
);
const s = scoreReal(bot, qs);
console.log(`${s.correct}/${s.total} ${(s.accuracy * 100).toFixed(1)}%`);
for (const m of s.misses) console.log(JSON.stringify(m.expect), '|', m.got, '|', m.q.slice(0, 110));
