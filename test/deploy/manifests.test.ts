/**
 * Every Kustomize overlay in deploy/ rendered with `kubectl kustomize`, every object validated against the
 * Kubernetes schemas (kubernetes-models; the ServiceMonitor against prometheus-operator's), and what a platform
 * team checks before installing: restrictive security contexts, probes, resources, no secret values, read-only
 * RBAC.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { projectRoot } from '../../knowledge/paths.js';

type K8sObject = {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
} & Record<
  string,
  // biome-ignore lint/suspicious/noExplicitAny: rendered manifests are checked field by field below
  any
>;

const DEPLOY = join(projectRoot, 'deploy');
const work = mkdtempSync(join(tmpdir(), 'k8sbot-kustomize-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function render(dir: string): K8sObject[] {
  const out = execFileSync('kubectl', ['kustomize', dir], { encoding: 'utf8' });
  return parseAllDocuments(out).map((d) => d.toJSON() as K8sObject);
}

/** An overlay of the user's own: one of ours plus optional components, as the README shows. */
function composed(name: string, overlay: string, components: string[]): string {
  const dir = join(work, name);
  mkdirSync(dir);
  const rel = (p: string) => relative(dir, join(DEPLOY, p));
  writeFileSync(
    join(dir, 'kustomization.yaml'),
    [
      'apiVersion: kustomize.config.k8s.io/v1beta1',
      'kind: Kustomization',
      'namespace: k8s-feature-bot',
      'resources:',
      `  - ${rel(overlay)}`,
      'components:',
      ...components.map((c) => `  - ${rel(c)}`),
    ].join('\n'),
  );
  return dir;
}

const RENDERS: Record<string, () => string> = {
  'overlays/socket-mode': () => join(DEPLOY, 'overlays/socket-mode'),
  'overlays/http': () => join(DEPLOY, 'overlays/http'),
  'jobs/discord-register': () => join(DEPLOY, 'jobs/discord-register'),
  'socket-mode + service-monitor + cluster-reader': () =>
    composed('socket', 'overlays/socket-mode', ['components/service-monitor', 'components/cluster-reader']),
  'http + service-monitor + cluster-reader': () =>
    composed('http', 'overlays/http', ['components/service-monitor', 'components/cluster-reader']),
};

type ModelClass = new (data: unknown) => { validate(): void };

async function model(apiVersion: string, kind: string): Promise<ModelClass> {
  const module =
    apiVersion === 'monitoring.coreos.com/v1'
      ? await import(`@kubernetes-models/prometheus-operator/${apiVersion}/${kind}`)
      : await import(`kubernetes-models/${apiVersion}/${kind}`);
  return (module as Record<string, ModelClass>)[kind] as ModelClass;
}

function podSpec(o: K8sObject) {
  if (o.kind === 'Deployment' || o.kind === 'Job') return o.spec.template.spec;
  return undefined;
}

const SECRET_NAME = /TOKEN|SECRET|PASSWORD|PUBLIC_KEY|DATABASE_URL|CLIENT_ID/;

