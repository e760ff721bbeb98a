#!/usr/bin/env node
/**
 * The k8sbot command: ask, serve, digest, sync, stats, check, cluster.
 *
 * This file is the composition root: `serve` loads the adapters (dynamically, so `ask` never pays for the chat
 * SDKs). Everything else in bot/ stays platform-neutral.
 */
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import type { Answer } from './answer.js';
import { Bot } from './bot.js';
import { createLogger } from './logger.js';
import { Lang } from './messages.js';
import { cardToText } from './render-text.js';

const USAGE = `k8sbot — Kubernetes features and releases, in your terminal and in chat

Usage:
  k8sbot ask [--json] [--lang en|ja] "<question>"   answer one question
  k8sbot ask --json                                  answer one question per stdin line (JSON Lines)
  k8sbot serve                                       start Slack/Discord adapters that have credentials,
                                                     or an interactive terminal session when none are set
  k8sbot digest [--date YYYY-MM-DD] [--lang ja] [--json]   print the weekly release digest
  k8sbot sync [--from DIR] [--json]                  refresh the knowledge from the upstream repositories
                                                     (GitHub), or from a local tree laid out like them
  k8sbot stats [--json]                              corpus counts
  k8sbot check [files|dirs|-] [--target 1.NN] [--from 1.NN] [-o text|json|markdown]
                                                     check manifests before an upgrade (Pluto's exit codes;
                                                     k8sbot check --help for more)
  k8sbot cluster [name] [-o text|json|markdown]      a live cluster: version, end of life, what breaks on
                                                     the next minor (K8SBOT_KUBECONFIG)

Data: K8SBOT_DATA_DIR (default ./data) holds synced knowledge; without a sync the bot answers from the
baseline shipped with it.
`;

function parseLang(value: string | undefined): Lang | undefined {
  if (value === undefined) return undefined;
  const parsed = Lang.safeParse(value);
  if (!parsed.success) throw new UsageError(`--lang must be "en" or "ja", not "${value}"`);
  return parsed.data;
}

class UsageError extends Error {}

function print(answer: Answer, json: boolean, color: boolean): void {
  process.stdout.write(json ? `${JSON.stringify(answer)}\n` : `${cardToText(answer.card, { color })}\n`);
}

async function readLines(onLine: (line: string) => void): Promise<void> {
  const rl = createInterface({ input: process.stdin, crlfDelay: Number.POSITIVE_INFINITY });
  for await (const line of rl) onLine(line);
}

export function stats(bot: Bot) {
  const c = bot.corpus;
  return {
    features: c.features.length,
    curated: c.features.filter((f) => f.curated).length,
    keps: c.keps.length,
    featureGates: c.gates.length,
    releases: c.releases.length,
    apiRemovals: c.apiRemovals.length,
    dataAsOf: c.dataAsOf,
  };
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  // These two parse their own options and keep Pluto's exit codes (2 means "deprecated", never a usage error).
  if (command === 'check') {
    const { checkCommand } = await import('../adapters/check/command.js');
    return checkCommand(rest);
  }
  if (command === 'cluster') {
    const { clusterCommand } = await import('../adapters/cluster/command.js');
    return clusterCommand(rest);
  }
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      json: { type: 'boolean', default: false },
      lang: { type: 'string' },
      date: { type: 'string' },
      from: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help || command === undefined || command === 'help' || command === '--help') {
    process.stdout.write(USAGE);
    return command === undefined ? 1 : 0;
  }
  const lang = parseLang(values.lang);
  const color = Boolean(process.stdout.isTTY) && !process.env.NO_COLOR;

  switch (command) {
    case 'ask': {
      const bot = new Bot({ defaultLang: lang ?? 'en', logger: createLogger('warn') });
      const question = positionals.join(' ');
      if (question.length > 0) {
        print(bot.ask(question, lang ? { lang } : {}), values.json, color);
        return 0;
      }
      await readLines((line) => print(bot.ask(line, lang ? { lang } : {}), values.json, color));
      return 0;
    }
    case 'stats': {
      const s = stats(new Bot());
      process.stdout.write(
        values.json
          ? `${JSON.stringify(s)}\n`
          : `${Object.entries(s)
              .map(([k, v]) => `${k}: ${v}`)
              .join('\n')}\n`,
      );
      return 0;
    }
    case 'serve': {
      const { serve } = await import('../adapters/serve.js');
      return serve({ lang });
    }
    case 'sync': {
      const { syncCommand } = await import('../adapters/sync/command.js');
      return syncCommand({ from: values.from, json: values.json });
    }
    case 'digest': {
      const { digestCommand } = await import('./digest/command.js');
      return digestCommand({ date: values.date, lang, json: values.json, color });
    }
    default:
      throw new UsageError(`unknown command "${command}"`);
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    if (err instanceof UsageError || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`k8sbot: ${(err as Error).message}\n\n${USAGE}`);
      process.exitCode = 2;
      return;
    }
    process.stderr.write(`k8sbot: ${(err as Error).message}\n`);
    process.exitCode = 1;
  },
);
