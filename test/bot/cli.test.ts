import { execFileSync, spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { Answer } from '../../bot/answer.js';
import { projectRoot } from '../../knowledge/paths.js';

/** Runs the real command line, as `npx k8sbot` does, through tsx so the test sees the current source. */
function k8sbot(args: string[], input?: string) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'bot/cli.ts', ...args], {
    cwd: projectRoot,
    input,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
}

describe('k8sbot command line', () => {
  it('ask prints the card as readable text', () => {
    const r = k8sbot(['ask', 'what changed in 1.24']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^Kubernetes 1\.24 — Stargazer\n/);
    expect(r.stdout).toContain('dockershim removal');
    expect(r.stdout).not.toContain('\u001b[');
  });

  it('ask --json prints one Answer', () => {
    const r = k8sbot(['ask', '--json', 'feature petset']);
    const answer = Answer.parse(JSON.parse(r.stdout));
    expect(answer).toMatchObject({ kind: 'feature', feature: { id: 'statefulset', name: 'StatefulSet' } });
  });

  it('ask --json without a question answers each stdin line as JSON Lines, in order', () => {
    const r = k8sbot(['ask', '--json'], 'sts\nrelease 1.24\nhow do I bake bread\n');
    const lines = r.stdout
      .trim()
      .split('\n')
      .map((l) => Answer.parse(JSON.parse(l)));
    expect(lines.map((a) => a.kind)).toEqual(['feature', 'release', 'not_found']);
  });

  it('stats --json reports the full corpus', () => {
    const stats = JSON.parse(
      execFileSync(process.execPath, ['--import', 'tsx', 'bot/cli.ts', 'stats', '--json'], {
        cwd: projectRoot,
        encoding: 'utf8',
      }),
    );
    expect(stats).toMatchObject({
      keps: 654,
      featureGates: 465,
      releases: 38,
      apiRemovals: 75,
      dataAsOf: '2026-08-22',
    });
    expect(stats.curated).toBeGreaterThanOrEqual(300);
    // KEPs, gates and cited histories of one feature are one feature: fewer features than records.
    expect(stats.features).toBeGreaterThan(700);
    expect(stats.features).toBeLessThan(654 + 465);
  });

  it('rejects a bad option with usage and exit code 2', () => {
    const r = k8sbot(['ask', '--lang', 'fr', 'sts']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--lang must be "en" or "ja"');
  });

  it('serve with no credentials talks in the terminal (stdin a terminal)', () => {
    // `script` gives the command a pseudo-terminal, as a person typing would.
    const command = `${process.execPath} --import tsx bot/cli.ts serve`;
    const r = spawnSync('script', ['-qec', command, '/dev/null'], {
      cwd: projectRoot,
      input: 'petset\nexit\n',
      encoding: 'utf8',
      timeout: 30_000,
      env: { PATH: process.env.PATH ?? '', NO_COLOR: '1', K8SBOT_DB: ':memory:', TERM: 'dumb' },
    });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('no Slack or Discord credentials are set');
    expect(r.stdout).toContain('formerly PetSet · GA since 1.9');
  });

  it('serve with nothing to run and no terminal exits 1 and says why (a pod whose Secret did not mount)', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'bot/cli.ts', 'serve'], {
      cwd: projectRoot,
      input: 'petset\n',
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '', NO_COLOR: '1', K8SBOT_DB: ':memory:' },
    });
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('k8sbot serve: nothing to serve: no Slack or Discord credentials are set');
    expect(r.stderr).toContain('stdin is not a terminal');
  });
});
