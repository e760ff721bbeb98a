import { spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { type AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../../knowledge/paths.js';

const FIXTURE = join(import.meta.dirname, '../../fixtures/upstream');
const dataDir = mkdtempSync(join(tmpdir(), 'k8sbot-cli-data-'));
const k8sbot = (args: string[], env: Record<string, string> = {}) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'bot/cli.ts', ...args], {
    cwd: projectRoot,
    env: { PATH: process.env.PATH ?? '', K8SBOT_DATA_DIR: dataDir, ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });

describe('k8sbot sync on the command line', () => {
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('--from DIR imports a local tree and prints what changed', () => {
    const r = k8sbot(['sync', '--from', FIXTURE]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(
      /^Synced from a local tree: data as of 2026-08-21 \(was 2026-08-22\); bundle \d{8}T\d{6}Z-[0-9a-f]{8}\./,
    );
    expect(r.stdout).toContain('upstream values were skipped');
  });

  it('--json prints the same as one JSON object; a second run changes nothing', () => {
    const r = k8sbot(['sync', '--from', FIXTURE, '--json']);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({
      ok: true,
      changed: false,
      source: 'directory',
      dataAsOf: '2026-08-21',
    });
  });

  it('the other commands answer from the synced data', () => {
    const stats = JSON.parse(k8sbot(['stats', '--json']).stdout);
    expect(stats).toMatchObject({ keps: 6, featureGates: 7, dataAsOf: '2026-08-21' });
  });

  it('fails with exit code 1 and the reason, keeping the current data', () => {
    const broken = mkdtempSync(join(tmpdir(), 'k8sbot-broken-'));
    try {
      cpSync(FIXTURE, broken, { recursive: true });
      writeFileSync(join(broken, 'kubernetes/website/data/releases/eol.yaml'), 'branches: [\n');
      const r = k8sbot(['sync', '--from', broken]);
      expect(r.status).toBe(1);
      expect(r.stderr).toContain('k8sbot sync failed; the current data was kept.');
      expect(r.stderr).toContain('kubernetes/website/data/releases/eol.yaml: not valid YAML');
      expect(JSON.parse(k8sbot(['stats', '--json']).stdout).dataAsOf).toBe('2026-08-21');
    } finally {
      rmSync(broken, { recursive: true, force: true });
    }
  });

  it('says why when GitHub cannot be reached, with --json too', async () => {
    // A port that was just free: nothing listens there.
    const server = createServer().listen(0, '127.0.0.1');
    await once(server, 'listening');
    const port = (server.address() as AddressInfo).port;
    server.close();
    const r = k8sbot(['sync', '--json'], {
      K8SBOT_GITHUB_API_URL: `http://127.0.0.1:${port}/api`,
      K8SBOT_GITHUB_RAW_URL: `http://127.0.0.1:${port}/raw`,
      K8SBOT_SYNC_TIMEOUT_MS: '2000',
    });
    expect(r.status).toBe(1);
    expect(JSON.parse(r.stdout)).toEqual({
      ok: false,
      error: `cannot reach http://127.0.0.1:${port}/api/repos/kubernetes/enhancements/commits/master: ECONNREFUSED`,
    });
  });
});
