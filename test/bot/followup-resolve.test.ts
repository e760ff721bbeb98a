import { describe, expect, it } from 'vitest';
import { type FollowUp, resolveFollowUp, shiftVersion } from '../../bot/followup/resolve.js';
import { readTopic, type ThreadTopic } from '../../bot/followup/topic.js';
import { MAX_FOLLOW_UP_CHARS, readSignals } from '../../bot/followup/words.js';

const feature: ThreadTopic = {
  v: 1,
  kind: 'feature',
  q: 'feature petset',
  lang: 'en',
  feature: { id: 'statefulset', name: 'StatefulSet' },
};
const sidecar: ThreadTopic = {
  v: 1,
  kind: 'feature',
  q: 'is the sidecar feature on by default in 1.28?',
  lang: 'en',
  feature: { id: 'sidecar-containers', name: 'Sidecar containers' },
  version: '1.28',
  aspect: 'default',
};
const jaFeature: ThreadTopic = { ...feature, q: 'ステートフルセット', lang: 'ja' };
const release: ThreadTopic = {
  v: 1,
  kind: 'release',
  q: 'what changed in 1.26?',
  lang: 'en',
  version: '1.26',
};
const compare: ThreadTopic = {
  v: 1,
  kind: 'compare',
  q: 'upgrading from 1.23 to 1.25',
  lang: 'en',
  from: '1.23',
  to: '1.25',
};
const api: ThreadTopic = {
  v: 1,
  kind: 'api',
  q: 'is batch/v1beta1 CronJob still served?',
  lang: 'en',
  api: { group: 'batch', version: 'v1beta1', kind: 'CronJob' },
};

const question = (f: FollowUp | null) => (f?.type === 'ask' ? f.question : f?.type);

describe('resolveFollowUp: a feature thread', () => {
  it.each([
    ['and in 1.25?', 'is StatefulSet available in 1.25?'],
    ['what about 1.28', 'is StatefulSet available in 1.28?'],
    ['How about v1.28?', 'is StatefulSet available in 1.28?'],
    ['and on 1.9.3?', 'is StatefulSet available in 1.9?'],
    ['1.25?', 'is StatefulSet available in 1.25?'],
    ['1.25は？', 'is StatefulSet available in 1.25?'],
    ['１．２５では？', 'is StatefulSet available in 1.25?'],
    ['1.25だと使える？', 'is StatefulSet available in 1.25?'],
    ['what about beta?', 'when did StatefulSet go beta?'],
    ['when did it go GA?', 'when did StatefulSet go GA?'],
    ['When did it become generally available?', 'when did StatefulSet go GA?'],
    ['when was it deprecated?', 'when was StatefulSet deprecated?'],
    ['and when was it removed?', 'when was StatefulSet removed?'],
    ['alpha?', 'when did StatefulSet go alpha?'],
    ['is it still beta?', 'is StatefulSet beta?'],
    ['GA in 1.9?', 'is StatefulSet GA in 1.9?'],
    ['is it on by default in 1.28?', 'is StatefulSet on by default in 1.28?'],
    ['enabled by default?', 'is StatefulSet on by default?'],
    ['ベータは？', 'when did StatefulSet go beta?'],
    ['いつGAになった？', 'when did StatefulSet go GA?'],
    ['いつ非推奨になりましたか', 'when was StatefulSet deprecated?'],
    ['まだベータ？', 'is StatefulSet beta?'],
    ['デフォルトで有効？', 'is StatefulSet on by default?'],
  ])('%s → %s', (text, expected) => {
    const f = resolveFollowUp(feature, text);
    expect(f).toMatchObject({ type: 'ask', featureId: 'statefulset' });
    expect(question(f)).toBe(expected);
  });

  it('shows the YAML examples', () => {
    for (const text of [
      'show me the YAML',
      'YAML please',
      'can you show an example?',
      'manifest?',
      'yaml',
      'YAMLを見せて',
      'サンプルを見せてください',
      '例は？',
    ]) {
      expect(resolveFollowUp(feature, text), text).toMatchObject({
        type: 'examples',
        featureId: 'statefulset',
      });
    }
    expect(resolveFollowUp(feature, 'YAMLを見せて')).toMatchObject({ lang: 'ja' });
    expect(resolveFollowUp(feature, 'show me the YAML')).not.toHaveProperty('lang');
  });

  it('asks the same question again in the language asked for', () => {
    expect(resolveFollowUp(feature, '日本語で')).toEqual({
      type: 'ask',
      question: 'feature petset',
      featureId: 'statefulset',
      hints: {},
      lang: 'ja',
    });
    expect(resolveFollowUp(jaFeature, 'in English please')).toMatchObject({
      question: 'ステートフルセット',
      lang: 'en',
    });
    expect(resolveFollowUp(jaFeature, '英語で')).toMatchObject({ lang: 'en' });
    expect(resolveFollowUp(feature, 'Japanese?')).toMatchObject({ lang: 'ja' });
    // A topic showing the examples shows them again.
    expect(resolveFollowUp({ ...feature, view: 'examples' }, '日本語で')).toEqual({
      type: 'examples',
      featureId: 'statefulset',
      lang: 'ja',
    });
    // Without a question to ask again, the feature itself.
    const { q: _q, ...noQuestion } = feature;
    expect(question(resolveFollowUp(noQuestion, 'in Japanese'))).toBe('feature statefulset');
  });

  it('keeps asking what the thread asked when only the version changes', () => {
    expect(question(resolveFollowUp(sidecar, 'and in 1.29?'))).toBe(
      'is Sidecar containers on by default in 1.29?',
    );
    expect(question(resolveFollowUp(sidecar, 'the previous release?'))).toBe(
      'is Sidecar containers on by default in 1.27?',
    );
    expect(question(resolveFollowUp(sidecar, '次のバージョンは？'))).toBe(
      'is Sidecar containers on by default in 1.29?',
    );
    expect(resolveFollowUp(sidecar, 'and in 1.29?')).toMatchObject({
      hints: { version: '1.29', aspect: 'default' },
    });
    expect(question(resolveFollowUp(sidecar, 'what about beta?'))).toBe(
      'when did Sidecar containers go beta?',
    );
    expect(question(resolveFollowUp({ ...sidecar, aspect: 'beta' }, 'and 1.30?'))).toBe(
      'is Sidecar containers beta in 1.30?',
    );
  });

  it('answers in the language of the follow-up, or the thread’s when it has no words of a language', () => {
    expect(resolveFollowUp(feature, '1.25は？')).toMatchObject({ lang: 'ja' });
    expect(resolveFollowUp(feature, 'and in 1.25?')).not.toHaveProperty('lang');
    expect(resolveFollowUp(jaFeature, '1.25?')).toMatchObject({ lang: 'ja' });
    expect(resolveFollowUp(jaFeature, 'GA?')).toMatchObject({ lang: 'ja' });
    expect(resolveFollowUp(feature, 'GA?')).toMatchObject({ lang: 'en' });
    expect(resolveFollowUp(feature, '日本語で1.25は？')).toMatchObject({
      question: 'is StatefulSet available in 1.25?',
      lang: 'ja',
    });
  });
});

