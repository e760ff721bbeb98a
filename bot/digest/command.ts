/** `k8sbot digest [--date YYYY-MM-DD] [--lang ja] [--json]` */
import { loadKnowledge } from '../../knowledge/load.js';
import type { Lang } from '../messages.js';
import { cardToText } from '../render-text.js';
import { composeDigest, digestAnswer, localDate } from './compose.js';

export interface DigestCommandOptions {
  date?: string | undefined;
  lang?: Lang | undefined;
  json?: boolean;
  color?: boolean;
}

export function digestCommand(options: DigestCommandOptions): number {
  const date = options.date ?? localDate(new Date());
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(Date.parse(date))) {
    process.stderr.write(`k8sbot: --date must be a calendar date such as 2026-11-23, not "${date}"\n`);
    return 2;
  }
  const digest = composeDigest(loadKnowledge().corpus, date, options.lang ?? 'en');
  const answer = digestAnswer(digest, `digest ${date}`);
  process.stdout.write(
    options.json
      ? `${JSON.stringify(answer)}\n`
      : `${cardToText(answer.card, { color: options.color ?? false })}\n`,
  );
  return 0;
}
