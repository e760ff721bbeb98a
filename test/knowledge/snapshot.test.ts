import { mkdtempSync, rmSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadCorpusFromSources } from '../../knowledge/load.js';
import { readSnapshot, writeSnapshot } from '../../knowledge/snapshot.js';

describe('build-time corpus snapshot', () => {
  const dir = mkdtempSync(join(tmpdir(), 'k8sbot-snapshot-'));
  const path = join(dir, 'corpus.json');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads back exactly the corpus the sources give', () => {
    const sources = loadCorpusFromSources();
    writeSnapshot(sources, path);
    const snap = readSnapshot(path);
    expect(snap?.features).toEqual(sources.features);
    expect(snap?.releases).toEqual(sources.releases);
    expect([...(snap?.redirects ?? [])]).toEqual([...sources.redirects]);
    expect(snap?.featureById.get('statefulset')?.name).toBe('StatefulSet');
    expect(snap?.releaseByVersion.get('1.24')?.themes).toEqual(['Stargazer']);
  });

  it('is ignored once any knowledge source is newer than it', () => {
    utimesSync(path, new Date('2000-01-01'), new Date('2000-01-01'));
    expect(readSnapshot(path)).toBeUndefined();
  });

  it('is ignored when missing', () => {
    expect(readSnapshot(join(dir, 'missing.json'))).toBeUndefined();
  });
});