describe.each(Object.keys(RENDERS))('deploy/%s', (name) => {
  const objects = render((RENDERS[name] as () => string)());

  it('renders objects that validate against the Kubernetes schemas', async () => {
    expect(objects.length).toBeGreaterThan(0);
    for (const o of objects) {
      const Model = await model(o.apiVersion, o.kind);
      expect(Model, `${o.apiVersion} ${o.kind}`).toBeTypeOf('function');
      expect(() => new Model(o).validate(), `${o.kind}/${o.metadata.name}`).not.toThrow();
      if (o.kind !== 'ClusterRole' && o.kind !== 'ClusterRoleBinding')
        expect(o.metadata.namespace, `${o.kind}/${o.metadata.name}`).toBe('k8s-feature-bot');
    }
  });

  it('runs every container non-root, read-only, without privileges or extra capabilities, with limits', () => {
    const pods = objects.map(podSpec).filter(Boolean);
    expect(pods.length).toBeGreaterThan(0);
    for (const pod of pods) {
      expect(pod.securityContext).toMatchObject({
        runAsNonRoot: true,
        runAsUser: 1000,
        seccompProfile: { type: 'RuntimeDefault' },
      });
      expect(pod.hostNetwork ?? false).toBe(false);
      expect(pod.hostPID ?? false).toBe(false);
      for (const c of pod.containers) {
        expect(c.securityContext, c.name).toEqual({
          allowPrivilegeEscalation: false,
          readOnlyRootFilesystem: true,
          runAsNonRoot: true,
          capabilities: { drop: ['ALL'] },
        });
        expect(c.resources.requests).toMatchObject({ cpu: expect.any(String), memory: expect.any(String) });
        expect(c.resources.limits).toMatchObject({ memory: expect.any(String) });
        expect(c.image).toMatch(/^ghcr\.io\/k8s-feature-bot\/k8s-feature-bot:\d+\.\d+\.\d+$/);
      }
    }
  });

  it('takes every credential from the existing Secret and writes no secret value', () => {
    expect(objects.filter((o) => o.kind === 'Secret')).toEqual([]);
    for (const pod of objects.map(podSpec).filter(Boolean)) {
      for (const c of pod.containers) {
        expect(c.envFrom).toEqual([{ secretRef: { name: 'k8s-feature-bot' } }]);
        for (const e of c.env ?? []) {
          if (SECRET_NAME.test(e.name)) {
            expect(e.value, e.name).toBeUndefined();
            expect(e.valueFrom.secretKeyRef.name).toBe('k8s-feature-bot');
          }
        }
      }
    }
    const text = JSON.stringify(objects);
    expect(text).not.toMatch(/xox[abp]-|xapp-|postgres(ql)?:\/\/|-----BEGIN/);
  });

  it('probes /livez and /readyz, and drains on SIGTERM inside the grace period', () => {
    const deployment = objects.find((o) => o.kind === 'Deployment');
    if (!deployment) return expect(name).toBe('jobs/discord-register');
    const spec = deployment.spec.template.spec;
    const [bot] = spec.containers;
    expect(bot.livenessProbe.httpGet).toEqual({ path: '/livez', port: 'http' });
    expect(bot.startupProbe.httpGet).toEqual({ path: '/livez', port: 'http' });
    expect(bot.readinessProbe.httpGet).toEqual({ path: '/readyz', port: 'http' });
    expect(bot.ports).toEqual([{ name: 'http', containerPort: 3000, protocol: 'TCP' }]);
    // preStop (5 s) + the bot's own bound on shutdown (10 s) fit in the grace period.
    expect(bot.lifecycle.preStop.exec.command).toEqual(['sleep', '5']);
    expect(spec.terminationGracePeriodSeconds).toBeGreaterThanOrEqual(5 + 10 + 5);
    const service = objects.find((o) => o.kind === 'Service');
    expect(service?.spec.selector).toEqual(deployment.spec.selector.matchLabels);
    expect(bot.volumeMounts).toEqual([{ name: 'data', mountPath: '/data' }]);
  });

  if (name.includes('service-monitor')) {
    it('scrapes /metrics on the Service’s http port', () => {
      const monitor = objects.find((o) => o.kind === 'ServiceMonitor');
      const service = objects.find((o) => o.kind === 'Service');
      expect(monitor?.spec.endpoints).toEqual([
        { port: 'http', path: '/metrics', interval: '30s', scrapeTimeout: '10s' },
      ]);
      expect(service?.metadata.labels).toMatchObject(monitor?.spec.selector.matchLabels);
      expect(service?.spec.ports.map((p: { name: string }) => p.name)).toContain('http');
    });
  }

  if (name.includes('cluster-reader')) {
    it('grants read-only access (get/list/watch) to discovery, API resources, /version and /metrics', () => {
      const role = objects.find((o) => o.kind === 'ClusterRole');
      const binding = objects.find((o) => o.kind === 'ClusterRoleBinding');
      for (const rule of role?.rules ?? []) {
        for (const verb of rule.verbs) expect(['get', 'list', 'watch']).toContain(verb);
        expect(JSON.stringify(rule)).not.toContain('"*"');
      }
      expect(role?.rules.flatMap((r: { nonResourceURLs?: string[] }) => r.nonResourceURLs ?? [])).toEqual(
        expect.arrayContaining(['/api', '/apis', '/version', '/metrics']),
      );
      expect(binding?.roleRef).toEqual({
        apiGroup: 'rbac.authorization.k8s.io',
        kind: 'ClusterRole',
        name: role?.metadata.name,
      });
      expect(binding?.subjects).toEqual([
        { kind: 'ServiceAccount', name: 'k8s-feature-bot', namespace: 'k8s-feature-bot' },
      ]);
      const deployment = objects.find((o) => o.kind === 'Deployment');
      expect(deployment?.spec.template.spec.automountServiceAccountToken).toBe(true);
    });
  } else if (name.startsWith('overlays/')) {
    it('mounts no Kubernetes API token (the bot does not use the API)', () => {
      expect(objects.filter((o) => o.kind.startsWith('ClusterRole'))).toEqual([]);
      expect(objects.find((o) => o.kind === 'ServiceAccount')?.automountServiceAccountToken).toBe(false);
      expect(
        objects.find((o) => o.kind === 'Deployment')?.spec.template.spec.automountServiceAccountToken,
      ).toBe(false);
    });
  }
});

