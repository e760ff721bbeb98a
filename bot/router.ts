/**
 * Ordered intents, first match wins. Every intent is wrapped: a BotError becomes an error Answer with its code,
 * anything else becomes an INTERNAL error Answer and a log line. The caller always gets an Answer.
 */
import type { Answer } from './answer.js';
import { BotError } from './errors.js';
import { apiIntent } from './intents/api.js';
import { checkIntent } from './intents/check.js';
import { clusterIntent } from './intents/cluster.js';
import { compareIntent } from './intents/compare.js';
import { digestIntent } from './intents/digest.js';
import { directIntent } from './intents/direct.js';
import { featureIntent } from './intents/feature.js';
import { helpIntent } from './intents/help.js';
import { releaseIntent } from './intents/release.js';
import { searchIntent } from './intents/search.js';
import type { Intent } from './intents/types.js';
import type { Logger } from './logger.js';
import type { Query } from './query.js';
import type { ViewContext } from './views/context.js';
import { errorCard } from './views/misc.js';

export const DEFAULT_INTENTS: Intent<unknown>[] = [
  helpIntent,
  digestIntent,
  checkIntent,
  clusterIntent,
  // An API statement ("X is deprecated in v1.21+, unavailable in v1.25+") names versions but is about the API.
  apiIntent,
  // "is X on by default in 1.28?": a direct answer, then the feature's card.
  directIntent,
  compareIntent,
  releaseIntent,
  searchIntent,
  featureIntent,
];

export function errorAnswer(err: unknown, query: string, ctx: ViewContext, logger: Logger): Answer {
  const known = err instanceof BotError;
  const code = known ? err.code : 'INTERNAL';
  const detail = known ? err.detail : {};
  if (!known) logger.error({ err, query }, 'intent failed');
  return {
    query,
    kind: 'error',
    lang: ctx.lang,
    error: { code, message: ctx.m.error[code](detail) },
    card: errorCard(code, detail, ctx),
  };
}

export function route(query: Query, ctx: ViewContext, intents: Intent<unknown>[], logger: Logger): Answer {
  for (const i of intents) {
    try {
      const match = i.match(query, ctx);
      if (match === null) continue;
      return i.run(match, query, ctx);
    } catch (err) {
      return errorAnswer(err, query.text, ctx, logger);
    }
  }
  return errorAnswer(new Error('no intent matched'), query.text, ctx, logger);
}
