/** Help, search results, not-found and error cards. */
import type { SearchHit } from '../../knowledge/search.js';
import { type Card, text, truncatedList } from '../cards.js';
import type { ErrorCode } from '../errors.js';
import { cardFooter, type ViewContext } from './context.js';

export function helpCard(ctx: ViewContext): Card {
  const { m, corpus } = ctx;
  return {
    title: m.helpTitle,
    children: [
      text(m.helpIntro),
      truncatedList(m.helpExamplesTitle, m.helpExamples, m.helpExamples.length),
      text(
        m.helpCounts(
          corpus.features.length,
          corpus.releases.length,
          corpus.releases.at(-1)?.version ?? corpus.newestReleased,
          corpus.apiRemovals.length,
        ),
        'muted',
      ),
    ],
    footer: cardFooter(ctx),
  };
}

export function searchCard(query: string, hits: SearchHit[], ctx: ViewContext): Card {
  const { m } = ctx;
  if (hits.length === 0) {
    return {
      title: m.searchTitle(query),
      children: [text(m.searchNone(query)), text(m.notFoundHint, 'muted')],
    };
  }
  return {
    title: m.searchTitle(query),
    children: [
      truncatedList(
        m.label.results,
        hits.map((h) => `${h.feature.name} (${h.score.toFixed(2)})`),
        hits.length,
      ),
      {
        type: 'actions',
        actions: hits
          .slice(0, 5)
          .map((h) => ({ kind: 'feature' as const, label: h.feature.name, value: h.feature.id })),
      },
    ],
    footer: cardFooter(ctx),
  };
}

export function notFoundCard(query: string, suggestions: SearchHit[], ctx: ViewContext): Card {
  const { m } = ctx;
  return {
    title: m.notFoundTitle,
    children: [
      text(m.notFound(query)),
      ...(suggestions.length > 0
        ? [
            text(m.didYouMean),
            {
              type: 'actions' as const,
              actions: suggestions.map((h) => ({
                kind: 'feature' as const,
                label: h.feature.name,
                value: h.feature.id,
              })),
            },
          ]
        : []),
      text(m.notFoundHint, 'muted'),
    ],
  };
}

export function errorCard(code: ErrorCode, detail: Record<string, string>, ctx: ViewContext): Card {
  return { title: ctx.m.errorTitle, children: [text(ctx.m.error[code](detail), 'warning')] };
}