describe('resolveFollowUp: release, upgrade and API threads', () => {
  it.each(
    (
      [
        [release, 'and 1.27?', 'release 1.27'],
        [release, 'what about 1.28', 'release 1.28'],
        [release, '1.25は？', 'release 1.25'],
        [release, 'the previous release', 'release 1.25'],
        [release, 'and the next one?', 'release 1.27'],
        [release, '前のリリースは？', 'release 1.25'],
        [release, '次は？', 'release 1.27'],
        [release, 'upgrading to 1.28?', 'upgrading from 1.26 to 1.28'],
        [release, 'from 1.24?', 'upgrading from 1.24 to 1.26'],
        [release, '日本語で', 'what changed in 1.26?'],
        [compare, 'from 1.24 instead', 'upgrading from 1.24 to 1.25'],
        [compare, 'and to 1.27?', 'upgrading from 1.23 to 1.27'],
        [compare, 'what about 1.26?', 'upgrading from 1.23 to 1.26'],
        [compare, 'and 1.22?', 'upgrading from 1.22 to 1.25'],
        [compare, '1.22からだと？', 'upgrading from 1.22 to 1.25'],
        [compare, '1.28までは？', 'upgrading from 1.23 to 1.28'],
        [compare, 'in English', 'upgrading from 1.23 to 1.25'],
        [api, 'and in 1.25?', 'is batch/v1beta1 CronJob served in 1.25?'],
        [api, '1.20では？', 'is batch/v1beta1 CronJob served in 1.20?'],
        [api, '日本語で', 'is batch/v1beta1 CronJob still served?'],
      ] as Array<[ThreadTopic, string, string]>
    ).map(([topic, text, expected]) => ({ kind: topic.kind, topic, text, expected })),
  )('$kind: $text → $expected', ({ topic, text, expected }) => {
    expect(question(resolveFollowUp(topic, text))).toBe(expected);
  });

  it('does not read stages, defaults or YAML into a release, upgrade or API thread', () => {
    for (const topic of [release, compare, api]) {
      for (const text of ['what about beta?', 'when did it go GA?', 'show me the YAML', 'on by default?']) {
        expect(resolveFollowUp(topic, text), `${topic.kind}: ${text}`).toBeNull();
      }
    }
    expect(resolveFollowUp(compare, 'the previous release')).toBeNull();
    expect(resolveFollowUp(compare, 'from 1.25?')).toBeNull();
  });

  it('shifts versions and never goes below 1.0', () => {
    expect(shiftVersion('1.26', -1)).toBe('1.25');
    expect(shiftVersion('1.9', 1)).toBe('1.10');
    expect(shiftVersion('1.0', -1)).toBeUndefined();
    expect(question(resolveFollowUp({ ...release, version: '1.0' }, 'the previous release'))).toBeUndefined();
  });
});

