/** `k8sbot serve` / `npm start`: every adapter that has credentials, or the terminal when none do. */
import { Bot } from '../bot/bot.js';
import { createLogger } from '../bot/logger.js';
import type { Lang } from '../bot/messages.js';
import { runRepl } from './console/repl.js';

export interface ServeOptions {
  lang?: Lang | undefined;
}

export async function serve(options: ServeOptions = {}): Promise<number> {
  const logger = createLogger();
  const bot = new Bot({ defaultLang: options.lang ?? 'en', logger });
  await runRepl(bot, options.lang ? { lang: options.lang } : {});
  return 0;
}
