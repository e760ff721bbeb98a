/** README's ClusterRole for the cluster mode is exactly what the code lists (and what deploy/'s component must grant). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { projectRoot } from '../knowledge/paths.js';
import { clusterReaderRules } from '../knowledge/upgrade/cluster.js';
import { realCorpus } from './helpers.js';

describe('README: the RBAC of the cluster mode', () => {
  it('documents the ClusterRole with exactly the rules the cluster mode needs', () => {
    const readme = readFileSync(join(projectRoot, 'README.md'), 'utf8');
    const block = [...readme.matchAll(/```yaml\n([\s\S]*?)```/g)]
      .map((m) => m[1] ?? '')
      .find((b) => b.includes('name: k8sbot-cluster-reader'));
    expect(block).toBeDefined();
    const [role, binding] = parseAllDocuments(block ?? '').map((d) => d.toJS());
    expect(role.kind).toBe('ClusterRole');
    expect(role.rules).toEqual(clusterReaderRules(realCorpus()));
    expect(binding).toMatchObject({ kind: 'ClusterRoleBinding', roleRef: { name: 'k8sbot-cluster-reader' } });
    // Read-only: no verb that writes.
    for (const rule of role.rules as Array<{ verbs: string[] }>)
      expect(rule.verbs.every((v) => ['get', 'list', 'watch'].includes(v))).toBe(true);
  });
});