describe('what each overlay is for', () => {
  it('socket-mode: one replica, recreated (one SQLite writer), SQLite on a PersistentVolumeClaim, nothing public', () => {
    const objects = render(join(DEPLOY, 'overlays/socket-mode'));
    const kinds = objects.map((o) => o.kind).sort();
    expect(kinds).toEqual(['Deployment', 'PersistentVolumeClaim', 'Service', 'ServiceAccount']);
    const deployment = objects.find((o) => o.kind === 'Deployment');
    expect(deployment?.spec.replicas).toBe(1);
    expect(deployment?.spec.strategy).toEqual({ type: 'Recreate' });
    const claim = objects.find((o) => o.kind === 'PersistentVolumeClaim');
    expect(deployment?.spec.template.spec.volumes).toEqual([
      { name: 'data', persistentVolumeClaim: { claimName: claim?.metadata.name } },
    ]);
    const env = deployment?.spec.template.spec.containers[0].env as Array<{ name: string; value?: string }>;
    expect(env).toContainEqual({ name: 'K8SBOT_DB', value: '/data/k8sbot.sqlite' });
    expect(env.map((e) => e.name)).not.toContain('DATABASE_URL');
  });

  it('http: several replicas on PostgreSQL, rolling without downtime, an Ingress for the platform paths only, PDB, HPA', () => {
    const objects = render(join(DEPLOY, 'overlays/http'));
    const of = (kind: string) => objects.find((o) => o.kind === kind) as K8sObject;
    const deployment = of('Deployment');
    expect(deployment.spec.replicas).toBeGreaterThanOrEqual(2);
    expect(deployment.spec.strategy.rollingUpdate).toEqual({ maxUnavailable: 0, maxSurge: 1 });
    expect(deployment.spec.template.spec.containers[0].env).toContainEqual({
      name: 'DATABASE_URL',
      valueFrom: { secretKeyRef: { name: 'k8s-feature-bot', key: 'DATABASE_URL' } },
    });
    const paths = of('Ingress').spec.rules[0].http.paths.map((p: { path: string; pathType: string }) => [
      p.path,
      p.pathType,
    ]);
    expect(paths).toEqual([
      ['/slack/', 'Prefix'],
      ['/discord/interactions', 'Exact'],
    ]);
    expect(of('PodDisruptionBudget').spec).toEqual({
      minAvailable: 1,
      selector: { matchLabels: { 'app.kubernetes.io/name': 'k8s-feature-bot' } },
    });
    expect(deployment.spec.template.metadata.labels).toMatchObject(
      of('PodDisruptionBudget').spec.selector.matchLabels,
    );
    expect(of('HorizontalPodAutoscaler').spec).toMatchObject({
      scaleTargetRef: { kind: 'Deployment', name: deployment.metadata.name },
      minReplicas: 2,
    });
  });

  it('the discord:register Job runs the registration the image ships, once, and cleans up after itself', () => {
    const [job] = render(join(DEPLOY, 'jobs/discord-register'));
    expect(job?.kind).toBe('Job');
    expect(job?.spec.template.spec.containers[0].command).toEqual([
      'node',
      'dist/adapters/discord/register.js',
    ]);
    expect(existsSync(join(projectRoot, 'adapters/discord/register.ts'))).toBe(true);
    expect(job?.spec.template.spec.restartPolicy).toBe('OnFailure');
    expect(job?.spec.ttlSecondsAfterFinished).toBeGreaterThan(0);
  });
});
