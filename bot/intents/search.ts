import { searchCard } from '../views/misc.js';
import { intent } from './types.js';

export const searchIntent = intent<string>({
  id: 'search',
  match: (q) => (q.command?.name === 'search' ? q.command.rest : null),
  run(terms, q, ctx) {
    const outcome = ctx.index.search(terms, 8);
    const hits = outcome.hits.filter((h) => h.score >= 0.2);
    return {
      query: q.text,
      kind: 'search',
      lang: ctx.lang,
      results: hits.map((h) => ({
        id: h.feature.id,
        name: h.feature.name,
        score: Number(h.score.toFixed(3)),
      })),
      card: searchCard(terms, hits, ctx),
    };
  },
});
