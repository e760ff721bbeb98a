/**
 * `k8sbot serve` / `npm start`: the store, every adapter that has credentials, the HTTP server when one runs in
 * HTTP mode, and the digest scheduler; or the terminal when no credentials are set.
 *
 * Any number of replicas may run on one PostgreSQL: HTTP modes keep no state, the scheduler claims each
 * (channel, week) in the database, and the Discord gateway connects only in the replica holding its lease.
 * The knowledge refreshes itself: a sync on a schedule (in a child process), the new corpus and index swapped in.
 * SIGTERM: stop claiming, close the HTTP server, wait (at most 10 s) for posts in flight, give up the lease,
 * then close the store.
 */
import type { Server } from 'node:http';
import { Bot } from '../bot/bot.js';
import { DigestService } from '../bot/digest/commands.js';
import { KnowledgeHolder } from '../bot/knowledge.js';
import { createLogger, type Logger } from '../bot/logger.js';
import type { Lang } from '../bot/messages.js';
import { knowledgePaths } from '../knowledge/data-dir.js';
import { loadKnowledge } from '../knowledge/load.js';
import { FeatureIndex } from '../knowledge/search.js';
import { startClusters } from './cluster/service.js';
import { type Config, ConfigError, loadConfig } from './config.js';
import { runRepl } from './console/repl.js';
import { type DigestMetrics, InMemoryDigestMetrics } from './digest/metrics.js';
import { DigestScheduler } from './digest/scheduler.js';
import { DiscordAdapter } from './discord/app.js';
import { DiscordDigestPoster } from './discord/poster.js';
import { createHttpServer, listen } from './http.js';
import { SingleOwner } from './leases/single-owner.js';
import { SlackAdapter } from './slack/app.js';
import { StoreInstallationStore } from './slack/installation-store.js';
import { SlackDigestPoster } from './slack/poster.js';
import { openStore } from './storage/open.js';
import type { Store } from './storage/port.js';
import { KnowledgeRefresher } from './sync/refresher.js';

/** Bound on the wait for posts in flight at shutdown. */
export const SHUTDOWN_DRAIN_MS = 10_000;
const PRUNE_EVERY_MS = 10 * 60_000;

export interface ServeOptions {
  lang?: Lang | undefined;
  env?: Record<string, string | undefined>;
}

export interface RunningBot {
  port: number | undefined;
  slack: SlackAdapter | undefined;
  discord: DiscordAdapter | undefined;
  scheduler: DigestScheduler;
  store: Store;
  metrics: DigestMetrics;
  gatewayLease: SingleOwner | undefined;
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
  const store = await openStore({ databaseUrl: config.databaseUrl, sqlitePath: config.dbPath }, logger);
  const clusters = startClusters(config.clusters, corpus, logger);
  const bot = new Bot({
    knowledge,
    defaultLang: lang ?? config.lang,
    logger,
    digest: new DigestService(corpus, store, clusters ? () => clusters.cachedReports() : undefined),
    // Thread context for follow-ups lives in the store, so any replica can answer the next message.
    threads: store,
    ...(clusters ? { clusters } : {}),
  });
  const refresher = new KnowledgeRefresher({
    holder: knowledge,
    paths,
    intervalMs: config.syncIntervalMs,
    staleAfterDays: config.staleAfterDays,
    env: config.syncEnv,
    logger: logger.child({ component: 'knowledge' }),
  });
  const slack = config.slack
    ? new SlackAdapter({
        bot,
        config: config.slack,
        logger,
        ...(config.slack.oauth ? { installationStore: new StoreInstallationStore(store) } : {}),
      })
    : undefined;
  const discord = config.discord ? new DiscordAdapter({ bot, config: config.discord, logger }) : undefined;
  await slack?.start();
  if (slack?.teamId) {
    const adopted = await store.adoptLegacyWorkspace('slack', slack.teamId);
    if (adopted > 0)
      logger.info({ team: slack.teamId, subscriptions: adopted }, 'older subscriptions keyed by workspace');
  }
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

  const gatewayLease = discord?.hasGateway
    ? new SingleOwner({
        store,
        name: 'discord-gateway',
        logger,
        onAcquire: () => discord.connectGateway(),
        onLose: () => discord.disconnectGateway(),
      })
    : undefined;
  await gatewayLease?.start();

  const metrics = new InMemoryDigestMetrics();
  const scheduler = new DigestScheduler({
    store,
    corpus,
    logger,
    metrics,
    ...(clusters ? { clusters: () => clusters.reports() } : {}),
    posters: {
      ...(slack
        ? {
            slack: new SlackDigestPoster({
              tokenFor: (workspace) => slack.tokenFor(workspace),
              apiUrl: config.slack?.apiUrl,
              logger,
            }),
          }
        : {}),
      ...(config.discord?.token
        ? { discord: new DiscordDigestPoster({ token: config.discord.token, apiUrl: config.discord.apiUrl }) }
        : {}),
    },
  });
  scheduler.start();
  refresher.start();
  const prune = setInterval(() => {
    store
      .pruneThreadContexts(new Date())
      .catch((err: unknown) => logger.warn({ err }, 'pruning thread context failed'));
  }, PRUNE_EVERY_MS);
  prune.unref();

  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      scheduler.stop();
      clearInterval(prune);
      await refresher.stop();
      const closed = new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
      server?.closeIdleConnections();
      if (!(await scheduler.drain(SHUTDOWN_DRAIN_MS))) {
        logger.error(
          { waitedMs: SHUTDOWN_DRAIN_MS },
          'digest posts still in flight at shutdown; another replica checks them before any re-send',
        );
      }
      server?.closeAllConnections();
      await closed;
      await gatewayLease?.stop();
      await slack?.stop();
      await discord?.stop();
      await store.close();
      logger.info('stopped');
    })();
    return stopping;
  };
  return { port, slack, discord, scheduler, store, metrics, gatewayLease, knowledge, refresher, stop };
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
