/** The field, annotation and feature-gate checks: rules resolve from the corpus, and each one fires where it should. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { featureByIdOrRedirect } from '../../../knowledge/load.js';
import { projectRoot } from '../../../knowledge/paths.js';
import { checkManifests } from '../../../knowledge/upgrade/check.js';
import { parseGateList } from '../../../knowledge/upgrade/gate-findings.js';
import {
  checkUpgradeRules,
  resolveRule,
  unresolvedRefs,
  upgradeRules,
} from '../../../knowledge/upgrade/rules.js';
import { realCorpus } from '../../helpers.js';

const corpus = realCorpus();
const fixture = (name: string) => ({
  name,
  text: readFileSync(join(projectRoot, 'test/fixtures/check', name), 'utf8'),
});
const check = (text: string, target: string, from: string | null = null) =>
  checkManifests(corpus, [{ name: 'm.yaml', text }], { target, from });

describe('upgrade rules (knowledge/upgrade/rules.yaml)', () => {
  it('every rule names a feature of the corpus and every version it needs resolves from the corpus', () => {
    for (const rule of upgradeRules()) {
      expect(unresolvedRefs(corpus, rule), rule.id).toEqual([]);
      expect(featureByIdOrRedirect(corpus, rule.feature), rule.id).toBeDefined();
    }
  });

  it('knowledge:check reports a rule whose feature or version the corpus lacks, with the rule', () => {
    expect(checkUpgradeRules(corpus)).toEqual([]);
    const dir = mkdtempSync(join(tmpdir(), 'rules-'));
    const file = join(dir, 'rules.yaml');
    writeFileSync(
      file,
      `rules:\n  - id: bad\n    feature: no-such-feature\n    match: { type: field, kinds: [Pod], path: spec.x }\n    effect: { type: requires, since: { gate: NoSuchGate, stage: beta } }\n    fix: { en: x, ja: x }\n`,
    );
    expect(checkUpgradeRules(corpus, file).map((p) => p.message)).toEqual([
      'bad: the corpus has no gate NoSuchGate beta',
      'bad: the corpus has no feature no-such-feature',
    ]);
  });

  it('reads its versions from the features and gates, not from the rules file', () => {
    const byId = new Map(upgradeRules().map((r) => [r.id, resolveRule(corpus, r)]));
    expect(byId.get('seccomp-annotations')).toMatchObject({
      deprecatedIn: '1.19',
      removedIn: '1.27',
      replacement: { field: 'securityContext.seccompProfile', availableIn: '1.19' },
    });
    expect(byId.get('apparmor-annotation')).toMatchObject({ deprecatedIn: '1.30', removedIn: null });
    expect(byId.get('critical-pod-annotation')).toMatchObject({
      deprecatedIn: '1.13',
      removedIn: '1.16',
      replacement: { availableIn: '1.14' },
    });
    expect(byId.get('cronjob-time-zone')).toMatchObject({ since: '1.25' });
    expect(byId.get('psp-rbac-rule')).toMatchObject({ noticeFrom: '1.25' });
    expect(byId.get('in-tree-aws-ebs')).toMatchObject({ noticeFrom: '1.25' });
  });

  const seccomp = `apiVersion: apps/v1
kind: Deployment
metadata: { name: web }
spec:
  template:
    metadata:
      annotations:
        seccomp.security.alpha.kubernetes.io/pod: runtime/default
        container.seccomp.security.alpha.kubernetes.io/web: runtime/default
    spec:
      containers: [{ name: web, image: nginx }]
`;

  it('seccomp annotations: deprecated from 1.19, no longer honoured from 1.27, on pod templates too', () => {
    expect(check(seccomp, '1.18').findings).toEqual([]);
    const deprecated = check(seccomp, '1.26');
    expect(deprecated.findings.map((f) => [f.severity, f.category, f.rule?.path, f.location.line])).toEqual([
      ['deprecated', 'annotation', 'seccomp.security.alpha.kubernetes.io/pod', 8],
      ['deprecated', 'annotation', 'container.seccomp.security.alpha.kubernetes.io/web', 9],
    ]);
    expect(deprecated.exitCode).toBe(2);
    expect(check(seccomp, '1.27').findings.map((f) => f.severity)).toEqual(['breaking', 'breaking']);
    expect(check(seccomp, '1.27').exitCode).toBe(3);
  });

  it('the field that replaces an annotation must be available in --from (exit code 4)', () => {
    const stepwise = check(seccomp, '1.27', '1.18');
    expect(stepwise.findings.every((f) => f.replacementInFrom === false)).toBe(true);
    expect(stepwise.exitCode).toBe(4);
    expect(check(seccomp, '1.27', '1.19').exitCode).toBe(3);
  });

  it('CronJob spec.timeZone breaks on a target without the field (before 1.25), and TZ= in the schedule is noted', () => {
    const cron = `apiVersion: batch/v1
kind: CronJob
metadata: { name: c }
spec:
  schedule: "CRON_TZ=Asia/Tokyo 0 9 * * *"
  timeZone: Asia/Tokyo
  jobTemplate: { spec: { template: { spec: { restartPolicy: Never, containers: [{ name: a, image: b }] } } } }
`;
    const old = check(cron, '1.24');
    expect(old.findings.map((f) => [f.severity, f.rule?.id])).toEqual([
      ['breaking', 'cronjob-time-zone'],
      ['notice', 'cronjob-tz-in-schedule'],
    ]);
    const current = check(cron, '1.30');
    expect(current.findings.map((f) => [f.severity, f.rule?.id])).toEqual([
      ['notice', 'cronjob-tz-in-schedule'],
    ]);
    expect(current.exitCode).toBe(0);
  });

  it('PodSecurityPolicy objects and the RBAC rules that grant them', () => {
    const report = checkManifests(corpus, [fixture('helm-template.yaml')], { target: '1.25' });
    const psp = report.findings.find((f) => f.object.kind === 'PodSecurityPolicy');
    expect(psp).toMatchObject({
      severity: 'breaking',
      featureId: 'podsecuritypolicy',
      api: { replacement: null },
    });
    expect(report.findings.find((f) => f.object.kind === 'Role')).toMatchObject({
      severity: 'notice',
      rule: { id: 'psp-rbac-rule', path: 'rules[0].resources' },
      location: { line: 28 },
    });
    expect(
      checkManifests(corpus, [fixture('helm-template.yaml')], { target: '1.24' }).findings.some(
        (f) => f.object.kind === 'Role',
      ),
    ).toBe(false);
  });

  it('in-tree volumes, PersistentVolumes and StorageClass provisioners get a CSI migration note', () => {
    const text = `apiVersion: v1
kind: PersistentVolume
metadata: { name: pv }
spec:
  capacity: { storage: 1Gi }
  accessModes: [ReadWriteOnce]
  awsElasticBlockStore: { volumeID: vol-1 }
---
apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata: { name: gp2 }
provisioner: kubernetes.io/aws-ebs
---
apiVersion: v1
kind: Pod
metadata: { name: p }
spec:
  containers: [{ name: a, image: b }]
  volumes:
    - name: data
      gcePersistentDisk: { pdName: d }
`;
    const report = check(text, '1.30');
    expect(report.findings.map((f) => [f.severity, f.rule?.id, f.object.kind])).toEqual([
      ['notice', 'in-tree-aws-ebs', 'PersistentVolume'],
      ['notice', 'in-tree-aws-ebs', 'StorageClass'],
      ['notice', 'in-tree-gce-pd', 'Pod'],
    ]);
    expect(report.exitCode).toBe(0);
  });
});

describe('feature gates in component configuration', () => {
  it('parses --feature-gates lists leniently', () => {
    expect(parseGateList('A=true, B=False,bogus,C=maybe')).toEqual([
      { name: 'A', value: true },
      { name: 'B', value: false },
    ]);
  });

  it('finds gates in static pods, KubeletConfiguration and kubeadm, and says why each breaks', () => {
    const report = checkManifests(corpus, [fixture('control-plane.yaml')], { target: '1.36' });
    expect(
      report.findings.map((f) => [
        f.severity,
        f.gate?.name,
        f.gate?.component,
        f.gate?.reason,
        f.location.line,
      ]),
    ).toEqual([
      ['breaking', 'InPlacePodVerticalScaling', 'kube-apiserver', 'locked', 15],
      ['breaking', 'DynamicKubeletConfig', 'kube-apiserver', 'removed', 15],
      ['breaking', 'CronJobTimeZone', 'kube-scheduler', 'removed', 27],
      ['breaking', 'CSIMigration', 'kubelet', 'removed', 33],
      ['breaking', 'SeccompDefault', 'kubelet', 'removed', 34],
      ['breaking', 'PodSecurity', 'kube-controller-manager', 'removed', 42],
      ['notice', 'NotARealGate', 'kubelet', 'unknown', 35],
    ]);
    expect(report.findings.find((f) => f.gate?.name === 'CronJobTimeZone')?.featureId).toBe(
      'cronjob-timezone',
    );
  });

  it('on the release they run: a deprecated gate, a gate locked to the value it is set to, a gate that does not exist yet', () => {
    const report = checkManifests(corpus, [fixture('control-plane.yaml')], { target: '1.24' });
    const byName = new Map(report.findings.map((f) => [f.gate?.name, f]));
    expect(byName.get('DynamicKubeletConfig')).toMatchObject({
      severity: 'deprecated',
      gate: { reason: 'deprecated' },
    });
    expect(byName.get('InPlacePodVerticalScaling')).toMatchObject({
      severity: 'breaking',
      gate: { reason: 'not-yet', introducedIn: '1.27' },
    });
    expect(byName.has('CronJobTimeZone')).toBe(false);
    const locked = check(
      'apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nfeatureGates:\n  InPlacePodVerticalScaling: true\n',
      '1.35',
    );
    expect(locked.findings[0]).toMatchObject({
      severity: 'deprecated',
      gate: { reason: 'locked-same', lockedIn: '1.35', lockedTo: true },
    });
  });

  it('reads kubeadm v1beta3 extraArgs maps and kube-proxy configuration', () => {
    const report = check(
      `apiVersion: kubeadm.k8s.io/v1beta3
kind: ClusterConfiguration
apiServer:
  extraArgs:
    feature-gates: "DynamicKubeletConfig=false"
---
apiVersion: kubeproxy.config.k8s.io/v1alpha1
kind: KubeProxyConfiguration
featureGates:
  DynamicKubeletConfig: false
`,
      '1.30',
    );
    expect(report.findings.map((f) => [f.gate?.component, f.location.line])).toEqual([
      ['kube-apiserver', 5],
      ['kube-proxy', 10],
    ]);
  });
});
