/**
 * `k8sbot cluster [name] [-o text|json|markdown]`: the configured live clusters (K8SBOT_KUBECONFIG), read-only.
 * Exit codes follow `check`: 0 nothing breaks on the next minor, 2 something is deprecated there, 3 something
 * breaks, 1 a cluster could not be read or none is configured.
 */
import { parseArgs } from 'node:util';
import { Bot } from '../../bot/bot.js';
import type { Card } from '../../bot/cards.js';
import { createLogger } from '../../bot/logger.js';
import { cardToText } from '../../bot/render-text.js';
import { loadKnowledge } from '../../knowledge/load.js';
import type { ClusterReport } from '../../knowledge/upgrade/cluster.js';
import { ClusterConfigError, type ClusterEnv, clusterTargets } from './config.js';
import { ClusterService } from './service.js';

export const CLUSTER_USAGE = `Usage: k8sbot cluster [name] [-o text|json|markdown]

  Reads a configured cluster (K8SBOT_KUBECONFIG: a kubeconfig file or in-cluster; K8SBOT_CLUSTERS: the contexts),
  read-only: its version and end of life, the API versions it serves, objects last applied or managed with an
  apiVersion its next minor deprecates or removes, and the feature gates its API server reports. Without a name,
  every configured cluster.

Exit codes: 0 nothing breaks on the next minor · 2 something is deprecated there · 3 something breaks · 1 a cluster
could not be read, or none is configured.
`;

export interface ClusterCommandIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: ClusterEnv & { LOG_LEVEL?: string | undefined };
}

const processIo: ClusterCommandIo = {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  env: process.env,
};

function exitCodeOf(reports: ClusterReport[]): number {
  if (reports.some((r) => r.error)) return 1;
  const all = reports.flatMap((r) => [
    ...r.findings.map((f) => f.severity),
    ...r.servedApis.map((a) => a.severity),
    ...(r.gates?.findings.map((f) => f.severity) ?? []),
  ]);
  return all.includes('breaking') ? 3 : all.includes('deprecated') ? 2 : 0;
}

function markdown(card: Card): string {
  const [, ...body] = cardToText(card).split('\n\n');
  return `### ${card.title}\n\n${body.map((b) => b.replace(/^ {2}• /gm, '- ')).join('\n\n')}\n`;
}

export async function clusterCommand(argv: string[], io: ClusterCommandIo = processIo): Promise<number> {
  let values: { output: string; help: boolean };
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        output: { type: 'string', short: 'o', default: 'text' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (err) {
    io.stderr(`k8sbot cluster: ${(err as Error).message}\n\n${CLUSTER_USAGE}`);
    return 1;
  }
  if (values.help) {
    io.stdout(CLUSTER_USAGE);
    return 0;
  }
  if (!['text', 'json', 'markdown'].includes(values.output)) {
    io.stderr(`k8sbot cluster: -o must be text, json or markdown\n\n${CLUSTER_USAGE}`);
    return 1;
  }
  let targets: ReturnType<typeof clusterTargets>;
  try {
    targets = clusterTargets(io.env);
  } catch (err) {
    if (!(err instanceof ClusterConfigError)) throw err;
    io.stderr(`k8sbot cluster: ${err.message}\n`);
    return 1;
  }
  const corpus = loadKnowledge().corpus;
  const logger = createLogger(io.env.LOG_LEVEL ?? 'error');
  const clusters = new ClusterService({ targets, corpus: () => corpus, logger });
  const bot = new Bot({ corpus, clusters, clusterTimeoutMs: 10 * 60_000, logger });
  const first = await bot.respond(`cluster ${positionals.join(' ')}`);
  if (first.error) {
    io.stderr(`k8sbot cluster: ${first.error.message}\n`);
    return 1;
  }
  // In a terminal every cluster gets its whole card (chat shows a list with a button for each).
  const answers = first.clusters
    ? await Promise.all(first.clusters.map((r) => bot.respond(`cluster ${r.name}`)))
    : [first];
  const reports = answers.flatMap((a) => (a.cluster ? [a.cluster] : []));
  io.stdout(
    values.output === 'json'
      ? `${JSON.stringify(first.clusters ? reports : reports[0], null, 2)}\n`
      : answers
          .map((a) => (values.output === 'markdown' ? markdown(a.card) : `${cardToText(a.card)}\n`))
          .join('\n'),
  );
  return exitCodeOf(reports);
}
