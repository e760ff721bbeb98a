import { featureByIdOrRedirect } from '../../knowledge/load.js';
import type { Feature } from '../../knowledge/schema.js';
import { THRESHOLDS } from '../../knowledge/search.js';
import type { Answer } from '../answer.js';
import type { ViewContext } from '../views/context.js';
import { featureAnswer, featureCard } from '../views/feature.js';
import { notFoundCard } from '../views/misc.js';
import { intent } from './types.js';

export function featureReply(feature: Feature, query: string, ctx: ViewContext, asked = query): Answer {
  return {
    query,
    kind: 'feature',
    lang: ctx.lang,
    feature: featureAnswer(feature),
    card: featureCard(feature, ctx, { focusGate: namedGate(feature, asked) }),
  };
}

/** The gate the question names, when it names one of the feature's gates ("DRAControlPlaneController"). */
function namedGate(feature: Feature, text: string): string | undefined {
  const words = new Set(text.split(/[^A-Za-z0-9]+/).map((w) => w.toLowerCase()));
  return feature.gates.find(
    (g) => words.has(g.name.toLowerCase()) || g.formerNames.some((n) => words.has(n.toLowerCase())),
  )?.name;
}

/** The last intent: anything else is a feature question, answered only when the search is confident. */
export const featureIntent = intent<string>({
  id: 'feature',
  match: (q) => (!q.command || q.command.name === 'feature' ? (q.command?.rest ?? q.text) : null),
  run(text, q, ctx) {
    const byId = featureByIdOrRedirect(ctx.corpus, text.trim());
    if (byId) return featureReply(byId, q.text, ctx, text);
    const outcome = ctx.index.search(text);
    const top = outcome.hits[0];
    if (outcome.decision === 'answer' && top) return featureReply(top.feature, q.text, ctx, text);
    const suggestions = outcome.hits.filter((h) => h.score >= THRESHOLDS.suggest * 0.8).slice(0, 3);
    return {
      query: q.text,
      kind: 'not_found',
      lang: ctx.lang,
      suggestions: suggestions.map((h) => h.feature.name),
      card: notFoundCard(q.text, suggestions, ctx),
    };
  },
});
