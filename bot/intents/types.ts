import type { Answer } from '../answer.js';
import type { Query } from '../query.js';
import type { ViewContext } from '../views/context.js';

/** One kind of question: `match` decides cheaply whether it applies, `run` builds the Answer. */
export interface Intent<M> {
  id: string;
  match(query: Query, ctx: ViewContext): M | null;
  run(match: M, query: Query, ctx: ViewContext): Answer;
}

/** Erases the match type so intents of different kinds fit in one ordered list. */
export function intent<M>(i: Intent<M>): Intent<unknown> {
  return i as Intent<unknown>;
}
