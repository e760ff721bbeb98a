/**
 * The Prometheus metrics of one `serve` process (prom-client, its own registry), served at GET /metrics:
 *
 *   k8sbot_questions_total{platform,intent,outcome}        questions answered, by what was asked and how it went
 *   k8sbot_answer_duration_seconds{platform}                time the core took to answer (histogram)
 *   k8sbot_ack_duration_seconds{platform}                   time until the platform got its acknowledgement
 *   k8sbot_digest_posts_total{platform,result}              digest delivery results (adapters/digest/metrics.ts)
 *   k8sbot_knowledge_data_age_seconds                       now − the data's as-of date
 *   k8sbot_knowledge_last_sync_success_timestamp_seconds    last successful sync (0: never)
 *   k8sbot_knowledge_stale                                  1 while cards call the data out of date
 *   k8sbot_knowledge_syncs_total{result}                    scheduled syncs: success / failure
 *   k8sbot_storage_errors_total{operation}                  store calls that failed
 *   k8sbot_http_requests_total{route,status}                requests by route and status (413, 405, 401 …)
 *   k8sbot_process_errors_total{kind}                       unhandled rejections / uncaught exceptions survived
 *   k8sbot_ready, k8sbot_readiness_check{check}             what /readyz says
 *   k8sbot_build_info{version,node}                         always 1
 *   process_*, nodejs_*                                     prom-client's default process metrics
 */
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { Answer } from '../../bot/answer.js';
import type { Platform } from '../../bot/digest/store.js';
import { DigestCounter, type DigestMetrics } from '../digest/metrics.js';
import type { AdapterMetrics, MetricPlatform } from './adapter-metrics.js';
import { questionLabels } from './adapter-metrics.js';

/** What the knowledge gauges read at scrape time (the refresher's status). */
export interface KnowledgeStatus {
  dataAsOf: string;
  lastSyncAt: string | null;
  stale: boolean;
}

/** What the readiness gauges read at scrape time. */
export interface ReadinessStatus {
  ready: boolean;
  checks: Record<string, { ok: boolean }>;
}

export type ProcessErrorKind = 'unhandled_rejection' | 'uncaught_exception';

export interface PrometheusMetricsOptions {
  /** prom-client's process metrics (default true). */
  processMetrics?: boolean;
  clock?: () => Date;
  version?: string;
}

const ANSWER_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];
const ACK_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5];

export class PrometheusMetrics implements AdapterMetrics, DigestMetrics {
  readonly registry = new Registry();
  private readonly questions: Counter<'platform' | 'intent' | 'outcome'>;
  private readonly answerSeconds: Histogram<'platform'>;
  private readonly ackSeconds: Histogram<'platform'>;
  private readonly digestPosts: Counter<'platform' | 'result'>;
  private readonly syncs: Counter<'result'>;
  private readonly storageErrors: Counter<'operation'>;
  private readonly httpRequests: Counter<'route' | 'status'>;
  private readonly processErrors: Counter<'kind'>;
  private knowledge: (() => KnowledgeStatus) | undefined;
  private readiness: (() => ReadinessStatus) | undefined;
  private readonly clock: () => Date;

