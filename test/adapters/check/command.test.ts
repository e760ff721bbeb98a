/**
 * `k8sbot check`: golden outputs in each format, Pluto's exit codes, stdin, directories, malformed input.
 * Set UPDATE_GOLDEN=1 to rewrite the golden files after a deliberate change (and read the diff).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHECK_USAGE, checkCommand } from '../../../adapters/check/command.js';
import { CheckOutput } from '../../../bot/check/format.js';
import { projectRoot } from '../../../knowledge/paths.js';
import { realCorpus } from '../../helpers.js';

const FIX = 'test/fixtures/check';

function run(args: string[], stdin = '') {
  let stdout = '';
  let stderr = '';
  const cwd = process.cwd();
  process.chdir(projectRoot);
  try {
    const code = checkCommand(args, {
      stdout: (t) => {
        stdout += t;
      },
      stderr: (t) => {
        stderr += t;
      },
      stdin: () => stdin,
      stdinIsTty: false,
      corpus: realCorpus,
    });
    return { code, stdout, stderr };
  } finally {
    process.chdir(cwd);
  }
}

function golden(name: string, actual: string) {
  const file = join(projectRoot, FIX, 'golden', name);
  if (process.env.UPDATE_GOLDEN) writeFileSync(file, actual);
  expect(actual).toBe(readFileSync(file, 'utf8'));
}

const INPUTS = [
  `${FIX}/helm-template.yaml`,
  `${FIX}/kustomize-build.yaml`,
  `${FIX}/list.json`,
  `${FIX}/malformed.yaml`,
];
const STEPWISE = ['--target', '1.29', '--from', '1.20'];

describe('k8sbot check: output formats (golden)', () => {
  it('text', () => {
    const r = run([...INPUTS, ...STEPWISE]);
    golden('report.txt', r.stdout);
    expect(r.code).toBe(4);
  });

  it('json: the CheckReport with each finding in words, valid against its schema', () => {
    const r = run([...INPUTS, ...STEPWISE, '-o', 'json']);
    golden('report.json', r.stdout);
    const out = CheckOutput.parse(JSON.parse(r.stdout));
    expect(out.exitCode).toBe(4);
    expect(out.summary).toMatchObject({ objects: 16, problems: 2 });
    expect(out.findings.every((f) => f.message.length > 0 && f.fix.length > 0)).toBe(true);
  });

  it('markdown, for a pull-request comment', () => {
    const r = run([...INPUTS, ...STEPWISE, '-o', 'markdown']);
    golden('report.md', r.stdout);
  });

  it('text in Japanese', () => {
    const r = run([`${FIX}/helm-template.yaml`, '--target', '1.29', '--lang', 'ja']);
    expect(r.stdout).toContain('アップグレードチェック: Kubernetes 1.29');
    expect(r.stdout).toContain('1.29 で動かなくなるもの');
  });
});

describe("k8sbot check: Pluto's exit codes", () => {
  it('0 when nothing is deprecated or removed in the target', () => {
    const r = run([`${FIX}/clean.yaml`]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Nothing found that is deprecated or removed in 1.36');
  });

  it('2 when something is deprecated in the target but still served', () => {
    expect(run([`${FIX}/kustomize-build.yaml`, '--target', '1.29']).code).toBe(2);
  });

  it('3 when something is removed in the target', () => {
    expect(run([`${FIX}/kustomize-build.yaml`]).code).toBe(3);
    expect(run([`${FIX}/helm-template.yaml`, '--target', '1.25']).code).toBe(3);
  });

  it('4 when the way out is not served yet in --from (an upgrade in steps)', () => {
    const r = run([`${FIX}/kustomize-build.yaml`, '--target', '1.29', '--from', '1.28']);
    expect(r.code).toBe(4);
    expect(r.stdout).toContain('not served in 1.28 yet: upgrade to 1.29');
    expect(
      run([
        `${FIX}/kustomize-build.yaml`,
        '--target',
        '1.29',
        '--from',
        '1.28',
        '--ignore-unavailable-replacements',
      ]).code,
    ).toBe(2);
  });

  it("Pluto's --ignore-deprecations and --ignore-removals", () => {
    expect(run([`${FIX}/helm-template.yaml`, '--ignore-removals']).code).toBe(2);
    expect(run([`${FIX}/helm-template.yaml`, '--ignore-removals', '--ignore-deprecations']).code).toBe(0);
  });

  it('1 when a file cannot be read and nothing else was found; the readable rest is still checked', () => {
    const r = run([`${FIX}/clean.yaml`, `${FIX}/does-not-exist.yaml`, `${FIX}/chart-source`]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('does-not-exist.yaml: ENOENT');
    expect(r.stdout).toContain('this is a chart template: run helm template');
    expect(r.stdout).toContain('2 objects in 2 inputs');
  });

  it('findings win over unreadable documents (the malformed ones are listed too)', () => {
    const r = run([`${FIX}/malformed.yaml`]);
    expect(r.code).toBe(3);
    expect(r.stdout).toContain('malformed.yaml:13:1 (document 2)');
  });

  it("takes Pluto's spellings: -d DIR, -t k8s=v1.NN.0, -o wide", () => {
    const r = run([
      '-d',
      `${FIX}/chart-source`,
      '-d',
      `${FIX}/kustomize-build.yaml`,
      '-t',
      'k8s=v1.29.0',
      '-o',
      'wide',
    ]);
    expect(r.stdout).toMatch(/^Upgrade check: Kubernetes 1\.29\n/);
    expect(r.code).toBe(2);
    expect(run([`${FIX}/clean.yaml`, '--target-versions', 'istio=v1.6.0']).code).toBe(1);
  });

  it('1, never 2, for a usage error (2 means "deprecated")', () => {
    for (const args of [
      ['--target', '1.99', `${FIX}/clean.yaml`],
      ['-o', 'xml', `${FIX}/clean.yaml`],
      ['--from', '1.30', '--target', '1.29', `${FIX}/clean.yaml`],
      ['--bogus'],
    ]) {
      const r = run(args);
      expect(r.code, args.join(' ')).toBe(1);
      expect(r.stderr).toContain(CHECK_USAGE.split('\n')[0]);
    }
  });
});

describe('k8sbot check: inputs', () => {
  it('reads stdin for - (helm template … | k8sbot check -)', () => {
    const r = run(['-', '-o', 'json'], readFileSync(join(projectRoot, FIX, 'helm-template.yaml'), 'utf8'));
    const out = CheckOutput.parse(JSON.parse(r.stdout));
    expect(out.inputs).toEqual([{ name: 'stdin', documents: 7, objects: 7, skipped: 0 }]);
    expect(out.findings[0]?.location).toMatchObject({ file: 'stdin', helmSource: 'shop/templates/psp.yaml' });
  });

  it('reads directories recursively (*.yaml, *.yml, *.json), in a stable order', () => {
    const out = CheckOutput.parse(JSON.parse(run([FIX, '-o', 'json']).stdout));
    expect(out.inputs.map((i) => i.name)).toEqual([
      `${FIX}/chart-source/templates/deployment.yaml`,
      `${FIX}/clean.yaml`,
      `${FIX}/control-plane.yaml`,
      `${FIX}/golden/report.json`,
      `${FIX}/helm-template.yaml`,
      `${FIX}/kustomize-build.yaml`,
      `${FIX}/list.json`,
      `${FIX}/malformed.yaml`,
    ]);
  });

  it('runs as a real process with the exit code as its status', () => {
    const r = spawnSync(
      process.execPath,
      ['--import', 'tsx', 'bot/cli.ts', 'check', `${FIX}/helm-template.yaml`, '--target', '1.25'],
      {
        cwd: projectRoot,
        encoding: 'utf8',
        env: { ...process.env, NO_COLOR: '1' },
      },
    );
    expect(r.status).toBe(3);
    expect(r.stdout).toMatch(/^Upgrade check: Kubernetes 1\.25\n/);
  });
});
