/**
 * `k8sbot serve` / `npm start`: every adapter that has credentials, the HTTP server when one runs in HTTP
 * mode, and the digest scheduler; or the terminal when no credentials are set. SIGTERM shuts down cleanly.
 */
import type { Server } from 'node:http';
import { Bot } from '../bot/bot.js';
import { DigestService } from '../bot/digest/commands.js';
import { DigestScheduler } from '../bot/digest/scheduler.js';
import { DigestStore } from '../bot/digest/store.js';
import { KnowledgeHolder } from '../bot/knowledge.js';
import { createLogger, type Logger } from '../bot/logger.js';
import type { Lang } from '../bot/messages.js';
import { knowledgePaths } from '../knowledge/data-dir.js';
import { loadKnowledge } from '../knowledge/load.js';
import { FeatureIndex } from '../knowledge/search.js';
import { type Config, ConfigError, loadConfig } from './config.js';
import { runRepl } from './console/repl.js';
import { DiscordAdapter } from './discord/app.js';
import { createHttpServer, listen } from './http.js';
import { SlackAdapter } from './slack/app.js';
import { KnowledgeRefresher } from './sync/refresher.js';

export interface ServeOptions {
  lang?: Lang | undefined;
  env?: Record<string, string | undefined>;
}

export interface RunningBot {
  port: number | undefined;
  slack: SlackAdapter | undefined;
  discord: DiscordAdapter | undefined;
  scheduler: DigestScheduler;
  store: DigestStore;
  knowledge: KnowledgeHolder;
  refresher: KnowledgeRefresher;
  stop(): Promise<void>;
}

/** Starts the configured adapters; resolves once everything listens. */
export async function startBot(config: Config, logger: Logger, lang?: Lang): Promise<RunningBot> {
  const paths = knowledgePaths(config.dataDir);
  const loaded = loadKnowledge(paths);
  if (loaded.problem)
    logger.error({ problem: loaded.problem }, 'answering from the baseline knowledge instead');
  const knowledge = new KnowledgeHolder({
    corpus: loaded.corpus,
    index: new FeatureIndex(loaded.corpus, loaded.corpus.glossary),
    bundle: loaded.bundleDir,
    lastSyncAt: null,
  });
  const corpus = () => knowledge.current.corpus;
  const store = new DigestStore(config.dbPath);
  const bot = new Bot({
    knowledge,
    defaultLang: lang ?? config.lang,
    logger,
    digest: new DigestService(corpus, store),
  });
  const refresher = new KnowledgeRefresher({
    holder: knowledge,
    paths,
    intervalMs: config.syncIntervalMs,
    staleAfterDays: config.staleAfterDays,
    env: config.syncEnv,
    logger: logger.child({ component: 'knowledge' }),
  });
  const slack = config.slack ? new SlackAdapter({ bot, config: config.slack, logger }) : undefined;
  const discord = config.discord ? new DiscordAdapter({ bot, config: config.discord, logger }) : undefined;
  await slack?.start();
  await discord?.start();

  let server: Server | undefined;
  let port: number | undefined;
  if (slack?.requestListener || discord?.requestListener) {
    server = createHttpServer({
      slack: slack?.requestListener,
      discord: discord?.requestListener,
      logger,
      health: () => ({
        slack: config.slack?.mode ?? null,
        discord: discord ? discord.modes() : null,
        data: dataHealth(refresher),
      }),
    });
    port = await listen(server, config.port);
    logger.info({ port }, 'http server listening');
  }

  const scheduler = new DigestScheduler({ store, corpus, logger, posters: { slack, discord } });
  scheduler.start();
  refresher.start();

  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      scheduler.stop();
      await refresher.stop();
      await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
      server?.closeAllConnections();
      await slack?.stop();
      await discord?.stop();
      store.close();
      logger.info('stopped');
    })();
    return stopping;
  };
  return { port, slack, discord, scheduler, store, knowledge, refresher, stop };
}

/** What /healthz says about the data: its date, the sync, and whether cards warn that it is old. */
function dataHealth(refresher: KnowledgeRefresher) {
  const s = refresher.status();
  return {
    asOf: s.dataAsOf,
    stale: s.stale,
    ...(s.overdueRelease ? { overdueRelease: s.overdueRelease } : {}),
    bundle: s.bundle ? (s.bundle.split(/[\\/]/).at(-1) ?? null) : 'baseline',
    sync: s.syncEnabled ? 'on' : 'off',
    lastSyncAt: s.lastSyncAt,
    ...(s.lastError ? { lastSyncError: s.lastError.message } : {}),
  };
}

export async function serve(options: ServeOptions = {}): Promise<number> {
  let config: Config;
  try {
    config = loadConfig(options.env ?? process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`k8sbot: ${err.message}\n`);
      return 1;
    }
    throw err;
  }
  const logger = createLogger(config.logLevel);
  if (!config.slack && !config.discord) {
    const bot = new Bot({ defaultLang: options.lang ?? config.lang, logger });
    await runRepl(bot, options.lang ? { lang: options.lang } : {});
    return 0;
  }
  const running = await startBot(config, logger, options.lang);
  await new Promise<void>((resolve) => {
    const shutdown = (signal: string) => {
      logger.info({ signal }, 'shutting down');
      void running.stop().then(resolve);
    };
    process.once('SIGTERM', () => shutdown('SIGTERM'));
    process.once('SIGINT', () => shutdown('SIGINT'));
  });
  return 0;
}