  constructor(options: PrometheusMetricsOptions = {}) {
    const registers = [this.registry];
    this.clock = options.clock ?? (() => new Date());
    if (options.processMetrics ?? true) collectDefaultMetrics({ register: this.registry });
    this.questions = new Counter({
      name: 'k8sbot_questions_total',
      help: 'Questions answered, by platform, intent (what was asked) and outcome.',
      labelNames: ['platform', 'intent', 'outcome'],
      registers,
    });
    this.answerSeconds = new Histogram({
      name: 'k8sbot_answer_duration_seconds',
      help: 'Time the core took to answer a question.',
      labelNames: ['platform'],
      buckets: ANSWER_BUCKETS,
      registers,
    });
    this.ackSeconds = new Histogram({
      name: 'k8sbot_ack_duration_seconds',
      help: 'Time from receiving a platform request until it was acknowledged (Slack and Discord want 3 s at most).',
      labelNames: ['platform'],
      buckets: ACK_BUCKETS,
      registers,
    });
    this.digestPosts = new Counter({
      name: 'k8sbot_digest_posts_total',
      help: `Digest delivery results: ${DigestCounter.options.join(', ')}. Alert on unknown and failed.`,
      labelNames: ['platform', 'result'],
      registers,
    });
    this.syncs = new Counter({
      name: 'k8sbot_knowledge_syncs_total',
      help: 'Scheduled knowledge syncs, by result.',
      labelNames: ['result'],
      registers,
    });
    this.storageErrors = new Counter({
      name: 'k8sbot_storage_errors_total',
      help: 'Store operations that failed, by operation.',
      labelNames: ['operation'],
      registers,
    });
    this.httpRequests = new Counter({
      name: 'k8sbot_http_requests_total',
      help: 'HTTP requests by route and status.',
      labelNames: ['route', 'status'],
      registers,
    });
    this.processErrors = new Counter({
      name: 'k8sbot_process_errors_total',
      help: 'Unhandled promise rejections and uncaught exceptions caught by the safety net (the process kept serving).',
      labelNames: ['kind'],
      registers,
    });
    const self = this;
    new Gauge({
      name: 'k8sbot_knowledge_data_age_seconds',
      help: "Seconds since the knowledge data's as-of date (the newest upstream commit it was built from).",
      registers,
      collect() {
        const k = self.knowledge?.();
        if (k) this.set(Math.max(0, (self.clock().getTime() - Date.parse(k.dataAsOf)) / 1000));
      },
    });
    new Gauge({
      name: 'k8sbot_knowledge_last_sync_success_timestamp_seconds',
      help: 'Unix time of the last successful knowledge sync (0: never).',
      registers,
      collect() {
        const k = self.knowledge?.();
        if (k) this.set(k.lastSyncAt ? Date.parse(k.lastSyncAt) / 1000 : 0);
      },
    });
    new Gauge({
      name: 'k8sbot_knowledge_stale',
      help: '1 while the data counts as out of date (cards say so).',
      registers,
      collect() {
        const k = self.knowledge?.();
        if (k) this.set(k.stale ? 1 : 0);
      },
    });
    new Gauge({
      name: 'k8sbot_ready',
      help: '1 while /readyz answers 200.',
      registers,
      collect() {
        const r = self.readiness?.();
        if (r) this.set(r.ready ? 1 : 0);
      },
    });
    new Gauge({
      name: 'k8sbot_readiness_check',
      help: 'Each readiness check: 1 passing, 0 failing.',
      labelNames: ['check'],
      registers,
      collect() {
        const r = self.readiness?.();
        if (!r) return;
        this.reset();
        for (const [check, c] of Object.entries(r.checks)) this.set({ check }, c.ok ? 1 : 0);
      },
    });
    new Gauge({
      name: 'k8sbot_build_info',
      help: 'The running version and Node.js.',
      labelNames: ['version', 'node'],
      registers,
    }).set({ version: options.version ?? 'unknown', node: process.versions.node }, 1);
  }

  question(platform: MetricPlatform, answer: Answer, seconds: number): void {
    this.questions.inc({ platform, ...questionLabels(answer) });
    this.answerSeconds.observe({ platform }, seconds);
  }

  ack(platform: MetricPlatform, seconds: number): void {
    this.ackSeconds.observe({ platform }, seconds);
  }

  increment(counter: DigestCounter, platform: Platform): void {
    this.digestPosts.inc({ platform, result: counter });
  }

  syncResult(ok: boolean): void {
    this.syncs.inc({ result: ok ? 'success' : 'failure' });
  }

  storageError(operation: string): void {
    this.storageErrors.inc({ operation });
  }

  httpRequest(route: string, status: number): void {
    this.httpRequests.inc({ route, status: String(status) });
  }

  processError(kind: ProcessErrorKind): void {
    this.processErrors.inc({ kind });
  }

  watchKnowledge(status: () => KnowledgeStatus): void {
    this.knowledge = status;
  }

  watchReadiness(status: () => ReadinessStatus): void {
    this.readiness = status;
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  render(): Promise<string> {
    return this.registry.metrics();
  }
}
