import { describe, expect, it } from 'vitest';
import { QUESTIONS } from '../fixtures/questions.js';
import { scoreQuestions } from '../fixtures/score.js';
import { testBot } from '../helpers.js';

describe('labelled questions (test/fixtures/questions.ts)', () => {
  const score = scoreQuestions(testBot(), QUESTIONS);

  it('has at least 200 questions of every kind', () => {
    expect(QUESTIONS.length).toBeGreaterThanOrEqual(200);
    const kinds = new Set(QUESTIONS.map((q) => q.expect.kind));
    for (const k of ['feature', 'release', 'compare', 'api', 'search', 'help', 'not_found', 'error'])
      expect(kinds).toContain(k);
  });

  it('answers at least 95% top-1 correctly', () => {
    console.log(
      `labelled set: ${score.correct}/${score.total} correct (${(score.accuracy * 100).toFixed(1)}%)` +
        (score.misses.length > 0
          ? `\n${score.misses.map((m) => `  miss: ${JSON.stringify(m.q.slice(0, 80))} expected ${JSON.stringify(m.expected)} got ${m.got}`).join('\n')}`
          : ''),
    );
    expect(score.accuracy).toBeGreaterThanOrEqual(0.95);
  });

  it('never answers a negative with a feature', () => {
    expect(score.negativesAnsweredWithFeature).toEqual([]);
  });
});
