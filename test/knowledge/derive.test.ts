import { describe, expect, it } from 'vitest';
import {
  featureFromCore,
  featureFromGate,
  GateBook,
  primaryGate,
  stagesForKep,
} from '../../knowledge/derive.js';
import type { CoreFeatureRecord, GateRecord, KepRecord } from '../../knowledge/schema.js';

const CITE = 'kubernetes/website content/en/docs/example.md:1 @bad70d1db164';

const kep = (over: Partial<KepRecord>): KepRecord => ({
  number: 9999,
  title: 'Example enhancement',
  path: 'keps/sig-apps/9999-example',
  owningSig: 'sig-apps',
  participatingSigs: [],
  status: 'implemented',
  stage: 'stable',
  latestMilestone: '1.30',
  milestone: {},
  featureGates: [],
  replaces: [],
  supersededBy: [],
  url: 'https://github.com/kubernetes/enhancements/tree/master/keps/sig-apps/9999-example',
  creationDate: null,
  lastUpdated: null,
  ...over,
});

const gate = (over: Partial<GateRecord>): GateRecord => ({
  name: 'ExampleGate',
  stages: [],
  removed: false,
  lastVersion: null,
  formerNames: [],
  keps: [],
  ...over,
});

const rows = (stages: { stage: string; version: string; planned?: boolean; unconfirmed?: boolean }[]) =>
  stages.map(
    (s) => `${s.stage} ${s.version}${s.planned ? ' planned' : ''}${s.unconfirmed ? ' unconfirmed' : ''}`,
  );

describe('stage history of a KEP', () => {
  const book = (...gates: GateRecord[]) => new GateBook(gates, []);

  it('takes stages from the gate page where the KEP milestone disagrees', () => {
    const g = gate({
      stages: [
        { stage: 'alpha', defaultValue: false, fromVersion: '1.4', toVersion: '1.10', locked: null },
        { stage: 'beta', defaultValue: true, fromVersion: '1.11', toVersion: null, locked: null },
      ],
    });
    const k = kep({ milestone: { alpha: '1.8', beta: '1.11' }, featureGates: ['ExampleGate'] });
    expect(rows(stagesForKep(k, book(g), '1.36'))).toEqual(['alpha 1.4', 'beta 1.11']);
  });

  it('shows KEP milestones after the newest release as planned, not as history', () => {
    const k = kep({ status: 'implementable', milestone: { alpha: '1.35', beta: '1.37', stable: '1.39' } });
    expect(rows(stagesForKep(k, book(), '1.36'))).toEqual([
      'alpha 1.35 unconfirmed',
      'beta 1.37 planned',
      'stable 1.39 planned',
    ]);
  });

  it('drops a past GA target that the gate never reached', () => {
    const g = gate({
      stages: [{ stage: 'beta', defaultValue: true, fromVersion: '1.30', toVersion: null, locked: null }],
    });
    const k = kep({ milestone: { beta: '1.30', stable: '1.33' }, featureGates: ['ExampleGate'] });
    expect(rows(stagesForKep(k, book(g), '1.36'))).toEqual(['beta 1.30']);
  });

  it('never removes a feature whose gate was removed after GA', () => {
    const g = gate({
      removed: true,
      lastVersion: '1.28',
      stages: [
        { stage: 'alpha', defaultValue: false, fromVersion: '1.24', toVersion: '1.24', locked: null },
        { stage: 'stable', defaultValue: true, fromVersion: '1.27', toVersion: '1.28', locked: null },
      ],
    });
    const history = stagesForKep(kep({ featureGates: ['ExampleGate'] }), book(g), '1.36');
    expect(history.some((s) => s.stage === 'removed')).toBe(false);
    expect(history.find((s) => s.stage === 'stable')?.gateRemovedIn).toBe('1.29');
  });

  it('removes a feature with its gate when the gate never went GA, in the release after the last one', () => {
    const g = gate({
      removed: true,
      lastVersion: '1.28',
      stages: [{ stage: 'alpha', defaultValue: false, fromVersion: '1.25', toVersion: '1.28', locked: null }],
    });
    const history = stagesForKep(
      kep({ status: 'withdrawn', featureGates: ['ExampleGate'] }),
      book(g),
      '1.36',
    );
    expect(rows(history)).toEqual(['alpha 1.25', 'removed 1.29']);
  });

  it('prefers a KEP removal milestone over the removal derived from the gate', () => {
    const g = gate({
      removed: true,
      lastVersion: '1.25',
      stages: [
        { stage: 'alpha', defaultValue: false, fromVersion: '1.4', toVersion: '1.10', locked: null },
        { stage: 'deprecated', defaultValue: false, fromVersion: '1.22', toVersion: '1.25', locked: null },
      ],
    });
    const k = kep({ status: 'removed', milestone: { removed: '1.24' }, featureGates: ['ExampleGate'] });
    expect(rows(stagesForKep(k, book(g), '1.36'))).toEqual(['alpha 1.4', 'deprecated 1.22', 'removed 1.24']);
  });

  it('keeps a default change made in a patch release of the same minor', () => {
    const g = gate({
      stages: [
        { stage: 'beta', defaultValue: true, fromVersion: '1.35', toVersion: '1.35', locked: null },
        { stage: 'beta', defaultValue: false, fromVersion: '1.35', toVersion: null, locked: null },
      ],
    });
    const [row] = stagesForKep(kep({ featureGates: ['ExampleGate'] }), book(g), '1.36');
    expect(row).toMatchObject({
      stage: 'beta',
      version: '1.35',
      enabledByDefault: false,
      defaultChangedInPatch: true,
    });
  });

  it('ignores milestones of a withdrawn KEP that has no gate', () => {
    expect(stagesForKep(kep({ status: 'withdrawn', milestone: { alpha: '1.24' } }), book(), '1.36')).toEqual(
      [],
    );
  });

  it('picks the gate that agrees with most KEP milestones as the primary gate', () => {
    const early = gate({
      name: 'Early',
      stages: [{ stage: 'alpha', defaultValue: false, fromVersion: '1.10', toVersion: null, locked: null }],
    });
    const main = gate({
      name: 'Main',
      stages: [
        { stage: 'alpha', defaultValue: false, fromVersion: '1.13', toVersion: '1.20', locked: null },
        { stage: 'beta', defaultValue: true, fromVersion: '1.21', toVersion: null, locked: null },
      ],
    });
    const k = kep({ milestone: { alpha: '1.13', beta: '1.21' }, featureGates: ['Early', 'Main'] });
    expect(primaryGate(k, book(early, main))?.name).toBe('Main');
  });

  it('prepends the history of a renamed gate, marked with its old name', () => {
    const old = gate({
      name: 'OldName',
      removed: true,
      lastVersion: '1.27',
      stages: [{ stage: 'alpha', defaultValue: false, fromVersion: '1.25', toVersion: '1.27', locked: null }],
    });
    const current = gate({
      name: 'NewName',
      stages: [{ stage: 'alpha', defaultValue: false, fromVersion: '1.28', toVersion: null, locked: null }],
    });
    const b = new GateBook(
      [old, current],
      [
        {
          old: 'OldName',
          new: 'NewName',
          kind: 'feature gate',
          version: '1.28',
          versionMeaning: 'renamed',
          kep: null,
          sources: [
            'kubernetes/sig-release releases/release-1.28/release-notes/release-notes-draft.md:1 @e8dfc80571dc',
          ],
        },
      ],
    );
    const f = featureFromGate(current, b);
    expect(f.stages.map((s) => `${s.stage} ${s.version}${s.as ? ` as ${s.as}` : ''}`)).toEqual([
      'alpha 1.25 as OldName',
      'alpha 1.28',
    ]);
    expect(b.renamedAway().has('oldname')).toBe(true);
  });
});

