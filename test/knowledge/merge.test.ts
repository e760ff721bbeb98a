import { describe, expect, it } from 'vitest';
import { checkCorpusWide } from '../../knowledge/check.js';
import type { Corpus } from '../../knowledge/load.js';
import { type CuratedEntry, mergeFeatures } from '../../knowledge/merge.js';
import type {
  CoreFeatureRecord,
  CuratedFeatureFile,
  GateRecord,
  GateStage,
  KepRecord,
} from '../../knowledge/schema.js';

const CITE = 'kubernetes/website content/en/docs/example.md:1 @bad70d1db164';

const kep = (number: number, title: string, over: Partial<KepRecord> = {}): KepRecord => ({
  number,
  title,
  path: `keps/sig-node/${number}-${title.toLowerCase().replace(/\W+/g, '-')}`,
  owningSig: 'sig-node',
  participatingSigs: [],
  status: 'implemented',
  stage: 'stable',
  latestMilestone: null,
  milestone: {},
  featureGates: [],
  replaces: [],
  supersededBy: [],
  url: `https://github.com/kubernetes/enhancements/tree/master/keps/sig-node/${number}`,
  creationDate: null,
  lastUpdated: null,
  ...over,
});

const row = (
  stage: GateStage['stage'],
  from: string,
  to: string | null,
  on: boolean | null,
  locked: boolean | null = null,
): GateStage => ({
  stage,
  defaultValue: on,
  fromVersion: from,
  toVersion: to,
  locked,
});

const gate = (name: string, stages: GateStage[], over: Partial<GateRecord> = {}): GateRecord => ({
  name,
  stages,
  removed: false,
  lastVersion: null,
  formerNames: [],
  keps: [],
  ...over,
});

const curated = (
  entry: Partial<CuratedFeatureFile> & Pick<CuratedFeatureFile, 'id' | 'name'>,
): CuratedEntry => ({
  file: `knowledge/features/${entry.id}.yaml`,
  entry: {
    aliases: [],
    sharedAliases: [],
    category: 'workloads',
    summary: { en: 'A summary.', ja: '概要です。' },
    keps: [],
    unlistedKeps: [],
    featureGates: [],
    apiResources: [],
    fields: [],
    examples: [],
    links: [],
    related: [],
    renames: [],
    keywords: [],
    ...entry,
  },
});

const merge = (
  facts: { keps?: KepRecord[]; gates?: GateRecord[]; core?: CoreFeatureRecord[] },
  entries: CuratedEntry[] = [],
) =>
  mergeFeatures(
    {
      keps: facts.keps ?? [],
      gates: facts.gates ?? [],
      core: facts.core ?? [],
      renames: [],
      newestReleased: '1.36',
    },
    entries,
  );
const stages = (f: { stages: Array<{ stage: string; version: string; planned?: boolean }> } | undefined) =>
  (f?.stages ?? []).map((s) => `${s.stage} ${s.version}${s.planned ? ' planned' : ''}`);

