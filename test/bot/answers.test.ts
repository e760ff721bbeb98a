import { describe, expect, it } from 'vitest';
import { Answer } from '../../bot/answer.js';
import { testBot } from '../helpers.js';

const bot = testBot();
const ask = (text: string, lang?: 'en' | 'ja') => {
  const answer = bot.ask(text, lang ? { lang } : {});
  expect(() => Answer.parse(answer)).not.toThrow();
  return answer;
};
const cardText = (a: ReturnType<typeof ask>) => JSON.stringify(a.card);

describe('feature questions', () => {
  it.each([
    ['feature petset', 'statefulset'],
    ['PetSet', 'statefulset'],
    ['statefullset', 'statefulset'],
    ['sts', 'statefulset'],
    ['cj', 'cronjob'],
    ['ScheduledJob', 'cronjob'],
    ['CronJobTimeZone', 'cronjob-timezone'],
    ['KEP 3140', 'cronjob-timezone'],
    ['kep-3140', 'cronjob-timezone'],
    ['#3140', 'cronjob-timezone'],
    ['initContainers', 'init-containers'],
    ['when did statefulset go GA', 'statefulset'],
    ['grpc liveness probe', 'grpc-probes'],
    ['CronJobs should support timezones', 'cronjob-timezone'],
    ['ステートフルセット', 'statefulset'],
    ['初期化コンテナ', 'init-containers'],
    ['ｓｔａｔｅｆｕｌｓｅｔ', 'statefulset'],
  ])('%s → %s', (q, id) => {
    const a = ask(q);
    expect(a.kind).toBe('feature');
    expect(a.feature?.id).toBe(id);
  });

  it('shows the history, the former name, the example and the data date on the card', () => {
    const a = ask('feature petset');
    expect(a.card.title).toBe('StatefulSet');
    expect(a.card.subtitle).toBe('formerly PetSet · GA since 1.9 · workloads');
    const timeline = a.card.children.find((c) => c.type === 'timeline');
    expect(timeline).toEqual({
      type: 'timeline',
      entries: [
        { stage: 'alpha', label: 'alpha', version: '1.3', detail: 'as PetSet, apps/v1alpha1' },
        { stage: 'beta', label: 'beta', version: '1.5', detail: 'apps/v1beta1' },
        { stage: 'beta', label: 'beta', version: '1.8', detail: 'apps/v1beta2' },
        { stage: 'stable', label: 'GA', version: '1.9', detail: 'apps/v1' },
      ],
    });
    expect(a.card.children).toContainEqual(expect.objectContaining({ type: 'code', language: 'yaml' }));
    expect(a.feature?.stages).toContainEqual({ stage: 'stable', version: '1.9' });
  });

  it('gives the data date on every card, and says when the data is out of date', () => {
    const fresh = testBot(new Date('2026-08-24T09:00:00Z')).ask('sts');
    expect(fresh.card.footer).toBe('Data as of 2026-08-22 · k8s-feature-bot');
    // On 2026-11-23 the data still shows 1.37 (due 2026-08-26) as unreleased and is three months old.
    expect(ask('sts').card.footer).toBe(
      'Data as of 2026-08-22; it may be out of date (it still shows 1.37, due 2026-08-26, as unreleased) · k8s-feature-bot',
    );
    expect(testBot().ask('sts', { lang: 'ja' }).card.footer).toMatch(
      /^データ時点: 2026-08-22（古くなっている可能性があります。2026-08-26 予定の 1\.37/,
    );
  });

  it('says an old API version was removed, never the feature', () => {
    const a = ask('statefulset');
    expect(a.feature?.stages.some((s) => s.stage === 'removed')).toBe(false);
    expect(cardText(a)).toContain('apps/v1beta1, apps/v1beta2: deprecated 1.9, removed 1.16');
  });

  it('answers in Japanese when asked in Japanese', () => {
    const a = ask('ステートフルセット');
    expect(a.lang).toBe('ja');
    expect(a.card.subtitle).toBe('旧称 PetSet · 1.9 から GA · ワークロード');
  });

  it('offers related features as actions', () => {
    const actions = ask('statefulset').card.children.find((c) => c.type === 'actions');
    expect(actions?.type === 'actions' && actions.actions.map((x) => x.value)).toContain(
      'statefulset-max-unavailable',
    );
  });
});

