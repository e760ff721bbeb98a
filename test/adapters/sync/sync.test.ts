import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { GitHubOptions } from '../../../adapters/sync/github.js';
import { runSync, SyncError } from '../../../adapters/sync/sync.js';
import { currentBundleDir, knowledgePaths } from '../../../knowledge/data-dir.js';
import { BUNDLE_FILES } from '../../../knowledge/import.js';
import { loadKnowledge } from '../../../knowledge/load.js';
import { FakeGitHub } from '../../fakes/github.js';

const FIXTURE = join(import.meta.dirname, '../../fixtures/upstream');
const temp = (name: string) => mkdtempSync(join(tmpdir(), `k8sbot-${name}-`));

describe('k8sbot sync against a fake GitHub', () => {
  const upstream = temp('upstream');
  cpSync(FIXTURE, upstream, { recursive: true });
  const github = new FakeGitHub(upstream);
  const dataDir = temp('data');
  const paths = knowledgePaths(dataDir);
  let options: GitHubOptions;

  beforeAll(async () => {
    await github.start();
    options = { apiUrl: github.apiUrl, rawUrl: github.rawUrl, timeoutMs: 400, retries: 1, backoffMs: 5 };
  });
  afterAll(async () => {
    await github.stop();
    rmSync(upstream, { recursive: true, force: true });
    rmSync(dataDir, { recursive: true, force: true });
  });
  afterEach(() => github.clearFaults());

  const sync = () => runSync({ paths, github: options });
  const pointer = () => readFileSync(paths.current, 'utf8');

  it('first sync: fetches the files, builds the bundle and switches to it', async () => {
    const report = await sync();
    expect(report).toMatchObject({ ok: true, changed: true, source: 'github', dataAsOf: '2026-08-21' });
    expect(report.repositories.every((r) => r.changed)).toBe(true);
    const dir = currentBundleDir(paths);
    expect(dir).toBeDefined();
    const { corpus, bundleDir } = loadKnowledge(paths);
    expect(bundleDir).toBe(dir);
    expect(corpus.releaseByVersion.get('1.37')?.released).toBe(false);
    expect(corpus.keps.map((k) => k.number)).toEqual([753, 1432, 1797, 3140, 4355, 9001]);
  });

  it('gives the same facts as reading the same files with --from', async () => {
    const fromDir = temp('from');
    try {
      const fromPaths = knowledgePaths(fromDir);
      await runSync({ paths: fromPaths, from: upstream });
      const live = currentBundleDir(paths) as string;
      const local = currentBundleDir(fromPaths) as string;
      for (const name of BUNDLE_FILES) {
        const strip = (text: string) => {
          // The commits differ (the fake's are content hashes, the local tree declares its own); facts must not.
          const json = JSON.parse(text);
          delete json.source;
          if (name === 'meta.json') delete json.sources;
          return json;
        };
        expect(strip(readFileSync(join(live, name), 'utf8')), name).toEqual(
          strip(readFileSync(join(local, name), 'utf8')),
        );
      }
    } finally {
      rmSync(fromDir, { recursive: true, force: true });
    }
  });

  it('unchanged second sync: one request per repository, nothing downloaded, nothing written', async () => {
    const before = pointer();
    const bundles = readdirSync(paths.bundles);
    const mtime = statSync(paths.current).mtimeMs;
    const report = await sync();
    expect(report.changed).toBe(false);
    expect(report.requests).toEqual({ api: 5, raw: 0, notModified: 5 });
    expect(pointer()).toBe(before);
    expect(statSync(paths.current).mtimeMs).toBe(mtime);
    expect(readdirSync(paths.bundles)).toEqual(bundles);
  });

  describe('when upstream misbehaves, the old data stays and the error is clear', () => {
    const change = () => {
      // A real change upstream, so the sync has something to fetch.
      const file = join(upstream, 'kubernetes/website/data/releases/eol.yaml');
      writeFileSync(file, `${readFileSync(file, 'utf8')}# touched ${Date.now()}\n`);
      github.serve();
    };
    const expectFailure = async (pattern: RegExp) => {
      const before = pointer();
      const error = await sync().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(SyncError);
      expect((error as Error).message).toMatch(pattern);
      expect(pointer()).toBe(before);
      const state = JSON.parse(readFileSync(paths.state, 'utf8'));
      expect(state.lastError.message).toMatch(pattern);
      expect(loadKnowledge(paths).corpus.keps).toHaveLength(6);
    };

    it('404', async () => {
      change();
      github.fail(/\/contents\/data\/releases$/, { kind: 'status', status: 404 });
      await expectFailure(/GitHub answered 404 for .*data\/releases/);
    });

    it('500 on every attempt', async () => {
      change();
      github.fail(/\/raw\/kubernetes\/website\//, { kind: 'status', status: 500 });
      await expectFailure(/GitHub answered 500/);
    });

    it('a hang', async () => {
      change();
      github.fail(/\/raw\/kubernetes\/website\//, { kind: 'hang' });
      await expectFailure(/no answer from .* within 0 s/);
    });

    it('a truncated body', async () => {
      change();
      github.fail(/\/commits\//, { kind: 'truncate' });
      await expectFailure(/cut off|not valid JSON/);
    });

    it('invalid YAML in one file', async () => {
      const file = join(upstream, 'FairwindsOps/pluto/versions.yaml');
      const good = readFileSync(file, 'utf8');
      writeFileSync(file, 'deprecated-versions: [\n  - {version: ');
      github.serve();
      try {
        await expectFailure(/FairwindsOps\/pluto\/versions\.yaml: not valid YAML/);
      } finally {
        writeFileSync(file, good);
        github.serve();
      }
    });

    it('a rate limit (403 and 429 with reset headers)', async () => {
      change();
      github.fail(/\/commits\//, { kind: 'rate-limit', status: 403 });
      await expectFailure(/rate limit was reached \(403\); it resets at 15:30 UTC\. Set GITHUB_TOKEN/);
      github.clearFaults();
      github.fail(/\/commits\//, { kind: 'rate-limit', status: 429 });
      await expectFailure(/rate limit was reached \(429\)/);
    });

    it('recovers on the next sync once upstream answers again', async () => {
      const report = await sync();
      expect(report.changed).toBe(true);
    });
  });

  it('a transient 500 is retried and the sync succeeds', async () => {
    const file = join(upstream, 'kubernetes/website/data/releases/eol.yaml');
    writeFileSync(file, `${readFileSync(file, 'utf8')}# again ${Date.now()}\n`);
    github.serve();
    github.fail(/\/contents\/data\/releases$/, { kind: 'status', status: 502 }, 1);
    await expect(sync()).resolves.toMatchObject({ ok: true });
  });

  it('two syncs at the same time never leave a broken bundle', async () => {
    const file = join(upstream, 'kubernetes/website/data/releases/eol.yaml');
    writeFileSync(file, `${readFileSync(file, 'utf8')}# concurrent ${Date.now()}\n`);
    github.serve();
    const [a, b] = await Promise.all([sync(), sync()]);
    expect([a.changed, b.changed].sort()).toEqual([false, true]);
    const dir = currentBundleDir(paths) as string;
    for (const name of BUNDLE_FILES)
      expect(() => JSON.parse(readFileSync(join(dir, name), 'utf8'))).not.toThrow();
    expect(readdirSync(paths.bundles).filter((n) => n.startsWith('.staging'))).toEqual([]);
  });
});
