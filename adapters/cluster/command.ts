/** `k8sbot cluster [name]` (being written). */
export function clusterCommand(_argv: string[]): number {
  return 1;
}
