/**
 * Which clusters the bot reads: K8SBOT_KUBECONFIG (a kubeconfig file, or `in-cluster` for the pod's service
 * account), K8SBOT_CLUSTERS (the context names to use; default every context in the file) and
 * K8SBOT_CLUSTER_NAME (the name of the in-cluster cluster; default "in-cluster"). Credentials stay inside the
 * KubeConfig objects: they are never logged, shown or copied into a snapshot.
 */
import { KubeConfig } from '@kubernetes/client-node';

export interface ClusterTarget {
  name: string;
  kubeConfig: KubeConfig;
}

export class ClusterConfigError extends Error {}

export interface ClusterEnv {
  K8SBOT_KUBECONFIG?: string | undefined;
  K8SBOT_CLUSTERS?: string | undefined;
  K8SBOT_CLUSTER_NAME?: string | undefined;
  /** Set by Kubernetes in every pod: where the in-cluster API server is. */
  KUBERNETES_SERVICE_HOST?: string | undefined;
}

/** The configured clusters, or [] when K8SBOT_KUBECONFIG is not set. Throws ClusterConfigError with a reason. */
export function clusterTargets(env: ClusterEnv = process.env): ClusterTarget[] {
  const source = env.K8SBOT_KUBECONFIG?.trim();
  if (!source) return [];
  if (source === 'in-cluster') {
    if (!env.KUBERNETES_SERVICE_HOST)
      throw new ClusterConfigError(
        'K8SBOT_KUBECONFIG=in-cluster, but KUBERNETES_SERVICE_HOST is not set: not running in a pod',
      );
    const kc = new KubeConfig();
    try {
      kc.loadFromCluster();
    } catch (err) {
      throw new ClusterConfigError(`in-cluster configuration: ${(err as Error).message}`);
    }
    return [{ name: env.K8SBOT_CLUSTER_NAME?.trim() || 'in-cluster', kubeConfig: kc }];
  }
  const file = new KubeConfig();
  try {
    file.loadFromFile(source);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new ClusterConfigError(`K8SBOT_KUBECONFIG ${source} could not be read${code ? ` (${code})` : ''}`);
  }
  const known = file.getContexts().map((c) => c.name);
  const wanted =
    env.K8SBOT_CLUSTERS?.split(',')
      .map((s) => s.trim())
      .filter(Boolean) ?? known;
  const missing = wanted.filter((n) => !known.includes(n));
  if (missing.length > 0)
    throw new ClusterConfigError(
      `K8SBOT_CLUSTERS names contexts the kubeconfig does not have: ${missing.join(', ')}`,
    );
  return wanted.map((name) => {
    const kc = new KubeConfig();
    kc.loadFromOptions({
      clusters: file.getClusters(),
      users: file.getUsers(),
      contexts: file.getContexts(),
      currentContext: name,
    });
    return { name, kubeConfig: kc };
  });
}
