/**
 * `k8sbot serve` / `npm start`: the store, every adapter that has credentials, the HTTP server (always: platform
 * endpoints when a platform runs over HTTP, and /livez /readyz /healthz /metrics in every mode), and the digest
 * scheduler; or the terminal when no credentials are set and stdin is a terminal.
 *
 * Any number of replicas may run on one PostgreSQL: HTTP modes keep no state, the scheduler claims each
 * (channel, week) in the database, and the Discord gateway connects only in the replica holding its lease.
 * The knowledge refreshes itself: a sync on a schedule (in a child process), the new corpus and index swapped in.
 *
 * Start-up never waits on a platform: only the SDKs the configuration needs are loaded, each platform's start
 * (Slack's auth.test, Socket Mode) is retried in the background, and /readyz says what is not up yet.
 * SIGTERM: not ready at once, stop claiming, stop accepting connections, let requests and posts in flight finish
 * (at most 10 s in all), give up the lease, then close the store.
 */
import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { Bot } from '../bot/bot.js';
import { DigestService } from '../bot/digest/commands.js';
import { KnowledgeHolder } from '../bot/knowledge.js';
import { createLogger, type Logger } from '../bot/logger.js';
import type { Lang } from '../bot/messages.js';
import { knowledgePaths } from '../knowledge/data-dir.js';
import { loadKnowledge } from '../knowledge/load.js';
import { projectRoot } from '../knowledge/paths.js';
import { precomputeInBackground } from '../knowledge/precompute.js';
import { FeatureIndex } from '../knowledge/search.js';
import { type Config, ConfigError, loadConfig } from './config.js';
import type { DigestPoster } from './digest/poster.js';
import { DigestScheduler } from './digest/scheduler.js';
import type { DiscordAdapter } from './discord/app.js';
import { StoreEventDeduper } from './edge/dedupe.js';
import { SHUTDOWN_DEADLINE_MS } from './edge/limits.js';
import { installSafetyNet } from './edge/safety-net.js';
import { StartSupervisor } from './edge/supervise.js';
import { closeGracefully, createHttpServer, listen } from './http.js';
import { SingleOwner } from './leases/single-owner.js';
import { PrometheusMetrics } from './observe/metrics.js';
import { Readiness } from './observe/readiness.js';
import { StoreProbe } from './observe/store-probe.js';
import type { SlackAdapter } from './slack/app.js';
import { instrumentStore } from './storage/instrumented.js';
import { openStore } from './storage/open.js';
import type { Store } from './storage/port.js';
import { KnowledgeRefresher } from './sync/refresher.js';

/** Bound on the whole shutdown (requests and posts in flight included). */
export const SHUTDOWN_DRAIN_MS = SHUTDOWN_DEADLINE_MS;
const PRUNE_EVERY_MS = 10 * 60_000;

export interface ServeOptions {
  lang?: Lang | undefined;
  env?: Record<string, string | undefined>;
}

export interface RunningBot {
  port: number;
  server: Server;
  slack: SlackAdapter | undefined;
  discord: DiscordAdapter | undefined;
  scheduler: DigestScheduler;
  store: Store;
  metrics: PrometheusMetrics;
  readiness: Readiness;
  gatewayLease: SingleOwner | undefined;
  knowledge: KnowledgeHolder;
  refresher: KnowledgeRefresher;
  /** Resolves once every platform has started (it may retry for a while). */
  started: Promise<void>;
  stop(): Promise<void>;
}

function packageVersion(): string {
  try {
    return (JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as { version: string })
      .version;
  } catch {
    return 'unknown';
  }
}

/** Resolves with `work`, or after `ms` with undefined (the work goes on, unobserved). */
async function within<T>(ms: number, work: Promise<T>): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), Math.max(0, ms));
  });
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}

export interface StartOptions {
  /** How often the readiness probe writes to the store, and how long it waits (default 5 s and 2 s). */
  probe?: { intervalMs?: number; timeoutMs?: number };
}

