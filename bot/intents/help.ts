import { helpCard } from '../views/misc.js';
import { intent } from './types.js';

const HELP = /^(?:help|\?|usage|commands|ヘルプ|使い方|つかいかた)$/;

export const helpIntent = intent<true>({
  id: 'help',
  match: (q) => (q.plain === '' || HELP.test(q.plain) || q.command?.name === 'help' ? true : null),
  run: (_m, q, ctx) => ({ query: q.text, kind: 'help', lang: ctx.lang, card: helpCard(ctx) }),
});