describe('resolveFollowUp: what is not a follow-up', () => {
  it.each([
    '1.25',
    'v1.25',
    'thanks!',
    'ありがとう',
    'ok',
    'and?',
    'what about it?',
    'what about cronjob?',
    'and CronJob in 1.25?',
    'what changed between 1.22 and 1.24?',
    'compare 1.22 1.24',
    'release 1.25',
    'upgrade to 1.25',
    'help',
    'is PodSecurityPolicy removed in 1.25?',
    'クーロンジョブは？',
    'what about 2.5?',
    'what about 1?',
    'in 1.2.3.4?',
    '',
    '   ',
    '?',
    '@everyone and in 1.25?',
    '<@U123> and in 1.25?',
  ])('%j', (text) => {
    expect(resolveFollowUp(feature, text)).toBeNull();
    expect(resolveFollowUp(release, text)).toBeNull();
  });

  it('is never fooled by hostile input and never throws', () => {
    const hostile = [
      '__proto__',
      'constructor',
      'constructor?',
      '__proto__ in 1.25?',
      'toString',
      'hasOwnProperty',
      'valueOf?',
      'prototype',
      '\u0000\u0001 1.25?',
      '\u202e1.25?',
      '1.25?'.repeat(100),
      'a'.repeat(1_000_000),
      `${'1.'.repeat(50_000)}1`,
      `${'and '.repeat(25_000)}1.25?`,
      'ベータ'.repeat(10_000),
      '😀 and in 1.25? 😀',
      '\ud800 1.25?',
      'in 1.25?\n'.repeat(30),
    ];
    for (const text of hostile) {
      const started = performance.now();
      expect(() => resolveFollowUp(feature, text), text.slice(0, 20)).not.toThrow();
      expect(performance.now() - started).toBeLessThan(50);
    }
    expect(resolveFollowUp(feature, '__proto__')).toBeNull();
    expect(resolveFollowUp(feature, 'constructor?')).toBeNull();
    expect(resolveFollowUp(feature, 'a'.repeat(1_000_000))).toBeNull();
    // Not a string at all (a bad caller): not a follow-up.
    expect(resolveFollowUp(feature, undefined as unknown as string)).toBeNull();
    expect(resolveFollowUp(feature, { length: 3 } as unknown as string)).toBeNull();
  });

  it('reads only short text', () => {
    const padding = ' '.repeat(MAX_FOLLOW_UP_CHARS);
    expect(question(resolveFollowUp(feature, `and in 1.25?${padding}`))).toBe(
      'is StatefulSet available in 1.25?',
    );
    expect(resolveFollowUp(feature, `and in 1.25? ${'please '.repeat(20)}`)).toBeNull();
  });

  it('reads signals from a closed vocabulary with Map lookups only', () => {
    expect(readSignals('what about beta in 1.29?')).toMatchObject({
      versions: ['1.29'],
      stage: 'beta',
      marked: true,
      english: true,
    });
    expect(readSignals('__proto__')).toBeUndefined();
    expect(readSignals('hasOwnProperty')).toBeUndefined();
    expect(readSignals('1.25')).toMatchObject({ versions: ['1.25'], marked: false, english: false });
  });
});

describe('thread topics', () => {
  it('reads only valid topics; a stored value of another shape is no topic', () => {
    expect(readTopic(feature)).toEqual(feature);
    for (const bad of [
      null,
      'feature',
      42,
      [],
      {},
      { ...feature, v: 2 },
      { ...feature, kind: 'digest' },
      { ...feature, extra: 1 },
      { ...release, version: '2.0' },
      { ...feature, q: 'x'.repeat(201) },
      JSON.parse('{"__proto__": {"kind": "feature"}}'),
    ]) {
      expect(readTopic(bad)).toBeUndefined();
    }
  });

  it('stays small', () => {
    for (const topic of [feature, sidecar, release, compare, api]) {
      expect(Buffer.byteLength(JSON.stringify(topic))).toBeLessThan(300);
    }
  });
});
