/** The scheduler reads the clusters once per pass that has digests to post, and the digest carries "your clusters". */
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { DigestScheduler } from '../../../adapters/digest/scheduler.js';
import { openSqliteStore } from '../../../adapters/storage/sqlite.js';
import { analyzeCluster } from '../../../knowledge/upgrade/cluster.js';
import { subscriptionInput } from '../../fakes/subscriptions.js';
import { realCorpus } from '../../helpers.js';
import { ScriptedPoster } from '../../support/posters.js';

const MONDAY_0905 = new Date('2026-11-23T09:05:00Z');

describe('digest with clusters', () => {
  it('posts a "your clusters" section, reading the clusters once per pass and only when something is due', async () => {
    const store = await openSqliteStore(':memory:');
    const poster = new ScriptedPoster();
    let reads = 0;
    const snapshot = {
      name: 'prod',
      checkedAt: MONDAY_0905.toISOString(),
      version: { gitVersion: '1.35.2', minor: '1.35' },
      served: ['v1', 'storage.k8s.io/v1beta1'],
      // storage.k8s.io/v1beta1 serves only VolumeAttributesClass on 1.35 (deprecated, not removed on 1.36).
      servedKinds: ['storage.k8s.io/v1beta1 VolumeAttributesClass'],
      objects: [],
      lists: [],
      gates: [],
    };
    const report = analyzeCluster(realCorpus(), snapshot, MONDAY_0905);
    expect(
      analyzeCluster(
        realCorpus(),
        {
          ...snapshot,
          version: { gitVersion: '1.21.0', minor: '1.21' },
          servedKinds: ['storage.k8s.io/v1beta1 CSIDriver'],
        },
        MONDAY_0905,
      ).servedApis,
    ).toEqual([expect.objectContaining({ severity: 'breaking', kind: 'CSIDriver', removedIn: '1.22' })]);
    const scheduler = new DigestScheduler({
      store,
      corpus: realCorpus(),
      posters: { slack: poster },
      logger: pino({ level: 'silent' }),
      clock: () => MONDAY_0905,
      clusters: async () => {
        reads++;
        return [report];
      },
    });
    try {
      await scheduler.runOnce(MONDAY_0905);
      expect(reads).toBe(0);
      for (const channelId of ['C1', 'C2'])
        await store.upsertSubscription(subscriptionInput({ channelId }), new Date('2026-11-01T00:00:00Z'));
      await scheduler.runOnce(MONDAY_0905);
      expect(reads).toBe(1);
      expect(poster.sends).toHaveLength(2);
      const section = poster.sends[0]?.digest.answer.digest?.sections.find((s) => s.id === 'clusters');
      expect(section?.items).toEqual([
        'prod: Kubernetes 1.35.2, end of life 2027-02-28 (in 97 days); on 1.36: nothing known to break',
      ]);
    } finally {
      scheduler.stop();
      await store.close();
    }
  });
});
