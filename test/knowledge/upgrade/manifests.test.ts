import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../../knowledge/paths.js';
import { parseManifests } from '../../../knowledge/upgrade/manifests.js';

const fixture = (name: string) => ({
  name,
  text: readFileSync(join(projectRoot, 'test/fixtures/check', name), 'utf8'),
});

describe('reading manifests', () => {
  it('reads every document of helm template output, with its line and its chart template', () => {
    const parsed = parseManifests(fixture('helm-template.yaml'));
    expect(parsed.problems).toEqual([]);
    expect(parsed.objects.map((o) => [o.kind, o.name, o.line, o.helmSource])).toEqual([
      ['ServiceAccount', 'shop', 3, 'shop/templates/serviceaccount.yaml'],
      ['PodSecurityPolicy', 'shop-restricted', 9, 'shop/templates/psp.yaml'],
      ['Role', 'shop-psp', 22, 'shop/templates/role.yaml'],
      ['Deployment', 'shop', 33, 'shop/templates/deployment.yaml'],
      ['HorizontalPodAutoscaler', 'shop', 54, 'shop/templates/hpa.yaml'],
      ['CronJob', 'shop-report', 64, 'shop/templates/cronjob.yaml'],
      ['Ingress', 'shop', 81, 'shop/templates/ingress.yaml'],
    ]);
  });

  it('reads kubectl kustomize output (no separators before the first document, namespaces)', () => {
    const parsed = parseManifests(fixture('kustomize-build.yaml'));
    expect(parsed.objects.map((o) => `${o.kind} ${o.namespace ?? '-'}/${o.name}`)).toEqual([
      'Namespace -/payments',
      'Service payments/api',
      'Deployment payments/api',
      'PodDisruptionBudget payments/api',
      'FlowSchema -/payments-batch',
    ]);
  });

  it('reads each item of a List (JSON, as kubectl get -o json prints it) with the item index', () => {
    const parsed = parseManifests(fixture('list.json'));
    expect(parsed.objects.map((o) => [o.kind, o.name, o.item, o.line])).toEqual([
      ['DaemonSet', 'node-agent', 0, 5],
      ['DaemonSet', 'old-agent', 1, 20],
    ]);
  });

  it('reports a malformed document with its position and still reads the others', () => {
    const parsed = parseManifests(fixture('malformed.yaml'));
    expect(parsed.objects.map((o) => o.name)).toEqual(['first', 'after-the-broken-ones']);
    expect(parsed.problems).toEqual([
      expect.objectContaining({ document: 2, line: 13, column: 1, code: 'yaml' }),
      expect.objectContaining({
        document: 3,
        line: 18,
        column: 3,
        code: 'yaml',
        message: 'Map keys must be unique',
      }),
    ]);
    expect(parsed.documents).toBe(4);
  });

  it('says when a file is a chart template rather than helm template output', () => {
    const parsed = parseManifests(fixture('chart-source/templates/deployment.yaml'));
    expect(parsed.problems[0]).toMatchObject({ helmTemplate: true });
  });

  it('skips empty documents and YAML that holds no Kubernetes object', () => {
    const parsed = parseManifests({
      name: 'x',
      text: '---\n---\n# only a comment\n---\nreplicaCount: 3\nimage: { tag: v1 }\n---\n- a\n- b\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: { name: c }\n',
    });
    expect(parsed.objects.map((o) => o.name)).toEqual(['c']);
    expect(parsed.problems).toEqual([]);
    expect(parsed.skipped).toBeGreaterThanOrEqual(2);
  });

  it('refuses a document that expands aliases without limit (a YAML bomb), and reads the rest', () => {
    const levels = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 9; i++)
      levels.push(
        `${'abcdefghij'[i]}: &${'abcdefghij'[i]} [${Array(9)
          .fill(`*${'abcdefghij'[i - 1]}`)
          .join(',')}]`,
      );
    const bomb = `apiVersion: v1\nkind: ConfigMap\nmetadata: { name: bomb }\ndata:\n${levels.map((l) => `  ${l}`).join('\n')}\n`;
    const parsed = parseManifests({
      name: 'bomb.yaml',
      text: `${bomb}---\napiVersion: v1\nkind: ConfigMap\nmetadata: { name: fine }\n`,
    });
    expect(parsed.problems).toEqual([expect.objectContaining({ document: 1, code: 'aliases' })]);
    expect(parsed.objects.map((o) => o.name)).toEqual(['fine']);
  });

  it('keeps custom tags as plain values: nothing in the YAML is executed', () => {
    const parsed = parseManifests({
      name: 'x',
      text: 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: c }\ndata:\n  f: !!js/function "function () { process.exit(1) }"\n  u: !include https://example.invalid/x.yaml\n',
    });
    expect(parsed.objects).toHaveLength(1);
    const data = parsed.objects[0]?.value.data as Record<string, unknown> | undefined;
    expect(typeof data?.f).toBe('string');
  });

  it('locates keys inside an object (annotations, list items)', () => {
    const [obj] = parseManifests(fixture('helm-template.yaml')).objects.filter(
      (o) => o.kind === 'Deployment',
    );
    expect(
      obj?.locate([
        'spec',
        'template',
        'metadata',
        'annotations',
        'seccomp.security.alpha.kubernetes.io/pod',
      ]),
    ).toEqual({
      line: 45,
      column: 9,
    });
    expect(obj?.locate(['spec', 'template', 'spec', 'containers', 0])).toMatchObject({ line: 50 });
    expect(obj?.locate(['nope'])).toBeUndefined();
  });
});