describe('a feature is a concept: records join', () => {
  it('a gate belongs to the KEP whose milestones and title match it, not to a KEP that merely lists it', () => {
    const dra = gate('DynamicResourceAllocation', [
      row('alpha', '1.30', '1.31', false),
      row('beta', '1.32', '1.33', false),
      row('stable', '1.34', null, true),
    ]);
    const own = kep(4381, 'DRA: structured parameters', {
      milestone: { alpha: '1.30', beta: '1.32', stable: '1.34' },
      featureGates: ['DynamicResourceAllocation'],
    });
    const mentions = kep(3695, 'Pod resources API for DRA', {
      milestone: { alpha: '1.27' },
      featureGates: ['KubeletPodResourcesDynamicResources', 'DynamicResourceAllocation'],
    });
    const { features } = merge({ keps: [own, mentions], gates: [dra] });
    const f4381 = features.find((f) => f.id === 'kep-4381');
    const f3695 = features.find((f) => f.id === 'kep-3695');
    expect(f4381?.gates.map((g) => g.name)).toEqual(['DynamicResourceAllocation']);
    expect(f3695?.gates).toEqual([]);
    expect(f3695?.featureGates).toEqual(['KubeletPodResourcesDynamicResources']);
    expect(stages(f4381)).toEqual(['alpha 1.30', 'beta 1.32', 'stable 1.34']);
  });

  it('joins a gate and a KEP of the same name (WatchBookmark and "Watch Bookmark")', () => {
    const { features, redirects } = merge({
      keps: [kep(956, 'Watch Bookmark')],
      gates: [
        gate(
          'WatchBookmark',
          [
            row('alpha', '1.15', '1.15', false),
            row('beta', '1.16', '1.16', true),
            row('stable', '1.17', '1.32', true),
          ],
          { removed: true, lastVersion: '1.32' },
        ),
      ],
    });
    expect(features).toHaveLength(1);
    expect(features[0]?.id).toBe('kep-956');
    expect(stages(features[0])).toEqual(['alpha 1.15', 'beta 1.16', 'stable 1.17']);
    expect(features[0]?.stages.find((s) => s.stage === 'stable')?.gateRemovedIn).toBe('1.33');
    expect(redirects.get('gate-watch-bookmark')).toBe('kep-956');
  });

  it('joins a KEP with the KEPs it replaces and that supersede it', () => {
    const old = kep(3063, 'DRA classic', {
      status: 'withdrawn',
      milestone: { alpha: '1.26', removed: '1.32' },
    });
    const next = kep(4381, 'DRA structured', {
      milestone: { alpha: '1.30', stable: '1.34' },
      replaces: ['keps/sig-node/3063-dra-classic'],
    });
    const { features, redirects } = merge({ keps: [old, next] });
    expect(features.map((f) => f.id)).toEqual(['kep-4381']);
    expect(features[0]?.keps).toEqual([4381, 3063]);
    // The withdrawn predecessor's removal is not the feature's.
    expect(stages(features[0])).toEqual(['alpha 1.30', 'stable 1.34']);
    expect(redirects.get('kep-3063')).toBe('kep-4381');
  });

  it("a helper gate's removal stays with the helper; the feature lives on", () => {
    const main = gate('MainGate', [row('alpha', '1.30', '1.31', false), row('stable', '1.32', null, true)]);
    const helper = gate('HelperGate', [row('alpha', '1.30', '1.31', false)], {
      removed: true,
      lastVersion: '1.31',
    });
    const { features } = merge({
      keps: [
        kep(7000, 'Main feature', {
          milestone: { alpha: '1.30', stable: '1.32' },
          featureGates: ['MainGate', 'HelperGate'],
        }),
      ],
      gates: [main, helper],
    });
    expect(stages(features[0])).toEqual(['alpha 1.30', 'stable 1.32']);
    expect(features[0]?.gates.find((g) => g.name === 'HelperGate')).toMatchObject({
      primary: false,
      removedIn: '1.32',
    });
  });

  it('a curated entry claims its gates, even from a KEP that owns them, and its first gate is the feature own', () => {
    const job = gate(
      'JobPodFailurePolicy',
      [
        row('alpha', '1.25', '1.25', false),
        row('beta', '1.26', '1.30', true),
        row('stable', '1.31', '1.32', true),
      ],
      { removed: true, lastVersion: '1.32' },
    );
    const disruption = gate(
      'PodDisruptionConditions',
      [
        row('alpha', '1.25', '1.25', false),
        row('beta', '1.26', '1.30', true),
        row('stable', '1.31', '1.33', true),
      ],
      { removed: true, lastVersion: '1.33' },
    );
    const { features, problems } = merge(
      {
        keps: [
          kep(3329, 'Retriable and non-retriable Pod failures', {
            milestone: { alpha: '1.25', beta: '1.26', stable: '1.31' },
            featureGates: ['PodDisruptionConditions', 'JobPodFailurePolicy'],
          }),
        ],
        gates: [job, disruption],
      },
      [
        curated({
          id: 'pod-failure-policy',
          name: 'Job pod failure policy',
          keps: [3329],
          featureGates: ['JobPodFailurePolicy', 'PodDisruptionConditions'],
        }),
      ],
    );
    expect(problems).toEqual([]);
    const f = features.find((x) => x.id === 'pod-failure-policy');
    expect(f?.gates.map((g) => `${g.name}${g.primary ? ' (own)' : ''}`)).toEqual([
      'JobPodFailurePolicy (own)',
      'PodDisruptionConditions',
    ]);
    expect(f?.stages.find((s) => s.stage === 'stable')?.gateRemovedIn).toBe('1.33');
  });

  it('a second GA row that only locks the gate is not a second GA', () => {
    const { features } = merge({
      gates: [
        gate('LockedLater', [
          row('beta', '1.30', '1.33', true),
          row('stable', '1.34', '1.34', true),
          row('stable', '1.35', null, true, true),
        ]),
      ],
    });
    expect(stages(features[0])).toEqual(['beta 1.30', 'stable 1.34']);
    expect(features[0]?.stages.at(-1)?.lockedIn).toBe('1.35');
  });

  it('an old gate name contributes its early rows, never its deprecation (RequestManagement → APIPriorityAndFairness)', () => {
    const old = gate(
      'RequestManagement',
      [row('alpha', '1.15', '1.16', false), row('deprecated', '1.17', '1.17', false)],
      { removed: true, lastVersion: '1.17' },
    );
    const apf = gate(
      'APIPriorityAndFairness',
      [
        row('alpha', '1.18', '1.19', false),
        row('beta', '1.20', '1.28', true),
        row('stable', '1.29', '1.30', true),
      ],
      { removed: true, lastVersion: '1.30', formerNames: ['RequestManagement'] },
    );
    const { features } = merge({ gates: [old, apf] });
    expect(features).toHaveLength(1);
    expect(stages(features[0])).toEqual(['alpha 1.15', 'alpha 1.18', 'beta 1.20', 'stable 1.29']);
    expect(features[0]?.gates[0]?.formerNames).toEqual(['RequestManagement']);
  });

  it('a stage in a release that has not happened is a plan, wherever it comes from', () => {
    const { features } = merge({
      gates: [gate('Early', [row('alpha', '1.36', '1.36', false), row('beta', '1.37', null, true)])],
    });
    expect(stages(features[0])).toEqual(['alpha 1.36', 'beta 1.37 planned']);
  });

  it('a core feature is off by default where its gate says so', () => {
    const core: CoreFeatureRecord = {
      id: 'thing',
      name: 'Thing',
      category: 'workloads',
      formerNames: [],
      kinds: [],
      featureGates: ['ThingGate'],
      keps: [],
      replaces: null,
      replacedBy: null,
      stages: [
        { stage: 'beta', version: '1.20', basis: 'stated', sources: [CITE] },
        { stage: 'stable', version: '1.22', basis: 'stated', sources: [CITE] },
      ],
      facts: [],
    };
    const { features } = merge({
      core: [core],
      gates: [gate('ThingGate', [row('beta', '1.20', '1.21', false), row('stable', '1.22', null, true)])],
    });
    expect(features[0]?.stages[0]).toMatchObject({ stage: 'beta', enabledByDefault: false });
  });
});