/** Starts the store, the configured adapters and the HTTP server; resolves once it listens. */
export async function startBot(
  config: Config,
  logger: Logger,
  lang?: Lang,
  options: StartOptions = {},
): Promise<RunningBot> {
  const metrics = new PrometheusMetrics({ version: packageVersion() });
  const readiness = new Readiness();
  const replica = `${hostname()}-${process.pid}`;
  // The SDKs load while the knowledge loads; a platform that is not configured is never loaded.
  const slackModule = config.slack ? import('./slack/app.js') : undefined;
  const discordModule = config.discord?.gateway ? import('./discord/app.js') : undefined;
  const discordHttpModule =
    config.discord?.http && !config.discord.gateway ? import('./discord/http-endpoint.js') : undefined;

  const paths = knowledgePaths(config.dataDir);
  const loaded = loadKnowledge(paths);
  if (loaded.problem)
    logger.error({ problem: loaded.problem }, 'answering from the baseline knowledge instead');
  const storeOpening = openStore({ databaseUrl: config.databaseUrl, sqlitePath: config.dbPath }, logger);
  storeOpening.catch(() => {});
  const knowledge = new KnowledgeHolder({
    corpus: loaded.corpus,
    index: await FeatureIndex.build(loaded.corpus, loaded.corpus.glossary, 25),
    bundle: loaded.bundleDir,
    lastSyncAt: null,
  });
  const corpus = () => knowledge.current.corpus;
  readiness.add('knowledge', () =>
    knowledge.current.corpus.features.length > 0
      ? { ok: true }
      : { ok: false, detail: 'the knowledge is not loaded' },
  );
  const store = instrumentStore(await storeOpening, (operation) => metrics.storageError(operation));
  // @kubernetes/client-node is large: it is loaded only when clusters are configured.
  const clusters = config.clusters
    ? (await import('./cluster/service.js')).startClusters(config.clusters, corpus, logger)
    : undefined;
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
    onSync: (ok) => metrics.syncResult(ok),
  });
  metrics.watchKnowledge(() => refresher.status());

  let slack: SlackAdapter | undefined;
  if (config.slack && slackModule) {
    const { SlackAdapter } = await slackModule;
    const { StoreInstallationStore } = await import('./slack/installation-store.js');
    slack = new SlackAdapter({
      bot,
      config: config.slack,
      logger,
      metrics,
      deduper: new StoreEventDeduper(store, logger),
      ...(config.slack.oauth ? { installationStore: new StoreInstallationStore(store) } : {}),
    });
  }
  let discord: DiscordAdapter | undefined;
  if (config.discord && discordModule) {
    const { DiscordAdapter } = await discordModule;
    discord = new DiscordAdapter({ bot, config: config.discord, logger, metrics });
  }
  const discordHttp =
    discord?.requestListener ??
    (config.discord?.publicKey && discordHttpModule
      ? (await discordHttpModule).discordHttpListener({
          publicKey: config.discord.publicKey,
          bot: (await import('./observe/metered-bot.js')).meteredBot(bot, metrics, 'discord'),
          logger: logger.child({ adapter: 'discord' }),
        })
      : undefined);
  const discordModes = config.discord
    ? [config.discord.gateway ? 'gateway' : undefined, discordHttp ? 'http' : undefined].filter(Boolean)
    : null;

  let stopping = false;
  readiness.add('shutdown', () => (stopping ? { ok: false, detail: 'shutting down' } : { ok: true }));
  const probe = new StoreProbe({ ping: () => store.ping(replica, new Date()), logger, ...options.probe });
  readiness.add('store', () => probe.check());
  metrics.watchReadiness(() => readiness.report());

  const server = createHttpServer({
    slack: slack?.requestListener,
    discord: discordHttp,
    logger,
    metrics,
    readiness: () => readiness.report(),
    health: () => ({
      slack: config.slack?.mode ?? null,
      discord: discordModes,
      data: dataHealth(refresher),
    }),
  });
  const port = await listen(server, config.port);
  logger.info({ port }, 'http server listening');

  const supervisors: StartSupervisor[] = [];
  if (slack) {
    const adapter = slack;
    const supervisor = new StartSupervisor({
      name: 'slack',
      logger,
      start: async () => {
        await adapter.start();
        if (adapter.teamId) {
          const adopted = await store.adoptLegacyWorkspace('slack', adapter.teamId);
          if (adopted > 0)
            logger.info(
              { team: adapter.teamId, subscriptions: adopted },
              'older subscriptions keyed by workspace',
            );
        }
      },
    });
    supervisors.push(supervisor);
    readiness.add('slack', () => {
      const started = supervisor.check();
      return started.ok ? adapter.status() : started;
    });
  }
  const gatewayDiscord = discord?.hasGateway ? discord : undefined;
  const gatewayLease = gatewayDiscord
    ? new SingleOwner({
        store,
        name: 'discord-gateway',
        logger,
        onAcquire: () => gatewayDiscord.connectGateway(),
        onLose: () => gatewayDiscord.disconnectGateway(),
        onStandby: () => gatewayDiscord.standby(),
      })
    : undefined;
  if (gatewayDiscord) readiness.add('discord', () => gatewayDiscord.status());
  await discord?.start();

  const scheduler = new DigestScheduler({
    store,
    corpus,
    logger,
    metrics,
    ...(clusters ? { clusters: () => clusters.reports() } : {}),
    posters: await digestPosters(config, slack, logger),
  });
  const started = Promise.all([
    ...supervisors.map((s) => s.run().then(() => s.untilSettled())),
    gatewayLease?.start(),
    probe.start(),
  ]).then(() => undefined);
  scheduler.start();
  refresher.start();
  // Release changes and upgrade ranges are worked out while the platforms connect and beside the first requests,
  // not inside them (a question asked meanwhile computes what it needs).
  void precomputeInBackground(knowledge.current.corpus).catch((err: unknown) =>
    logger.warn({ err }, 'precomputing answers failed; they are computed on first use'),
  );
  const prune = setInterval(() => {
    const now = new Date();
    store
      .pruneThreadContexts(now)
      .catch((err: unknown) => logger.warn({ err }, 'pruning thread context failed'));
    store
      .pruneEventReceipts(now)
      .catch((err: unknown) => logger.warn({ err }, 'pruning event receipts failed'));
  }, PRUNE_EVERY_MS);
  prune.unref();

  let stopped: Promise<void> | undefined;
  const stop = () => {
    stopped ??= (async () => {
      const deadline = Date.now() + SHUTDOWN_DEADLINE_MS;
      const left = () => deadline - Date.now();
      stopping = true;
      scheduler.stop();
      clearInterval(prune);
      probe.stop();
      for (const s of supervisors) s.stop();
      const [http, drained] = await Promise.all([
        closeGracefully(server, left()),
        scheduler.drain(left()),
        refresher.stop(),
      ]);
      if (http.forced) logger.warn('requests still in flight at the shutdown deadline were cut off');
      if (!drained) {
        logger.error(
          { waitedMs: SHUTDOWN_DEADLINE_MS },
          'digest posts still in flight at shutdown; another replica checks them before any re-send',
        );
      }
      await within(left(), gatewayLease?.stop() ?? Promise.resolve());
      await within(left(), Promise.all([slack?.stop(), discord?.stop()]));
      await within(Math.max(left(), 1_000), store.close());
      logger.info('stopped');
    })();
    return stopped;
  };
  return {
    port,
    server,
    slack,
    discord,
    scheduler,
    store,
    metrics,
    readiness,
    gatewayLease,
    knowledge,
    refresher,
    started,
    stop,
  };
}

