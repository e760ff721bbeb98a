/**
 * The configured clusters behind the core's ClusterSource port: reads each one on demand (one read at a time per
 * cluster, a result reused for `ttlMs`), keeps the last snapshot, and never rejects — an unreachable or
 * misconfigured cluster is a snapshot with an error. Logs name the cluster and the failure, never a credential.
 */
import type { ClusterSource } from '../../bot/cluster/port.js';
import type { Logger } from '../../bot/logger.js';
import type { Corpus } from '../../knowledge/load.js';
import { analyzeCluster, type ClusterReport, type ClusterSnapshot } from '../../knowledge/upgrade/cluster.js';
import { KubeClient } from './client.js';
import { ClusterConfigError, type ClusterEnv, type ClusterTarget, clusterTargets } from './config.js';
import { inspectCluster } from './inspect.js';

export interface ClusterServiceOptions {
  targets: ClusterTarget[];
  corpus: () => Corpus;
  logger: Logger;
  /** How long a snapshot is reused (default 60 s). */
  ttlMs?: number;
  requestTimeoutMs?: number;
  clock?: () => Date;
}

export class ClusterService implements ClusterSource {
  private readonly clients = new Map<string, KubeClient>();
  private readonly snapshots = new Map<string, { at: number; snap: ClusterSnapshot }>();
  private readonly inFlight = new Map<string, Promise<ClusterSnapshot>>();
  private readonly ttlMs: number;
  private readonly clock: () => Date;

  constructor(private readonly options: ClusterServiceOptions) {
    for (const t of options.targets)
      this.clients.set(t.name, new KubeClient(t.kubeConfig, options.requestTimeoutMs));
    this.ttlMs = options.ttlMs ?? 60_000;
    this.clock = options.clock ?? (() => new Date());
  }

  names(): string[] {
    return [...this.clients.keys()];
  }

  cached(name: string): ClusterSnapshot | undefined {
    return this.snapshots.get(name)?.snap;
  }

  inspect(name: string): Promise<ClusterSnapshot> {
    const client = this.clients.get(name);
    const now = this.clock();
    if (!client)
      return Promise.resolve({
        name,
        checkedAt: now.toISOString(),
        error: { code: 'config', message: `no cluster called ${name}` },
        served: [],
        servedKinds: [],
        objects: [],
        lists: [],
        gates: null,
      });
    const fresh = this.snapshots.get(name);
    if (fresh && now.getTime() - fresh.at < this.ttlMs) return Promise.resolve(fresh.snap);
    const running = this.inFlight.get(name);
    if (running) return running;
    const task = inspectCluster(name, client, this.options.corpus(), now)
      .then((snap) => {
        this.snapshots.set(name, { at: this.clock().getTime(), snap });
        if (snap.error)
          this.options.logger.warn({ cluster: name, error: snap.error }, 'cluster could not be read');
        for (const l of snap.lists)
          if (l.problem)
            this.options.logger.warn(
              { cluster: name, resource: l.resource, error: l.problem },
              'cluster list failed',
            );
        return snap;
      })
      .finally(() => this.inFlight.delete(name));
    this.inFlight.set(name, task);
    return task;
  }

  /** Reads every cluster (for the digest) and returns what each means for its next minor. */
  async reports(): Promise<ClusterReport[]> {
    const snaps = await Promise.all(this.names().map((n) => this.inspect(n)));
    return snaps.map((s) => analyzeCluster(this.options.corpus(), s, this.clock()));
  }

  /** The last reports without reading anything (a digest preview in chat cannot wait). */
  cachedReports(): ClusterReport[] {
    return this.names().flatMap((n) => {
      const s = this.cached(n);
      return s ? [analyzeCluster(this.options.corpus(), s, this.clock())] : [];
    });
  }
}

/** The cluster service for `serve`, or undefined when no cluster is configured (or the configuration is broken: logged). */
export function startClusters(
  env: ClusterEnv | undefined,
  corpus: () => Corpus,
  logger: Logger,
): ClusterService | undefined {
  if (!env?.K8SBOT_KUBECONFIG) return undefined;
  try {
    const targets = clusterTargets(env);
    logger.info({ clusters: targets.map((t) => t.name) }, 'cluster mode: read-only');
    return new ClusterService({ targets, corpus, logger: logger.child({ component: 'clusters' }) });
  } catch (err) {
    if (!(err instanceof ClusterConfigError)) throw err;
    logger.error(
      { problem: err.message },
      'cluster mode is off: the cluster configuration could not be read',
    );
    return undefined;
  }
}
