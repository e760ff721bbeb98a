/** The embedded default: an interactive terminal session with the same answers as chat. */
import { createInterface } from 'node:readline';
import type { Bot } from '../../bot/bot.js';
import type { Lang } from '../../bot/messages.js';
import { cardToText } from '../../bot/render-text.js';

export interface ReplOptions {
  input?: NodeJS.ReadableStream;
  output?: NodeJS.WritableStream;
  lang?: Lang;
  color?: boolean;
}

/** Runs until the input ends or the user types exit/quit. Resolves with the number of questions answered. */
export async function runRepl(bot: Bot, options: ReplOptions = {}): Promise<number> {
  const output = options.output ?? process.stdout;
  const interactive = Boolean((options.input ?? process.stdin) === process.stdin && process.stdin.isTTY);
  const rl = createInterface({
    input: options.input ?? process.stdin,
    output: interactive ? output : undefined,
    terminal: interactive,
    crlfDelay: Number.POSITIVE_INFINITY,
  });
  const color = options.color ?? (interactive && !process.env.NO_COLOR);
  output.write(
    `k8s-feature-bot: no Slack or Discord credentials are set, so I answer here. Try "feature petset", "what changed in 1.24?" or "help". Type "exit" to quit.\n`,
  );
  let answered = 0;
  const prompt = () => interactive && rl.prompt();
  rl.setPrompt('k8s> ');
  prompt();
  for await (const line of rl) {
    const text = line.trim();
    if (text === 'exit' || text === 'quit') break;
    if (text.length > 0) {
      const answer = bot.ask(text, options.lang ? { lang: options.lang } : {});
      output.write(`${cardToText(answer.card, { color })}\n\n`);
      answered++;
    }
    prompt();
  }
  rl.close();
  return answered;
}