async function digestPosters(
  config: Config,
  slack: SlackAdapter | undefined,
  logger: Logger,
): Promise<Partial<Record<'slack' | 'discord', DigestPoster>>> {
  const posters: Partial<Record<'slack' | 'discord', DigestPoster>> = {};
  if (slack) {
    const { SlackDigestPoster } = await import('./slack/poster.js');
    posters.slack = new SlackDigestPoster({
      tokenFor: (workspace) => slack.tokenFor(workspace),
      apiUrl: config.slack?.apiUrl,
      logger,
    });
  }
  if (config.discord?.token) {
    const { DiscordDigestPoster } = await import('./discord/poster.js');
    posters.discord = new DiscordDigestPoster({ token: config.discord.token, apiUrl: config.discord.apiUrl });
  }
  return posters;
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

/** Why `serve` refuses to start with nothing to serve (a pod whose Secret did not mount, say). */
export const NOTHING_TO_SERVE =
  'nothing to serve: no Slack or Discord credentials are set (SLACK_BOT_TOKEN, SLACK_CLIENT_ID, DISCORD_TOKEN or ' +
  'DISCORD_PUBLIC_KEY) and stdin is not a terminal, so there is no one to talk to either. Set the credentials, ' +
  'run it in a terminal for an interactive session, or use `k8sbot ask` to answer questions from stdin.';

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
    if (!process.stdin.isTTY) {
      process.stderr.write(`k8sbot serve: ${NOTHING_TO_SERVE}\n`);
      return 1;
    }
    const { runRepl } = await import('./console/repl.js');
    const bot = new Bot({ defaultLang: options.lang ?? config.lang, logger });
    await runRepl(bot, options.lang ? { lang: options.lang } : {});
    return 0;
  }
  let count: (kind: 'unhandled_rejection' | 'uncaught_exception') => void = () => {};
  installSafetyNet(logger, (kind) => count(kind));
  let running: RunningBot;
  try {
    running = await startBot(config, logger, options.lang);
  } catch (err) {
    logger.error({ err }, 'could not start');
    return 1;
  }
  count = (kind) => running.metrics.processError(kind);
  await new Promise<void>((resolve) => {
    const shutdown = (signal: string) => {
      logger.info({ signal }, 'shutting down');
      // Whatever still holds the event loop open after the deadline does not keep the process alive.
      setTimeout(() => {
        logger.error('shutdown did not finish in time; exiting');
        process.exit(process.exitCode ?? 0);
      }, SHUTDOWN_DEADLINE_MS + 2_000).unref();
      void running.stop().then(resolve);
    };
    process.once('SIGTERM', () => shutdown('SIGTERM'));
    process.once('SIGINT', () => shutdown('SIGINT'));
  });
  return 0;
}
