/**
 * The cluster mode against a fake kube-apiserver on 127.0.0.1 (a 1.24 cluster): version and end of life,
 * discovery, metadata-only lists (paginated), last-applied and managed-fields apiVersions, /metrics feature gates,
 * a forbidden list, an unreachable cluster, the card, the CLI and the digest section. Credentials never show.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clusterCommand } from '../../../adapters/cluster/command.js';
import { clusterTargets } from '../../../adapters/cluster/config.js';
import { parseFeatureMetrics } from '../../../adapters/cluster/inspect.js';
import { ClusterService } from '../../../adapters/cluster/service.js';
import { Answer } from '../../../bot/answer.js';
import { Bot } from '../../../bot/bot.js';
import { composeDigest } from '../../../bot/digest/compose.js';
import { cardToText } from '../../../bot/render-text.js';
import { analyzeCluster } from '../../../knowledge/upgrade/cluster.js';
import { KubeApiFake, kubeconfig } from '../../fakes/kube-apiserver.js';
import { realCorpus, realIndex } from '../../helpers.js';

const TOKEN = 'sa-token-do-not-leak-0123456789';
const NOW = new Date('2023-05-01T09:00:00Z');
const corpus = realCorpus();

function logCapture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { logger: pino({ level: 'debug' }, stream), lines };
}

describe('cluster mode (fake kube-apiserver)', () => {
  let api: KubeApiFake;
  let dir: string;
  let env: { K8SBOT_KUBECONFIG: string };
  let closedPort: string;

  beforeAll(async () => {
    api = new KubeApiFake(TOKEN);
    api
      .serve('v1', [{ name: 'pods', kind: 'Pod', namespaced: true }])
      .serve('apps/v1', [
        {
          name: 'deployments',
          kind: 'Deployment',
          namespaced: true,
          objects: [
            {
              name: 'web',
              namespace: 'shop',
              lastApplied: 'apps/v1',
              managed: [{ apiVersion: 'apps/v1', manager: 'kubectl' }],
            },
          ],
        },
      ])
      .serve('batch/v1', [
        {
          name: 'cronjobs',
          kind: 'CronJob',
          namespaced: true,
          objects: [
            { name: 'nightly', namespace: 'shop', lastApplied: 'batch/v1beta1' },
            { name: 'fresh', namespace: 'shop', lastApplied: 'batch/v1' },
            { name: 'report', namespace: 'ops', managed: [{ apiVersion: 'batch/v1beta1', manager: 'helm' }] },
          ],
        },
      ])
      .serve('batch/v1beta1', [{ name: 'cronjobs', kind: 'CronJob', namespaced: true }])
      .serve('policy/v1', [{ name: 'poddisruptionbudgets', kind: 'PodDisruptionBudget', namespaced: true }])
      .serve('policy/v1beta1', [
        { name: 'poddisruptionbudgets', kind: 'PodDisruptionBudget', namespaced: true },
        {
          name: 'podsecuritypolicies',
          kind: 'PodSecurityPolicy',
          namespaced: false,
          objects: [
            {
              name: 'restricted',
              managed: [{ apiVersion: 'policy/v1beta1', manager: 'kubectl-client-side-apply' }],
            },
          ],
        },
      ])
      .serve('autoscaling/v2', [
        {
          name: 'horizontalpodautoscalers',
          kind: 'HorizontalPodAutoscaler',
          namespaced: true,
          objects: [
            {
              name: 'web',
              namespace: 'shop',
              managed: [{ apiVersion: 'autoscaling/v2beta2', manager: 'kubectl' }],
            },
          ],
        },
      ])
      .serve('autoscaling/v2beta2', [
        { name: 'horizontalpodautoscalers', kind: 'HorizontalPodAutoscaler', namespaced: true },
      ])
      .serve('rbac.authorization.k8s.io/v1', [
        { name: 'clusterroles', kind: 'ClusterRole', namespaced: false, objects: [{ name: 'x' }] },
      ]);
    api.forbidden.add('/apis/rbac.authorization.k8s.io/v1/clusterroles');
    api.metrics = [
      '# HELP kubernetes_feature_enabled [BETA] This metric records the data about the stage and enablement of a k8s feature.',
      '# TYPE kubernetes_feature_enabled gauge',
      'kubernetes_feature_enabled{name="DynamicKubeletConfig",stage="DEPRECATED"} 1',
      'kubernetes_feature_enabled{name="StreamingProxyRedirects",stage="DEPRECATED"} 1',
      'kubernetes_feature_enabled{name="PodSecurity",stage="BETA"} 1',
      'kubernetes_feature_enabled{name="IPv6DualStack",stage=""} 1',
      'apiserver_request_total{code="200"} 12',
    ].join('\n');
    await api.start();
    // A port that was open a moment ago and is closed now: connection refused.
    const closed = new KubeApiFake('x');
    closedPort = (await closed.start()).split(':').at(-1) as string;
    await closed.stop();
    dir = mkdtempSync(join(tmpdir(), 'k8sbot-kube-'));
    const file = join(dir, 'config');
    writeFileSync(
      file,
      kubeconfig([
        { name: 'prod', server: api.url, token: TOKEN },
        { name: 'lab', server: `http://127.0.0.1:${closedPort}`, token: 'lab-token-also-secret' },
      ]),
    );
    env = { K8SBOT_KUBECONFIG: file };
  });

  afterAll(() => api.stop());

  const service = (logger = pino({ level: 'silent' })) =>
    new ClusterService({
      targets: clusterTargets(env),
      corpus: () => corpus,
      logger,
      clock: () => NOW,
      requestTimeoutMs: 2000,
    });

  it('reads kubernetes_feature_enabled from the Prometheus text format', () => {
    expect(parseFeatureMetrics(api.metrics)).toEqual([
      { name: 'DynamicKubeletConfig', stage: 'DEPRECATED', enabled: true },
      { name: 'StreamingProxyRedirects', stage: 'DEPRECATED', enabled: true },
      { name: 'PodSecurity', stage: 'BETA', enabled: true },
      { name: 'IPv6DualStack', stage: '', enabled: true },
    ]);
  });

  it('takes the contexts of the kubeconfig (K8SBOT_CLUSTERS narrows them)', () => {
    expect(clusterTargets(env).map((t) => t.name)).toEqual(['prod', 'lab']);
    expect(clusterTargets({ ...env, K8SBOT_CLUSTERS: 'lab' }).map((t) => t.name)).toEqual(['lab']);
    expect(() => clusterTargets({ ...env, K8SBOT_CLUSTERS: 'nope' })).toThrow(
      'contexts the kubeconfig does not have: nope',
    );
    expect(clusterTargets({})).toEqual([]);
    expect(() => clusterTargets({ K8SBOT_KUBECONFIG: 'in-cluster' })).toThrow('not running in a pod');
    const inCluster = clusterTargets({
      K8SBOT_KUBECONFIG: 'in-cluster',
      K8SBOT_CLUSTER_NAME: 'here',
      KUBERNETES_SERVICE_HOST: '10.96.0.1',
    });
    expect(inCluster.map((t) => t.name)).toEqual(['here']);
    // The pod's service account: its token file and CA, never a token copied into the configuration.
    expect(inCluster[0]?.kubeConfig.getCurrentUser()).toMatchObject({
      authProvider: {
        name: 'tokenFile',
        config: { tokenFile: '/var/run/secrets/kubernetes.io/serviceaccount/token' },
      },
    });
  });

  it('reads a cluster read-only: version, discovery, only the kinds that matter, metadata-only pages, /metrics', async () => {
    api.requests.length = 0;
    const snap = await service().inspect('prod');
    expect(snap.error).toBeUndefined();
    expect(snap.version).toEqual({ gitVersion: '1.24.17-eks-1', minor: '1.24' });
    expect(snap.served).toEqual(
      expect.arrayContaining(['v1', 'batch/v1beta1', 'policy/v1beta1', 'autoscaling/v2beta2']),
    );
    expect(new Set(api.requests.map((r) => r.method))).toEqual(new Set(['GET']));
    expect(api.requests.every((r) => r.authorization === `Bearer ${TOKEN}`)).toBe(true);
    const lists = api.requests.filter((r) =>
      /\?|\/(cronjobs|podsecuritypolicies|horizontalpodautoscalers|deployments)$/.test(r.path),
    );
    expect(lists.every((r) => r.accept.startsWith('application/json;as=PartialObjectMetadataList'))).toBe(
      true,
    );
    // Pods are not a kind that matters: never listed.
    expect(api.requests.some((r) => r.path === '/api/v1/pods')).toBe(false);
    // Three CronJobs at two per page: the continue token was followed.
    expect(snap.lists.find((l) => l.resource === 'cronjobs.batch')).toEqual({
      resource: 'cronjobs.batch',
      count: 3,
    });
    expect(snap.lists.find((l) => l.resource === 'podsecuritypolicies.policy')).toEqual({
      resource: 'podsecuritypolicies.policy',
      count: 1,
    });
    expect(
      snap.lists.find((l) => l.resource === 'clusterroles.rbac.authorization.k8s.io')?.problem,
    ).toMatchObject({ code: 'forbidden' });
    expect(snap.objects.map((o) => `${o.kind} ${o.namespace ?? ''}/${o.name}`).sort()).toEqual([
      'CronJob ops/report',
      'CronJob shop/nightly',
      'HorizontalPodAutoscaler shop/web',
      'PodSecurityPolicy /restricted',
    ]);
    expect(snap.gates).toHaveLength(4);
  });

  it('says what breaks on the next minor, with end of life and the feature gates set against their default', async () => {
    const report = analyzeCluster(corpus, await service().inspect('prod'), NOW);
    expect(report).toMatchObject({
      version: '1.24.17-eks-1',
      minor: '1.24',
      next: '1.25',
      endOfLife: '2023-07-28',
      daysToEndOfLife: 88,
    });
    expect(
      report.findings.map((f) => [
        f.severity,
        f.object.kind,
        f.object.name,
        f.source,
        `${f.api.group}/${f.api.version}`,
      ]),
    ).toEqual([
      ['breaking', 'CronJob', 'report', 'managed-fields', 'batch/v1beta1'],
      ['breaking', 'CronJob', 'nightly', 'last-applied', 'batch/v1beta1'],
      ['breaking', 'PodSecurityPolicy', 'restricted', 'managed-fields', 'policy/v1beta1'],
      ['deprecated', 'HorizontalPodAutoscaler', 'web', 'managed-fields', 'autoscaling/v2beta2'],
    ]);
    expect(
      report.servedApis
        .filter((a) => a.severity === 'breaking')
        .map((a) => `${a.group}/${a.version} ${a.kind}`),
    ).toEqual([
      'batch/v1beta1 CronJob',
      'policy/v1beta1 PodDisruptionBudget',
      'policy/v1beta1 PodSecurityPolicy',
    ]);
    expect(report.gates?.changed.map((g) => g.name)).toEqual([
      'DynamicKubeletConfig',
      'StreamingProxyRedirects',
    ]);
    expect(report.gates?.findings.map((f) => [f.severity, f.gate.name, f.gate.reason])).toEqual([
      ['deprecated', 'DynamicKubeletConfig', 'deprecated'],
      ['breaking', 'StreamingProxyRedirects', 'removed'],
    ]);
    expect(report.problems).toEqual([
      expect.stringContaining('clusterroles.rbac.authorization.k8s.io: clusterroles is forbidden'),
    ]);
  });

  it('an unreachable cluster is a snapshot with the reason, not an exception', async () => {
    const snap = await service().inspect('lab');
    expect(snap.error).toEqual({ code: 'unreachable', message: `127.0.0.1:${closedPort}: ECONNREFUSED` });
  });

  it('/k8s cluster prod: the card through the core, valid against the Answer contract; credentials never show', async () => {
    const logs = logCapture();
    const bot = new Bot({ corpus, index: realIndex(), clusters: service(logs.logger), clock: () => NOW });
    const answer = await bot.respond('cluster prod');
    Answer.parse(answer);
    expect(answer.kind).toBe('cluster');
    const text = cardToText(answer.card);
    expect(text).toMatch(/^Cluster prod: Kubernetes 1\.24\.17-eks-1\n/);
    expect(text).toContain('End of life: 2023-07-28 (in 88 days)');

    expect(text).toContain('Breaks on 1.25 (7)');
    expect(text).toContain('CronJob shop/nightly: last applied as batch/v1beta1 → batch/v1 CronJob');
    expect(text).toContain('serves policy/v1beta1 PodSecurityPolicy (removed in 1.25)');
    expect(text).toContain('Could not be read (check the ClusterRole)');
    const unreachable = await bot.respond('cluster lab');
    expect(cardToText(unreachable.card)).toContain('The cluster could not be read: 127.0.0.1');
    for (const out of [JSON.stringify(answer), JSON.stringify(unreachable), logs.lines.join('')]) {
      expect(out).not.toContain(TOKEN);
      expect(out).not.toContain('lab-token-also-secret');
    }
    expect(logs.lines.join('')).toContain('cluster could not be read');
    expect((await bot.respond('cluster nope')).error?.code).toBe('UNKNOWN_CLUSTER');
    expect((await new Bot({ corpus, index: realIndex() }).respond('cluster')).error?.code).toBe(
      'CLUSTER_NOT_CONFIGURED',
    );
  });

  it('the weekly digest gains a "your clusters" section', async () => {
    const reports = await service().reports();
    const digest = composeDigest(corpus, '2023-05-01', 'en', null, reports);
    const section = digest.sections.find((s) => s.id === 'clusters');
    expect(section?.items).toEqual([
      'prod: Kubernetes 1.24.17-eks-1, end of life 2023-07-28 (in 88 days); on 1.25: 3 objects, 3 served APIs, 1 feature gate break',
      `lab: could not be read (127.0.0.1:${closedPort}: ECONNREFUSED)`,
    ]);
    expect(cardToText(digest.card)).toContain('Your clusters:');
    expect(composeDigest(corpus, '2023-05-01', 'en').sections.some((s) => s.id === 'clusters')).toBe(false);
  });

  it('k8sbot cluster: text, JSON and exit codes (3 something breaks, 1 unreachable)', async () => {
    let out = '';
    const io = (extra = {}) => ({
      stdout: (t: string) => {
        out += t;
      },
      stderr: (t: string) => {
        out += t;
      },
      env: { ...env, LOG_LEVEL: 'silent', ...extra },
    });
    expect(await clusterCommand(['prod'], io())).toBe(3);
    expect(out).toContain('Cluster prod: Kubernetes 1.24.17-eks-1');
    out = '';
    expect(await clusterCommand(['prod', '-o', 'json'], io())).toBe(3);
    expect(JSON.parse(out)).toMatchObject({ name: 'prod', next: '1.25' });
    out = '';
    expect(await clusterCommand(['lab'], io())).toBe(1);
    expect(out).not.toContain('lab-token-also-secret');
    out = '';
    expect(await clusterCommand([], io({ K8SBOT_KUBECONFIG: '' }))).toBe(1);
    expect(out).toContain('No cluster is configured');
  });
});

describe('cluster mode in chat (fake Slack and Discord, fake kube-apiserver)', () => {
  let api: KubeApiFake;
  let env: { K8SBOT_KUBECONFIG: string };

  beforeAll(async () => {
    api = new KubeApiFake(TOKEN);
    api.version = { major: '1', minor: '30', gitVersion: 'v1.30.4', platform: 'linux/amd64' };
    api
      .serve('v1', [])
      // The same objects are served in every version; the managed fields say which one wrote them.
      .serve('flowcontrol.apiserver.k8s.io/v1', [
        {
          name: 'flowschemas',
          kind: 'FlowSchema',
          namespaced: false,
          objects: [
            {
              name: 'batch',
              managed: [{ apiVersion: 'flowcontrol.apiserver.k8s.io/v1beta3', manager: 'helm' }],
            },
          ],
        },
      ])
      .serve('flowcontrol.apiserver.k8s.io/v1beta3', [
        { name: 'flowschemas', kind: 'FlowSchema', namespaced: false },
      ]);
    api.preferred.set('flowcontrol.apiserver.k8s.io', 'flowcontrol.apiserver.k8s.io/v1');
    await api.start();
    const dir = mkdtempSync(join(tmpdir(), 'k8sbot-kube-'));
    writeFileSync(join(dir, 'config'), kubeconfig([{ name: 'staging', server: api.url, token: TOKEN }]));
    env = { K8SBOT_KUBECONFIG: join(dir, 'config') };
  });

  afterAll(() => api.stop());

  const bot = () =>
    new Bot({
      corpus,
      index: realIndex(),
      clock: () => NOW,
      clusters: new ClusterService({
        targets: clusterTargets(env),
        corpus: () => corpus,
        logger: pino({ level: 'silent' }),
        clock: () => NOW,
      }),
    });

  it('/k8s cluster staging in Slack: the card inside the ack', async () => {
    const { SlackAdapter } = await import('../../../adapters/slack/app.js');
    const { createHttpServer, listen } = await import('../../../adapters/http.js');
    const { fakeSlack } = await import('../../fakes/http-fake.js');
    const { slashCommand } = await import('../../fakes/slack-payloads.js');
    const { createHmac } = await import('node:crypto');
    const secret = '8f742231b10e8888abcd99aaaa8685a5';
    const slack = fakeSlack();
    await slack.start();
    const adapter = new SlackAdapter({
      bot: bot(),
      logger: pino({ level: 'silent' }),
      config: { botToken: 'xoxb-t', signingSecret: secret, apiUrl: `${slack.url}/api/`, mode: 'http' },
    });
    await adapter.start();
    const server = createHttpServer({
      slack: adapter.requestListener,
      logger: pino({ level: 'silent' }),
      health: () => ({}),
    });
    const base = `http://127.0.0.1:${await listen(server, 0, '127.0.0.1')}`;
    try {
      const body = new URLSearchParams(slashCommand('cluster staging', `${slack.url}/response/x`)).toString();
      const ts = Math.floor(Date.now() / 1000);
      const signature = `v0=${createHmac('sha256', secret).update(`v0:${ts}:${body}`).digest('hex')}`;
      const res = await fetch(`${base}/slack/events`, {
        method: 'POST',
        body,
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'x-slack-request-timestamp': String(ts),
          'x-slack-signature': signature,
        },
      });
      const reply = (await res.json()) as { blocks: unknown[] };
      const json = JSON.stringify(reply.blocks);
      expect(json).toContain('Cluster staging: Kubernetes 1.30.4');
      expect(json).toContain('FlowSchema batch: managed as flowcontrol.apiserver.k8s.io/v1beta3');
      expect(json).toContain('Deprecated in 1.31 (2)');
      expect(json).not.toContain('PriorityLevelConfiguration');
      expect(json).not.toContain(TOKEN);
    } finally {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
      await slack.stop();
    }
  });

  it('Discord autocompletes the configured cluster names', async () => {
    const { autocomplete } = await import('../../../adapters/discord/interactions.js');
    const choices = autocomplete(bot(), {
      kind: 'autocomplete',
      subcommand: 'cluster',
      options: { name: 'sta' },
      focused: { name: 'name', value: 'sta' },
      userId: 'u',
      canManage: true,
    });
    expect(choices).toEqual([{ name: 'staging', value: 'staging' }]);
  });

  it('/k8s cluster name:staging in Discord', async () => {
    const { handleInteraction } = await import('../../../adapters/discord/interactions.js');
    const reply = await handleInteraction(bot(), {
      kind: 'command',
      commandName: 'k8s',
      subcommand: 'cluster',
      options: { name: 'staging' },
      userId: 'u',
      canManage: true,
    });
    expect(reply.type).toBe('message');
    const json = JSON.stringify(reply);
    expect(json).toContain('Cluster staging: Kubernetes 1.30.4');
    expect(json).toContain('"name":"End of life","value":"2025-07-15 (in 806 days)"');
  });
});
