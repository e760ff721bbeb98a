/**
 * What a data refresh changed, from the reader's point of view: new releases, releases that shipped, features
 * that reached a stage, removals and API removals. Pure: two corpora in, a summary out (`k8sbot sync` prints it).
 */
import { z } from 'zod';
import { apiName } from './changes.js';
import type { Corpus } from './load.js';
import type { Feature } from './schema.js';
import { compareVersions } from './versions.js';

export const StageMove = z.strictObject({
  id: z.string(),
  name: z.string(),
  stage: z.enum(['alpha', 'beta', 'stable', 'deprecated', 'removed']),
  version: z.string(),
});
export type StageMove = z.infer<typeof StageMove>;

export const DataChanges = z.strictObject({
  dataAsOf: z.strictObject({ from: z.string().nullable(), to: z.string() }),
  newReleases: z.array(z.string()),
  /** Minors the old data had as planned and the new data shows as released. */
  released: z.array(z.strictObject({ version: z.string(), releaseDate: z.string().nullable() })),
  /** Stage rows that happened (not plans) and were not in the old data. */
  stages: z.array(StageMove),
  apiRemovals: z.array(z.string()),
});
export type DataChanges = z.infer<typeof DataChanges>;

const happened = (f: Feature) => f.stages.filter((s) => !s.planned && !s.unconfirmed && !s.appliesTo);

export function compareCorpora(before: Corpus | undefined, after: Corpus): DataChanges {
  const oldReleases = new Map((before?.releases ?? []).map((r) => [r.version, r]));
  const newReleases = after.releases.filter((r) => !oldReleases.has(r.version)).map((r) => r.version);
  const released = after.releases
    .filter((r) => r.released && oldReleases.has(r.version) && !oldReleases.get(r.version)?.released)
    .map((r) => ({ version: r.version, releaseDate: r.releaseDate }));

  const stages: StageMove[] = [];
  // A move is a feature reaching a stage it had not reached in the old data, in a recent release (a feature
  // that merely appears in the data with an old history has not moved).
  const recent = before?.newestReleased ?? after.newestReleased;
  for (const feature of after.features) {
    const old = before?.featureById.get(feature.id);
    const reached = new Set((old ? happened(old) : []).map((s) => s.stage));
    const rows = happened(feature);
    for (const s of rows) {
      const first = rows.find((r) => r.stage === s.stage) === s;
      if (first && !reached.has(s.stage) && compareVersions(s.version, recent) >= 0)
        stages.push({ id: feature.id, name: feature.name, stage: s.stage, version: s.version });
    }
  }
  stages.sort((a, b) => compareVersions(b.version, a.version) || a.name.localeCompare(b.name));
  const oldApis = new Set((before?.apiRemovals ?? []).map((a) => `${apiName(a)}@${a.removedIn}`));
  const apiRemovals = after.apiRemovals
    .filter((a) => a.removedIn && !oldApis.has(`${apiName(a)}@${a.removedIn}`))
    .map((a) => `${apiName(a)} (removed in ${a.removedIn})`);
  return {
    dataAsOf: { from: before?.dataAsOf ?? null, to: after.dataAsOf },
    newReleases,
    released,
    stages: before ? stages : [],
    apiRemovals: before ? apiRemovals : [],
  };
}
