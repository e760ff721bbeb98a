/** A feature's YAML examples on their own ("show me the YAML" in a thread under its card). */
import type { Feature } from '../../knowledge/schema.js';
import type { Card, CardChild } from '../cards.js';
import { text } from '../cards.js';
import { cardFooter, type ViewContext } from './context.js';
import { featureStatus } from './feature.js';

/** Examples shown at most (no feature has more today). */
export const MAX_EXAMPLES = 3;

export function examplesCard(feature: Feature, ctx: ViewContext): Card {
  const { m } = ctx;
  const examples = feature.examples.slice(0, MAX_EXAMPLES);
  const children: CardChild[] =
    examples.length > 0
      ? examples.flatMap((e): CardChild[] => [
          {
            type: 'code',
            language: 'yaml',
            title: `${e.removedApi ? m.label.removedExample : m.label.example}: ${e.title[ctx.lang]}`,
            code: e.yaml.trimEnd(),
          },
          // Hand-written notes are in English; Japanese cards leave them out.
          ...(e.note && ctx.lang === 'en' ? [text(e.note, 'muted')] : []),
        ])
      : [text(m.followUp.noExamples(feature.name))];
  const status = featureStatus(feature, ctx);
  return {
    title: m.followUp.examplesTitle(feature.name),
    ...(status ? { subtitle: status } : {}),
    ...(feature.url ? { url: feature.url } : {}),
    children,
    footer: cardFooter(ctx),
  };
}
