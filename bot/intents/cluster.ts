/**
 * cluster [name]: a configured live cluster's card (version, end of life, what breaks on the next minor), or a list
 * of all of them. Answers from the last snapshot; `Bot.respond` first reads the cluster, bounded by a timeout.
 */
import { analyzeCluster, type ClusterReport } from '../../knowledge/upgrade/cluster.js';
import type { Answer } from '../answer.js';
import { text } from '../cards.js';
import { clusterCard, clusterListCard } from '../cluster/card.js';
import type { ClusterSource } from '../cluster/port.js';
import { BotError } from '../errors.js';
import type { ViewContext } from '../views/context.js';
import { intent } from './types.js';

/** The clusters a `cluster [name]` question is about (throws the BotError to answer with when there are none). */
export function clustersAsked(source: ClusterSource | undefined, name: string): string[] {
  const names = source?.names() ?? [];
  if (!source || names.length === 0) throw new BotError('CLUSTER_NOT_CONFIGURED');
  if (!name) return names;
  if (!names.includes(name)) throw new BotError('UNKNOWN_CLUSTER', { name, known: names.join(', ') });
  return [name];
}

/** The reports of the clusters that have a snapshot. */
export function clusterReports(source: ClusterSource, names: string[], ctx: ViewContext): ClusterReport[] {
  return names.flatMap((n) => {
    const snap = source.cached(n);
    return snap ? [analyzeCluster(ctx.corpus, snap, ctx.now)] : [];
  });
}

export const clusterIntent = intent<string>({
  id: 'cluster',
  match: (q) => (q.command?.name === 'cluster' ? q.command.rest.trim() : null),
  run(name, q, ctx): Answer {
    const names = clustersAsked(ctx.clusters, name);
    const source = ctx.clusters as ClusterSource;
    const reports = clusterReports(source, names, ctx);
    if (reports.length === 0) {
      for (const n of names) void source.inspect(n);
      return {
        query: q.text,
        kind: 'cluster',
        lang: ctx.lang,
        card: {
          title: ctx.lang === 'ja' ? 'クラスタを確認しています' : 'Reading the cluster',
          children: [
            text(
              ctx.lang === 'ja'
                ? 'まだ結果がありません。数秒後にもう一度聞いてください。'
                : 'No result yet: ask again in a few seconds.',
            ),
          ],
        },
      };
    }
    const [one] = reports;
    if (names.length === 1 && one)
      return { query: q.text, kind: 'cluster', lang: ctx.lang, cluster: one, card: clusterCard(one, ctx) };
    return {
      query: q.text,
      kind: 'cluster',
      lang: ctx.lang,
      clusters: reports,
      card: clusterListCard(reports, ctx),
    };
  },
});
