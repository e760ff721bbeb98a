import { text } from '../cards.js';
import { parseDigestCommand } from '../digest/commands.js';
import { intent } from './types.js';

/** digest [preview|subscribe|unsubscribe|status ...]: parse errors and store-free answers; `Bot.respond` runs the rest. */
export const digestIntent = intent<string>({
  id: 'digest',
  match: (q) => (q.command?.name === 'digest' ? q.command.rest : null),
  run(rest, q, ctx) {
    const parsed = parseDigestCommand(rest, ctx.lang);
    if (!parsed.ok) {
      return {
        query: q.text,
        kind: 'digest',
        lang: ctx.lang,
        card: {
          title: ctx.lang === 'ja' ? 'ダイジェストのコマンドを確認してください' : 'Check the digest command',
          children: [
            ...parsed.problems.map((p) => text(p, 'warning')),
            text(
              '/k8s digest subscribe [mon…sun] [HH:MM] [Area/City] [en|ja] · unsubscribe · preview · status',
              'muted',
            ),
          ],
        },
      };
    }
    return ctx.digest.answer(parsed.request, q.text, ctx.lang, ctx.now);
  },
});
