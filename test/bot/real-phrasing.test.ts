/**
 * Issue 11: answering the question that was asked. The real-phrasing set (questions people asked, with their
 * sources), direct answers to version questions, one-version upgrades, statements about API versions, typos
 * inside apiVersions, incidental words and hostile words.
 */
import { describe, expect, it } from 'vitest';
import { cardToEmbeds } from '../../adapters/discord/render.js';
import { cardToBlocks } from '../../adapters/slack/render.js';
import { Answer } from '../../bot/answer.js';
import { cardToText } from '../../bot/render-text.js';
import { featureAt } from '../../knowledge/availability.js';
import { compareVersions } from '../../knowledge/versions.js';
import { realQuestions, scoreReal } from '../fixtures/real-score.js';
import { realCorpus, testBot } from '../helpers.js';

const bot = testBot();
const ask = (q: string) => Answer.parse(bot.ask(q));

describe('the real-phrasing set (test/fixtures/real-questions.json)', () => {
  const questions = realQuestions();

  it('has at least 300 questions from public sources, in English and Japanese, each with its source', () => {
    expect(questions.length).toBeGreaterThanOrEqual(300);
    expect(new Set(questions.map((q) => q.q)).size).toBe(questions.length);
    expect(questions.filter((q) => q.lang === 'ja').length).toBeGreaterThanOrEqual(40);
    for (const q of questions) expect(q.source).toMatch(/^https?:\/\/[^/]+\.[a-z]+\//);
  });

  it('answers at least 95% top-1 correctly', () => {
    const score = scoreReal(bot, questions);
    console.log(
      `real-phrasing set: ${score.correct}/${score.total} correct (${(score.accuracy * 100).toFixed(1)}%)\n` +
        score.misses
          .map(
            (m) =>
              `  miss: ${JSON.stringify(m.q.slice(0, 90))} expected ${JSON.stringify(m.expect)} got ${m.got}`,
          )
          .join('\n'),
    );
    expect(score.accuracy).toBeGreaterThanOrEqual(0.95);
  });
});

describe('direct answers to version questions', () => {
  it.each([
    [
      'is the sidecar feature on by default in 1.28?',
      'sidecar-containers',
      'no',
      '1.28',
      /alpha and off by default: turn on the feature gate SidecarContainers/,
    ],
    [
      'is the sidecar feature on by default in 1.29?',
      'sidecar-containers',
      'yes',
      '1.29',
      /beta and on by default/,
    ],
    [
      'can we use CronJob time zones on 1.25?',
      'cronjob-timezone',
      'yes',
      '1.25',
      /in 1\.25 .* is beta and on by default/,
    ],
    [
      'can I use CronJob time zones on 1.23',
      'cronjob-timezone',
      'no',
      '1.23',
      /not in Kubernetes 1\.23; it arrives in 1\.24 \(alpha\)/,
    ],
    [
      'is ValidatingAdmissionPolicy available in 1.28?',
      'validating-admission-policy',
      'partly',
      '1.28',
      /beta and off by default/,
    ],
    ['is kubectl debug still alpha?', 'ephemeral-containers', 'no', undefined, /GA since 1\.25, past alpha/],
    ['is PodSecurityPolicy removed', 'podsecuritypolicy', 'yes', undefined, /removed in 1\.25/],
    ['is dockershim removed in 1.23?', 'dockershim-removal', 'no', '1.23', /still there in 1\.23/],
    ['is StatefulSet available in 1.25?', 'statefulset', 'yes', '1.25', /GA and on by default/],
    ['is the sidecar feature deprecated', 'sidecar-containers', 'no', undefined, /not deprecated/],
    ['has in-place pod resize reached GA yet?', 'in-place-pod-resize', 'yes', undefined, /GA .*since 1\.35/],
    ['did sidecar containers go beta in 1.29?', 'sidecar-containers', 'yes', '1.29', /beta in 1\.29/],
    ['has PodSecurityPolicy been removed', 'podsecuritypolicy', 'yes', undefined, /removed in 1\.25/],
    ['have user namespaces graduated to GA yet', 'user-namespaces', 'yes', undefined, /GA in/],
    // Add-ons are installed beside Kubernetes: never "has not shipped", always where to get them.
    ['can I use metrics-server on 1.25', 'metrics-server', 'partly', '1.25', /add-on .* install separately/],
    ['Is the gateway API GA in 1.29?', 'gateway-api', 'no', '1.29', /not part of any Kubernetes release/],
  ])('%s', (q, id, verdict, version, text) => {
    const a = ask(q);
    expect(a.kind).toBe('feature');
    expect(a.feature?.id).toBe(id);
    expect(a.direct?.verdict).toBe(verdict);
    expect(a.direct?.version).toBe(version ?? realCorpus().newestReleased);
    expect(a.direct?.text).toMatch(text);
  });

  it.each([
    ['when did sidecar containers go GA?', /went GA in 1\.33/],
    ['when was dockershim removed?', /removed in 1\.24/],
    ['which version added PodSecurity admission?', /first added in 1\.22 \(alpha\)/],
    ['when was CronJob time zones enabled by default', /on by default from 1\.25/],
    ['in which version did NodeSwap become GA', /went GA in 1\.34/],
  ])('when: %s', (q, text) => {
    const a = ask(q);
    expect(a.direct?.verdict).toBe('yes');
    expect(a.direct?.version).toBeUndefined();
    expect(a.direct?.text).toMatch(text);
  });

  it('answers in Japanese', () => {
    const a = ask('サイドカーコンテナは1.28でデフォルト有効？');
    expect(a.lang).toBe('ja');
    expect(a.direct).toMatchObject({ verdict: 'no', version: '1.28' });
    expect(a.direct?.text).toMatch(/^いいえ。.*アルファで、既定では無効です.*SidecarContainers/);
    expect(ask('SidecarContainers はいつ GA になった？').direct?.text).toMatch(/1\.33 でGAになりました/);
  });

  it('is shown first, in bold, by every renderer', () => {
    const a = ask('is the sidecar feature on by default in 1.28?');
    const direct = a.direct?.text as string;
    expect(a.card.children[0]).toEqual({ type: 'text', text: direct, style: 'strong' });
    const plain = cardToText(a.card);
    const summary = a.card.children[1];
    expect(summary?.type).toBe('text');
    expect(plain.indexOf(direct)).toBeGreaterThan(0);
    expect(plain.indexOf(direct)).toBeLessThan(
      plain.indexOf(summary?.type === 'text' ? summary.text.slice(0, 40) : '?'),
    );
    const firstSection = cardToBlocks(a.card).find((b) => b.type === 'section');
    expect(firstSection && 'text' in firstSection ? firstSection.text?.text : '').toMatch(
      new RegExp(`^\\*${direct.slice(0, 20)}`),
    );
    const description = cardToEmbeds(a.card).embeds[0]?.description ?? '';
    expect(description.indexOf(`**${direct.slice(0, 30)}`)).toBeGreaterThanOrEqual(0);
    expect(description.indexOf(`**${direct.slice(0, 30)}`)).toBeLessThan(
      description.indexOf('A native sidecar is'),
    );
  });

  it('agrees with each gate page on every release (verdict of "on by default")', () => {
    const corpus = realCorpus();
    let checked = 0;
    for (const f of corpus.features) {
      const gate = f.gates.find((g) => g.primary);
      if (!gate || !f.curated) continue;
      // The last row of each release (a page may list a release twice).
      const rows = [...new Map(gate.stages.map((r) => [r.version, r])).values()];
      for (const row of rows) {
        if (row.defaultOn === null || compareVersions(row.version, corpus.newestReleased) > 0) continue;
        const at = featureAt(f, row.version, corpus.newestReleased);
        if (at.state === 'removed' || at.state === 'absent' || at.state !== row.stage) continue;
        const a = ask(`is ${gate.name} on by default in ${row.version}?`);
        if (a.feature?.id !== f.id) continue;
        expect([f.id, row.version, a.direct?.verdict]).toEqual([
          f.id,
          row.version,
          row.defaultOn ? 'yes' : 'no',
        ]);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(100);
  });

  it('leaves other questions alone', () => {
    expect(ask('feature sidecar containers').direct).toBeUndefined();
    expect(ask('is apps/v1 Deployment deprecated?').kind).toBe('api');
    expect(ask('is 1.99 out?').kind).not.toBe('feature');
  });
});

describe('upgrades', () => {
  it.each([
    ['upgrade to 1.25', '1.24', '1.25'],
    ['we are upgrading to 1.25 next week', '1.24', '1.25'],
    ['Upgrade to v1.26', '1.25', '1.26'],
    ['upgrading from 1.23', '1.23', '1.24'],
    ['what breaks when we move to 1.29', '1.28', '1.29'],
    ['1.25にアップグレード', '1.24', '1.25'],
    ['release 1.22 1.24', '1.22', '1.24'],
    ['compare 1.24 1.22', '1.22', '1.24'],
    ['from 1.27 to 1.29', '1.27', '1.29'],
    ['(core) Add kubernetes 1.27 support', '1.26', '1.27'],
    ['moving our clusters to 1.27 next month', '1.26', '1.27'],
    ["we're migrating all clusters to Kubernetes 1.30", '1.29', '1.30'],
    ['switching our EKS fleet to 1.29 soon', '1.28', '1.29'],
    ['jumping to v1.31 next quarter', '1.30', '1.31'],
    ['what will break going from 1.21 to 1.23', '1.21', '1.23'],
    ['1.29へアップグレードする前に確認すること', '1.28', '1.29'],
  ])('%s → upgrade card %s → %s', (q, from, to) => {
    const a = ask(q);
    expect(a.kind).toBe('compare');
    expect(a.compare).toMatchObject({ from, to });
  });

  it('lists what to act on first, then what changes by itself, with the target date and end of life', () => {
    const a = ask('upgrade to 1.25');
    expect(a.compare?.apiRemovals).toContain('batch/v1beta1 CronJob');
    expect(a.compare?.removed).toContain('PodSecurityPolicy');
    expect(a.compare?.nowOnByDefault).toContain('CronJob time zones');
    expect(a.compare).toMatchObject({ targetReleaseDate: '2022-08-23', targetEndOfLife: '2023-10-28' });
    const text = cardToText(a.card);
    const at = (s: string) => text.indexOf(s);
    expect(at('batch/v1beta1 CronJob → batch/v1 CronJob')).toBeGreaterThan(0);
    expect(at('batch/v1beta1 CronJob')).toBeLessThan(at('PodSecurityPolicy (removed 1.25)'));
    expect(at('PodSecurityPolicy (removed 1.25)')).toBeLessThan(at('Now on by default'));
    expect(at('Now on by default')).toBeLessThan(at('Went GA'));
    expect(text).toMatch(/2023-10-28: it gets no more patches/);
  });

  it('points removed APIs at a version served today, past replacements removed since', () => {
    const text = cardToText(ask('upgrade from 1.25 to 1.26').card);
    expect(text).toMatch(
      /flowcontrol\.apiserver\.k8s\.io\/v1beta1 FlowSchema → flowcontrol\.apiserver\.k8s\.io\/v1 FlowSchema/,
    );
  });
});

describe('statements, typos and incidental words', () => {
  const api = (q: string) => {
    const a = ask(q);
    expect(a.kind, q).toBe('api');
    return (a.api ? [a.api] : (a.apis ?? [])).map((x) => `${x.group}/${x.version} ${x.kind ?? ''}`.trim());
  };

  it.each([
    ['PodSecurityPolicy is deprecated in v1.21+, unavailable in v1.25+', 'policy/v1beta1 PodSecurityPolicy'],
    ['CronJob batch/v1beta1 removed in 1.25', 'batch/v1beta1 CronJob'],
    ['Deployment no longer served under extensions', 'extensions/v1beta1 Deployment'],
    ['Update PodDisruptionBudget to policy/v1', 'policy/v1beta1 PodDisruptionBudget'],
    ['use CronJob batch/v1 api instead of v1beta1', 'batch/v1beta1 CronJob'],
    [
      'Warning: v1 Endpoints is deprecated in v1.33+; use discovery.k8s.io/v1 EndpointSlice',
      'core/v1 Endpoints',
    ],
    ['horizontal pod autoscaler v2beta2 removed', 'autoscaling/v2beta2 HorizontalPodAutoscaler'],
    ['migrate Ingress to networking.k8s.io/v1 before 1.22', 'networking.k8s.io/v1beta1 Ingress'],
  ])('%s', (q, expected) => {
    expect(api(q)).toContain(expected);
  });

  it.each([
    ['apps/v1beat1 Deployment', 'apps/v1beta1 Deployment'],
    ['no matches for kind "Deployment" in version "app/v1"', 'apps/v1 Deployment'],
    ['no matches for kind "Ingress" in version "extention/v1beta1"', 'extensions/v1beta1 Ingress'],
    ['use autoscaler/v2 API for kube 1.26+', 'autoscaling/v2beta2 HorizontalPodAutoscaler'],
    ['Batch V1Beta1 CronJob', 'batch/v1beta1 CronJob'],
  ])('corrects the apiVersion in %s', (q, expected) => {
    expect(api(q)).toContain(expected);
  });

  it('corrects typos but not a word of its own one letter longer at the front', () => {
    // "preset" is not a typo of "reset": PodPreset is not the in-place restart feature.
    for (const q of ['PodPreset', 'pod preset', 'when was PodPreset removed'])
      expect(ask(q).feature?.id, q).not.toBe('restart-all-containers');
    expect(ask('tsatefulset').feature?.id).toBe('statefulset');
    expect(ask('statefullset').feature?.id).toBe('statefulset');
    expect(ask('cornjob').feature?.id).toBe('cronjob');
  });

  it('keeps answering a served version asked about by name', () => {
    expect(api('is apps/v1 Deployment deprecated?')).toEqual(['apps/v1 Deployment']);
  });

  it.each([
    'how do I run docker containers on my laptop',
    'Webサービスを停止せずにアップグレード',
    'api priority and fairness',
  ])('does not give a confident wrong card for %s', (q) => {
    const a = ask(q);
    expect(a.kind).not.toBe('error');
    if (q.startsWith('api priority')) expect(a.feature?.id).toBe('api-priority-and-fairness');
    else expect(a.kind).not.toBe('feature');
  });

  it('finds the feature a sentence names, not the umbrella it belongs to', () => {
    expect(ask('feat(t8s-cluster/management-cluster): enable MutatingAdmissionPolicy').feature?.id).toBe(
      'mutating-admission-policy',
    );
    expect(ask('seccomp-default in kubelet to support custom profile.').feature?.id).toBe('seccomp-default');
    expect(ask('--enable-admission-plugins NodeRestriction').feature?.id).toBe('node-authorization');
    expect(
      ask('Error from server (ServiceUnavailable): unable to handle the request (get pods.metrics.k8s.io)')
        .feature?.id,
    ).toBe('metrics-server');
    expect(ask('長年使われてきた Ingress NGINX コントローラーが廃止されます').feature?.id).toBe(
      'ingress-nginx',
    );
  });
});

describe('hostile words', () => {
  const words = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf'];
  it.each(words)('%s is just a word, in every position', (w) => {
    for (const q of [
      w,
      `feature ${w}`,
      `release ${w}`,
      `api ${w}`,
      `compare ${w} ${w}`,
      `is ${w} GA in 1.28?`,
      `${w}/v1 ${w}`,
      `upgrading to 1.25 ${w}`,
      `${w} は GA？`,
    ]) {
      const a = ask(q);
      expect(a.error?.code, q).not.toBe('INTERNAL');
      // Never a feature card for a word that names none.
      expect(a.kind, q).not.toBe('feature');
    }
  });
});
