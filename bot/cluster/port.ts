/**
 * The port through which the core reads live clusters (adapters/cluster implements it with
 * @kubernetes/client-node; the core never imports it). Read-only, and credentials never cross it.
 */
import type { ClusterSnapshot } from '../../knowledge/upgrade/cluster.js';

export interface ClusterSource {
  /** The configured clusters (kubeconfig context names, or the in-cluster name). */
  names(): string[];
  /** Reads a cluster now (or returns a snapshot a few seconds old); never rejects: failures are in `error`. */
  inspect(name: string): Promise<ClusterSnapshot>;
  /** The last snapshot of a cluster, if one was taken (for answers that cannot wait). */
  cached(name: string): ClusterSnapshot | undefined;
}