describe('release questions', () => {
  it.each([
    ['release 1.24', '1.24'],
    ['v1.24', '1.24'],
    ['what changed in 1.24?', '1.24'],
    ["what's new in Kubernetes 1.24", '1.24'],
    ['1.24の変更点', '1.24'],
    ['1.24で何が変わった？', '1.24'],
    ['release 1.10', '1.10'],
    ['1.1', '1.1'],
  ])('%s → %s', (q, version) => {
    const a = ask(q);
    expect(a.kind).toBe('release');
    expect(a.release?.version).toBe(version);
  });

  it('lists what 1.24 removed, with its date and theme', () => {
    const a = ask('what changed in 1.24?');
    expect(a.card.title).toBe('Kubernetes 1.24 — Stargazer');
    expect(a.release).toMatchObject({
      releaseDate: '2022-05-03',
      endOfLife: '2023-07-28',
      latestPatch: '1.24.17',
    });
    expect(a.release?.removed).toContain('dockershim removal');
    expect(a.release?.stable.length).toBeGreaterThan(5);
  });

  it('answers an unknown version with the known range, not a random card', () => {
    const a = ask('release 1.99');
    expect(a.kind).toBe('error');
    expect(a.error).toEqual({
      code: 'UNKNOWN_RELEASE',
      message: 'There is no Kubernetes 1.99 in my data. Known releases: 1.0 to 1.37.',
    });
  });

  it('marks an unreleased version as planned', () => {
    const a = testBot(new Date('2026-08-24T09:00:00Z')).ask('release 1.37');
    expect(a.release?.released).toBe(false);
    expect(cardText(a)).toContain('1.37 is not released yet; planned for 2026-08-26');
  });

  it('never calls a release "planned" once its day has passed: the data is old, and it says so', () => {
    const a = ask('release 1.37');
    expect(cardText(a)).not.toContain('not released yet');
    expect(cardText(a)).toContain(
      '1.37 was planned for 2026-08-26, after the data I answer from (as of 2026-08-22), so it has most likely been released since. Run k8sbot sync',
    );
  });

  it('truncates long lists with "…and N more" and a link', () => {
    const list = ask('release 1.24').card.children.find((c) => c.type === 'list' && c.total > c.items.length);
    expect(list).toMatchObject({
      type: 'list',
      moreUrl: 'https://kubernetes.io/blog/2022/05/03/kubernetes-1-24-release-announcement/',
    });
  });
});

describe('upgrade questions', () => {
  it.each([
    ['what changed between 1.22 and 1.24', '1.22', '1.24'],
    ['upgrading from 1.23 to 1.25', '1.23', '1.25'],
    ['compare 1.28 1.30', '1.28', '1.30'],
    ['compare 1.30 1.28', '1.28', '1.30'],
  ])('%s', (q, from, to) => {
    const a = ask(q);
    expect(a.kind).toBe('compare');
    expect(a.compare).toMatchObject({ from, to });
  });

  it('lists the API removals to act on in (from, to]', () => {
    const a = ask('upgrading from 1.24 to 1.25');
    expect(a.compare?.apiRemovals).toContain('batch/v1beta1 CronJob');
    expect(a.compare?.apiRemovals).toContain('policy/v1beta1 PodSecurityPolicy');
    expect(a.compare?.apiRemovals).not.toContain('audit.k8s.io/v1beta1 Event');
  });

  it('rejects an unknown version with a clear message', () => {
    expect(ask('compare 1.22 1.99').error?.code).toBe('BAD_COMPARE');
  });

  it('names the one version of an upgrade that is no release, with the releases there are', () => {
    for (const q of ['upgrade to 1.99', 'we are upgrading to v1.58 next week', '1.77にアップグレード']) {
      const a = ask(q);
      expect(a.error?.code, q).toBe('UNKNOWN_RELEASE');
      expect(a.error?.message, q).toMatch(/1\.(99|58|77)/);
      expect(a.error?.message, q).toContain('1.37');
    }
  });
});