describe('corpus-wide checks report every violation', () => {
  it('a GA gate in two features, a living feature shown as removed, a placeholder description', () => {
    const g = gate('SharedGate', [row('alpha', '1.20', '1.20', false), row('stable', '1.21', null, true)]);
    const merged = merge({ gates: [g] });
    const f = merged.features[0];
    if (!f) throw new Error('no feature');
    const removedTwin = {
      ...f,
      id: 'twin',
      name: 'Twin',
      curated: true,
      summary: { en: 'TODO: write this.', ja: 'TODO です。' },
      stages: [...f.stages, { stage: 'removed' as const, version: '1.30' }],
    };
    const corpus = {
      features: [f, removedTwin],
      gates: [g],
      releases: [],
      apiRemovals: [],
      newestReleased: '1.36',
      featureById: new Map(),
      releaseByVersion: new Map(),
    } as unknown as Corpus;
    const problems = checkCorpusWide(corpus).map((p) => `${p.file} ${p.path}: ${p.message}`);
    expect(problems).toContainEqual(
      expect.stringMatching(/^gate SharedGate owners: went GA in 1\.21 and belongs to 2 features/),
    );
    expect(problems).toContainEqual(
      expect.stringMatching(
        /^feature twin stages: is shown as removed in 1\.30, but its own gate SharedGate is still stable/,
      ),
    );
    expect(problems).toContainEqual('feature twin summary: the description is a placeholder');
  });
});
