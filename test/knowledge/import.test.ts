import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type ImportHistory, importUpstream, serializeBundle } from '../../knowledge/import.js';
import { readHistory } from '../../knowledge/load.js';
import { knowledgeDir } from '../../knowledge/paths.js';
import type { Problem } from '../../knowledge/problems.js';
import { UpstreamFormatError } from '../../knowledge/upstream/report.js';
import { dirTree } from '../../knowledge/upstream/tree.js';

const FIXTURE = join(import.meta.dirname, '../fixtures/upstream');
const problems: Problem[] = [];
const loaded = readHistory(knowledgeDir, problems);
if (!loaded) throw new Error(`history does not load: ${JSON.stringify(problems)}`);
const history: ImportHistory = { releases: loaded.releases, apiCorrections: loaded.apiCorrections };

const { bundle, skipped } = importUpstream(dirTree(FIXTURE), history);
const keps = bundle['keps.json'].keps;
const gates = bundle['feature-gates.json'].featureGates;
const releases = bundle['releases.json'].releases;
const release = (v: string) => releases.find((r) => r.version === v);
const removals = bundle['api-removals.json'].apiRemovals;
const removal = (gv: string, kind: string) =>
  removals.find((a) => `${a.group}/${a.version}` === gv && a.kind === kind);
const skippedFor = (file: string) => skipped.filter((s) => s.file.endsWith(file));

describe('importer: kubernetes/enhancements kep.yaml', () => {
  it('reads every KEP and skips the template, saying so', () => {
    expect(keps.map((k) => k.number)).toEqual([753, 1432, 1797, 3140, 4355, 9001]);
    expect(skippedFor('NNNN-kep-template/kep.yaml')[0]?.reason).toMatch(/template/);
  });

  it('keeps a KEP whose values are sloppy and reports each value it could not use', () => {
    const cle = keps.find((k) => k.number === 4355);
    expect(cle?.milestone).toEqual({ alpha: '1.31', beta: '1.33' });
    expect(cle?.creationDate).toBeNull();
    expect(
      skippedFor('4355-coordinated-leader-election/kep.yaml').map((s) => `${s.field}=${s.value}`),
    ).toEqual(['milestone.stable=TBD', 'creation-date=2023-14-05']);
    const health = keps.find((k) => k.number === 1432);
    expect(health?.status).toBe('imlpemented');
    expect(health?.milestone).toEqual({});
    expect(health?.latestMilestone).toBeNull();
    expect(health?.lastUpdated).toBe('2024-02-01');
    expect(health?.featureGates).toEqual(['CSIVolumeHealth']);
    expect(skippedFor('1432-volume-health-monitor/kep.yaml').map((s) => s.field)).toEqual([
      'milestone.alpha',
      'milestone.beta',
      'latest-milestone',
      'feature-gates.1.name',
    ]);
  });

  it('reads string KEP numbers, trailing spaces and comments after a status', () => {
    const sidecar = keps.find((k) => k.number === 753);
    expect(sidecar?.status).toBe('implemented');
    expect(keps.find((k) => k.number === 3140)?.status).toBe('implementable');
    expect(sidecar?.url).toBe(
      'https://github.com/kubernetes/enhancements/tree/master/keps/sig-node/753-sidecar-containers',
    );
  });

  it('spells a gate the way its page does and links the page to the KEP', () => {
    expect(keps.find((k) => k.number === 1797)?.featureGates).toEqual(['SetHostnameAsFQDN']);
    expect(gates.find((g) => g.name === 'SetHostnameAsFQDN')?.keps).toEqual([1797]);
  });
});

describe('importer: kubernetes/website feature-gate pages', () => {
  it('reads the front matter with trailing spaces, removed and locked gates and former names', () => {
    expect(gates.map((g) => g.name)).toEqual([
      'BrokenStagesGate',
      'CoordinatedLeaderElection',
      'CronJobTimeZone',
      'FixtureGateMoves',
      'PodReadyToStartContainersCondition',
      'SetHostnameAsFQDN',
      'SidecarContainers',
    ]);
    const tz = gates.find((g) => g.name === 'CronJobTimeZone');
    expect(tz).toMatchObject({ removed: true, lastVersion: '1.28', keps: [3140] });
    expect(tz?.stages.map((s) => `${s.stage} ${s.fromVersion}-${s.toVersion} ${s.defaultValue}`)).toEqual([
      'alpha 1.24-1.24 false',
      'beta 1.25-1.26 true',
      'stable 1.27-1.28 true',
    ]);
    expect(gates.find((g) => g.name === 'SidecarContainers')?.stages.at(-1)).toMatchObject({
      stage: 'stable',
      locked: true,
      toVersion: null,
    });
    expect(gates.find((g) => g.name === 'PodReadyToStartContainersCondition')?.formerNames).toEqual([
      'PodHasNetworkCondition',
    ]);
  });

  it('skips a stage row with a misspelt stage and reads "v1.31" and "true" leniently', () => {
    const broken = gates.find((g) => g.name === 'BrokenStagesGate');
    expect(broken?.stages).toEqual([
      { stage: 'beta', defaultValue: true, fromVersion: '1.31', toVersion: null, locked: null },
    ]);
    expect(skippedFor('BrokenStagesGate.md')[0]?.value).toMatch(/alpah/);
  });
});