describe('API version questions', () => {
  it('api extensions/v1beta1 Ingress', () => {
    const a = ask('api extensions/v1beta1 Ingress');
    expect(a.api).toEqual({
      group: 'extensions',
      version: 'v1beta1',
      kind: 'Ingress',
      deprecatedIn: '1.14',
      removedIn: '1.22',
      replacement: { group: 'networking.k8s.io', version: 'v1' },
    });
    expect(cardText(a)).toContain(
      'Change apiVersion: extensions/v1beta1 to apiVersion: networking.k8s.io/v1',
    );
  });

  it('reads a pasted kubectl error', () => {
    const a = ask(
      'error: unable to recognize "cron.yaml": no matches for kind "CronJob" in version "batch/v1beta1"',
    );
    expect(a.api).toMatchObject({ group: 'batch', version: 'v1beta1', kind: 'CronJob', removedIn: '1.25' });
  });

  it('is batch/v1beta1 CronJob still served?', () => {
    expect(ask('is batch/v1beta1 CronJob still served?').api?.removedIn).toBe('1.25');
  });

  it('autoscaling/v2beta2 alone names its only kind', () => {
    expect(ask('autoscaling/v2beta2').api).toMatchObject({
      kind: 'HorizontalPodAutoscaler',
      removedIn: '1.26',
    });
  });

  it('says a current API is served', () => {
    const a = ask('is apps/v1 Deployment deprecated?');
    expect(a.kind).toBe('api');
    expect(cardText(a)).toContain(
      'apps/v1 Deployment is served as of Kubernetes 1.36, and no deprecation of it is recorded',
    );
  });

  it('PodSecurityPolicy has no replacement API and says what to use', () => {
    const a = ask('api policy/v1beta1 PodSecurityPolicy');
    expect(a.api?.replacement).toBeNull();
    expect(cardText(a)).toContain('Pod Security Admission');
  });

  it('lists every kind of a group/version that held several', () => {
    const a = ask('api extensions/v1beta1');
    expect(a.apis?.map((x) => x.kind)).toEqual(
      expect.arrayContaining(['Ingress', 'Deployment', 'DaemonSet', 'PodSecurityPolicy']),
    );
  });
});

describe('search, help and not found', () => {
  it('search probe returns scored matches', () => {
    const a = ask('search probe');
    expect(a.kind).toBe('search');
    expect(a.results?.length).toBeGreaterThan(2);
    expect(a.results?.map((r) => r.id)).toContain('grpc-probes');
    for (const r of a.results ?? []) expect(r.score).toBeGreaterThan(0);
  });

  it.each(['help', '', '   ', 'ヘルプ'])('"%s" → help', (q) => {
    expect(ask(q).kind).toBe('help');
  });

  it.each(['how do I bake bread', 'asdf qwer zxcv', '今日の天気は？', 'terraform state lock'])(
    '"%s" is not answered with a feature',
    (q) => {
      const a = ask(q);
      expect(a.kind).toBe('not_found');
      expect(a.feature).toBeUndefined();
    },
  );
});

describe('bad input', () => {
  it('answers a question over 500 characters with "too long"', () => {
    const a = ask('statefulset '.repeat(60));
    expect(a.error?.code).toBe('INPUT_TOO_LONG');
    expect(a.error?.message).toBe(
      'That question is too long (720 characters). Please keep it under 500 characters.',
    );
  });

  it('strips control characters', () => {
    expect(ask('state\u0000ful\u0007set\u200b').feature?.id).toBe('statefulset');
  });

  it.each([
    '@everyone',
    '<!channel> hi',
    '**bold** [link](http://x)',
    '\u0000\u0001\u0002',
    '\ud83d\ude00'.repeat(5),
  ])('handles hostile or binary-looking text: %j', (q) => {
    const a = ask(q);
    expect(['not_found', 'help']).toContain(a.kind);
  });

  it('never throws, whatever the input', () => {
    for (const q of [
      '',
      '\n\n',
      'v1.',
      '1.',
      'api',
      'compare',
      'release',
      'search',
      'feature',
      '??',
      '1.24 1.24',
      'kep-',
      '#',
    ]) {
      expect(() => Answer.parse(bot.ask(q))).not.toThrow();
    }
  });

  it('turns an exception inside an intent into an INTERNAL error answer', async () => {
    const { Bot } = await import('../../bot/bot.js');
    const broken = new Bot({
      corpus: bot.corpus,
      index: bot.index,
      intents: [
        {
          id: 'boom',
          match: () => true,
          run: () => {
            throw new TypeError('boom');
          },
        },
      ],
    });
    const a = broken.ask('anything');
    expect(a.kind).toBe('error');
    expect(a.error?.code).toBe('INTERNAL');
    expect(JSON.stringify(a)).not.toContain('TypeError');
  });
});