describe('core features', () => {
  const core: CoreFeatureRecord = {
    id: 'statefulset',
    name: 'StatefulSet',
    category: 'workloads',
    formerNames: [{ name: 'PetSet', until: '1.5' }],
    kinds: [{ group: 'apps', kind: 'StatefulSet' }],
    featureGates: [],
    keps: [],
    replaces: null,
    replacedBy: null,
    stages: [
      {
        stage: 'alpha',
        version: '1.3',
        apiVersion: 'apps/v1alpha1',
        basis: 'stated',
        sources: [CITE],
      },
      {
        stage: 'stable',
        version: '1.9',
        apiVersion: 'apps/v1',
        basis: 'stated',
        sources: [CITE],
      },
      {
        stage: 'removed',
        version: '1.16',
        appliesTo: ['apps/v1beta1'],
        basis: 'stated',
        sources: [CITE],
      },
    ],
    facts: [],
  };

  it('marks rows before a rename with the former name and keeps old-API removals scoped', () => {
    const f = featureFromCore(core);
    expect(f.stages[0]).toMatchObject({ stage: 'alpha', version: '1.3', as: 'PetSet' });
    expect(f.stages[1]?.as).toBeUndefined();
    expect(f.stages[2]).toMatchObject({ stage: 'removed', appliesTo: ['apps/v1beta1'] });
  });

  it('derives the current API resource from the newest feature-wide API version', () => {
    expect(featureFromCore(core).apiResources).toEqual([
      { group: 'apps', version: 'v1', kind: 'StatefulSet' },
    ]);
    expect(featureFromCore(core).aliases).toContain('PetSet');
  });
});
