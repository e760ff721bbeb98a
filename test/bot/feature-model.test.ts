/** The cards issue 10 found wrong, as a user sees them now: one feature, one card, right history, right APIs. */
import { describe, expect, it } from 'vitest';
import type { Answer } from '../../bot/answer.js';
import { cardToText } from '../../bot/render-text.js';
import { describeFeature } from '../../bot/views/describe.js';
import { changesIn } from '../../knowledge/changes.js';
import { realCorpus, testBot } from '../helpers.js';

const bot = testBot();
const ask = (q: string, lang?: 'en' | 'ja') => bot.ask(q, lang ? { lang } : {});
const text = (a: Answer) => cardToText(a.card);
const stages = (a: Answer) => (a.feature?.stages ?? []).map((s) => `${s.stage} ${s.version}`);

describe('one feature, one card', () => {
  it('Dynamic Resource Allocation is GA since 1.34, never "removed"; its withdrawn classic KEP and helper gate are parts', () => {
    for (const q of ['dynamic resource allocation', 'DRA', 'DynamicResourceAllocation']) {
      const a = ask(q);
      expect(a.feature?.id, q).toBe('dynamic-resource-allocation');
      expect(a.card.subtitle).toMatch(/^GA since 1\.34/);
      expect(stages(a).some((s) => s.startsWith('removed'))).toBe(false);
    }
    const a = ask('DRAControlPlaneController');
    expect(a.feature?.gates.find((g) => g.name === 'DRAControlPlaneController')).toMatchObject({
      removedIn: '1.32',
    });
    expect(text(a)).toContain(
      'DRAControlPlaneController is one of the feature gates of Dynamic Resource Allocation',
    );
  });

  it('a gate and the KEP of the same feature are one card with the gate history', () => {
    expect(ask('WatchBookmark').feature?.id).toBe(ask('KEP-956').feature?.id);
    expect(ask('WatchBookmark').card.subtitle).toMatch(/GA since 1\.17/);
    expect(ask('hugepages').card.subtitle).toMatch(/GA since 1\.14/);
    expect(ask('ValidatingAdmissionPolicy').feature?.id).toBe(ask('KEP-3488').feature?.id);
    for (const q of ['DryRun', 'VolumeSubpathEnvExpansion'])
      expect(ask(q).feature?.keps.length, q).toBeGreaterThan(0);
  });

  it('an old gate name deprecated is not the feature deprecated (API Priority and Fairness, 1.17)', () => {
    const apf = ask('APIPriorityAndFairness');
    expect(apf.card.subtitle).toMatch(/^GA since 1\.29/);
    expect(stages(apf).some((s) => s.startsWith('deprecated'))).toBe(false);
    const c117 = changesIn(realCorpus(), '1.17');
    expect(c117.deprecated.map((c) => c.feature.id)).not.toContain('api-priority-and-fairness');
  });

  it('the TokenRequest card shows its own history', () => {
    const a = ask('TokenRequest');
    expect(a.feature?.id).toBe('bound-service-account-tokens');
    expect(a.feature?.stages.find((s) => s.stage === 'stable')?.version).toBe('1.20');
  });

  it('a field on a broad card does not win over the feature named after it', () => {
    expect(ask('pod failure policy').feature?.id).toBe('pod-failure-policy');
    expect(ask('internal traffic policy').feature?.id).toBe('service-internal-traffic-policy');
  });

  it('no release lists a feature twice', () => {
    for (const r of realCorpus().releases) {
      const c = changesIn(realCorpus(), r.version, { planned: !r.released });
      for (const list of [c.stable, c.beta, c.alpha, c.deprecated, c.removed]) {
        const names = list.map((x) => `${x.feature.name}${x.scope ?? ''}`);
        expect(new Set(names).size, `${r.version}: ${names.join(', ')}`).toBe(names.length);
      }
    }
  });
});