describe('importer: releases', () => {
  it('takes release days from the schedule, the cited history for the oldest and announcements otherwise', () => {
    expect(release('1.36')?.releaseDate).toBe('2026-04-22');
    expect(release('1.3')?.releaseDate).toBe('2016-07-01');
    expect(release('1.24')?.releaseDate).toBe('2022-05-03');
    expect(release('1.17')?.releaseDate).toBe('2019-12-07');
    expect(bundle['releases.json'].newestReleased).toBe('1.36');
  });

  it('takes the newest patch any source lists, with its date from endoflife.date', () => {
    expect(release('1.36')).toMatchObject({ latestPatch: '1.36.4', latestPatchDate: '2026-08-20' });
    expect(release('1.24')).toMatchObject({
      latestPatch: '1.24.17',
      latestPatchDate: null,
      endOfLife: '2023-07-28',
    });
    expect(release('1.36')?.maintenanceModeStart).toBe('2027-04-28');
  });

  it('builds announcement URLs from the permalink pattern or the post own url, and ignores other posts', () => {
    expect(release('1.24')).toMatchObject({
      themes: ['Stargazer'],
      announcementUrl: 'https://kubernetes.io/blog/2022/05/03/kubernetes-1-24-release-announcement/',
    });
    expect(release('1.3')?.announcementUrl).toBe(
      'https://kubernetes.io/blog/2016/07/kubernetes-1-3-bridging-cloud-native-and-enterprise-workloads/',
    );
    expect(release('1.36')?.themes).toEqual(['ハル (Haru)']);
  });

  it('knows the cycle in progress from its sig-release timeline only, as planned', () => {
    expect(release('1.37')).toMatchObject({
      released: false,
      releaseDate: null,
      plannedReleaseDate: '2026-08-26',
      keyDates: {
        releaseCycleStart: '2026-05-18',
        prrFreeze: '2026-06-09',
        enhancementsFreeze: '2026-06-16',
        codeFreeze: '2026-07-22',
        testFreeze: '2026-07-22',
        releaseBranchCreated: '2026-08-05',
        docsFreeze: '2026-08-05',
        release: '2026-08-26',
        codeThaw: '2026-08-26',
      },
    });
    // Only the newest three cycles' timelines are read: 1.30's README is not.
    expect(release('1.30')).toBeUndefined();
    expect(skippedFor('release-1.36/README.md')[0]).toMatchObject({ value: 'Sometime in March' });
  });
});

describe('importer: API removals (Pluto plus cited corrections)', () => {
  it('keeps Kubernetes rows only, once each, without List kinds', () => {
    expect(removals.some((a) => a.kind.endsWith('List') || a.group === 'cert-manager.io')).toBe(false);
    expect(removals.filter((a) => a.group === 'batch' && a.version === 'v1beta1')).toHaveLength(1);
    expect(removal('policy/v1beta1', 'PodSecurityPolicy')?.replacement).toBeNull();
  });

  it('applies the corrections: adds what Pluto lacks, fixes what it gets wrong, drops what is not an API', () => {
    expect(removal('extensions/v1beta1', 'ThirdPartyResource')?.removedIn).toBe('1.8');
    expect(removal('flowcontrol.apiserver.k8s.io/v1beta3', 'FlowSchema')?.deprecatedIn).toBe('1.29');
    expect(removal('flowcontrol.apiserver.k8s.io/v1beta1', 'FlowControl')).toBeUndefined();
  });
});

describe('importer: the bundle', () => {
  it('says where its facts come from and how current they are', () => {
    expect(bundle['meta.json'].dataAsOf).toBe('2026-08-21');
    expect(bundle['meta.json'].sources.map((s) => s.repository)).toEqual([
      'kubernetes/enhancements',
      'kubernetes/website',
      'kubernetes/sig-release',
      'FairwindsOps/pluto',
      'endoflife-date/endoflife.date',
    ]);
    expect(bundle['meta.json'].skipped).toEqual(skipped);
  });

  it('is byte-identical when the same tree is imported again', () => {
    const again = importUpstream(dirTree(FIXTURE), history).bundle;
    expect(serializeBundle(again)).toEqual(serializeBundle(bundle));
  });

  describe('from a tree that says its commits in a README table, as ../shared/upstream does', () => {
    const dir = mkdtempSync(join(tmpdir(), 'k8sbot-upstream-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    cpSync(FIXTURE, dir, { recursive: true });
    rmSync(join(dir, 'sources.json'));
    writeFileSync(
      join(dir, 'README.md'),
      [
        '| folder | repository | commit | date |',
        '|---|---|---|---|',
        '| kubernetes/enhancements | github.com/kubernetes/enhancements | 64765b4b0238 | 2026-07-24 |',
        '| kubernetes/website | github.com/kubernetes/website | abcdef1234567 | 2026-09-01 |',
        '| kubernetes/sig-release | github.com/kubernetes/sig-release | e8dfc80571dc | 2026-08-13 |',
        '| FairwindsOps/pluto | github.com/FairwindsOps/pluto | dd5ec8cccce5 | 2026-04-27 |',
        '| endoflife-date/endoflife.date | github.com/endoflife-date/endoflife.date | a70eca337600 | 2026-08-22 |',
      ].join('\n'),
    );

    it('reads the commit and date of each repository from the table', () => {
      const meta = importUpstream(dirTree(dir), history).bundle['meta.json'];
      expect(meta.sources.find((s) => s.repository === 'kubernetes/website')).toEqual({
        repository: 'kubernetes/website',
        commit: 'abcdef1234567',
        commitDate: '2026-09-01',
      });
      expect(meta.dataAsOf).toBe('2026-09-01');
    });

    it('refuses a tree where one file is not YAML, naming the file', () => {
      writeFileSync(join(dir, 'FairwindsOps/pluto/versions.yaml'), 'deprecated-versions: [\n  - {version: ');
      expect(() => importUpstream(dirTree(dir), history)).toThrow(UpstreamFormatError);
      expect(() => importUpstream(dirTree(dir), history)).toThrow(
        /FairwindsOps\/pluto\/versions\.yaml: not valid YAML/,
      );
    });
  });
});