describe('every feature has a description that reads as sentences', () => {
  it('curated ones are written by hand, the others are made from their facts in both languages', () => {
    const corpus = realCorpus();
    for (const lang of ['en', 'ja'] as const) {
      const ctx = bot.context(lang);
      for (const f of corpus.features) {
        const d = f.summary ? f.summary[lang] : describeFeature(f, ctx);
        expect(d.length, f.id).toBeGreaterThan(20);
        expect(d, f.id).not.toMatch(
          /\bundefined\b|\bnull\b|\bNaN\b|No hand-written|KEP-undefined|手書きの解説/,
        );
        expect(d, f.id).toMatch(lang === 'en' ? /[.!?]$/ : /[。！？]$/);
      }
    }
    for (const q of ['KEP-4355', 'seccomp default', 'swap', 'KMS v2', 'volume snapshots']) {
      expect(text(ask(q)), q).not.toMatch(/No hand-written description|KEP-undefined/);
    }
  });
});

describe('API answers that are right', () => {
  it('a group/version removed with its feature is never "served"', () => {
    const a = ask('api networking.k8s.io/v1alpha1 ClusterCIDR');
    expect(text(a)).toContain('is no longer served');
    expect(text(a)).not.toMatch(/is served as of/);
  });

  it('a version of a known group that never existed is said to be so', () => {
    const a = ask('api apps/v1beta3');
    expect(a.kind).toBe('api');
    expect(text(a)).toMatch(
      /Kubernetes never served apps\/v1beta3\. The versions of apps I know are v1, v1alpha1, v1beta1, v1beta2\./,
    );
  });

  it('a replacement points to a version served today, and a change of kind says so', () => {
    const tpr = ask('api extensions/v1beta1 ThirdPartyResource');
    expect(tpr.api?.replacement).toEqual({
      group: 'apiextensions.k8s.io',
      version: 'v1',
      kind: 'CustomResourceDefinition',
    });
    expect(text(tpr)).toContain('This is not only an apiVersion change: ThirdPartyResource');
    expect(text(tpr)).toContain(
      'was itself removed later; move straight to apiextensions.k8s.io/v1 CustomResourceDefinition',
    );
    expect(ask('api resource.k8s.io/v1alpha3 ResourceClaim').api?.replacement).toEqual({
      group: 'resource.k8s.io',
      version: 'v1',
    });
  });

  it('the 1.24 card does not list flowcontrol v1beta3 as deprecated (it was first served in 1.26)', () => {
    expect(text(ask('release 1.24'))).not.toContain('flowcontrol.apiserver.k8s.io/v1beta3');
    expect(ask('api flowcontrol.apiserver.k8s.io/v1beta3 FlowSchema').api?.deprecatedIn).toBe('1.29');
  });
});

describe('Japanese cards are in Japanese', () => {
  const ja = (q: string) => text(ask(q, 'ja'));

  it('no English from the bot itself: "more", gate removal notes, KEP status, example titles, categories', () => {
    const cards = [
      ja('release 1.24'),
      ja('DRAControlPlaneController'),
      ja('KEP-600'),
      ja('cronjob timezone'),
      ja('user namespaces'),
      ja('api extensions/v1beta1'),
    ];
    for (const t of cards) {
      expect(t).not.toMatch(
        /…and \d+ more|\(feature gate|gate locked on|\((?:off|on) by default|KEP の状態: withdrawn|Example:| · workloads| · node-runtime/,
      );
    }
    expect(ja('release 1.24')).toMatch(/…ほか \d+ 件/);
    expect(ja('cronjob timezone')).toContain('例: 平日の東京時間 9:00 に実行するレポート');
    expect(ja('KEP-600')).toMatch(/取り下げ/);
  });

  it('Japanese punctuation between Japanese items, and former names only for real former names', () => {
    const t = ja('user namespaces');
    expect(t).not.toContain('旧称 UserNamespacesStatelessPodsSupport ·');
    expect(ja('statefulset')).toContain('旧称 PetSet');
    expect(ja('release 1.24')).not.toMatch(/[ぁ-んァ-ン一-龥], [ぁ-んァ-ン一-龥]/);
    expect(ask('sts', 'ja').card.subtitle).toContain('ワークロード');
  });
});
