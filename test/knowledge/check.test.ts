import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkCorpus } from '../../knowledge/check.js';
import { knowledgeDir } from '../../knowledge/paths.js';
import type { Problem } from '../../knowledge/problems.js';

describe('knowledge:check on the real corpus', () => {
  it('reports no problem in any curated entry, release note or example', async () => {
    const { problems, checked } = await checkCorpus();
    expect(problems).toEqual([]);
    expect(checked.features).toBeGreaterThanOrEqual(79);
    expect(checked.releases).toBeGreaterThanOrEqual(7);
    expect(checked.examples).toBeGreaterThanOrEqual(40);
  });
});

describe('knowledge:check on negative fixtures', () => {
  let dir: string;
  let problems: Problem[];
  const about = (file: string) => problems.filter((p) => p.file.endsWith(`features/${file}`));

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'k8sbot-knowledge-'));
    cpSync(join(knowledgeDir, 'generated'), join(dir, 'generated'), { recursive: true });
    cpSync(join(knowledgeDir, 'history'), join(dir, 'history'), { recursive: true });
    cpSync(join(import.meta.dirname, '../fixtures/invalid-features'), join(dir, 'features'), {
      recursive: true,
    });
    ({ problems } = await checkCorpus({ dir }));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reports every problem at once, each with its file and field', () => {
    expect(problems.length).toBeGreaterThanOrEqual(10);
    for (const p of problems) expect(p.file).toMatch(/features\/[a-z-]+\.yaml$/);
  });

  it('rejects a version written with "v" and a kind that is not PascalCase', () => {
    const bad = about('bad-stage-order.yaml');
    expect(bad).toContainEqual(expect.objectContaining({ path: 'stages.2.version' }));
    expect(bad).toContainEqual(
      expect.objectContaining({ path: 'apiResources.0.kind', message: 'kinds are PascalCase' }),
    );
  });

  it('rejects a history that disagrees with core-features.json or removes a living feature', () => {
    const messages = about('disagrees-with-core.yaml').map((p) => p.message);
    expect(messages).toContainEqual(
      expect.stringMatching(/stable 1\.7 disagrees with core-features\.json \(statefulset\) \(stable 1\.9\)/),
    );
    expect(messages).toContainEqual(expect.stringMatching(/must never be shown as removed/));
  });

  it('requires the file name to equal the id', () => {
    expect(about('wrong-file-name.yaml')).toContainEqual(
      expect.objectContaining({ path: 'id', message: expect.stringMatching(/another-id\.yaml/) }),
    );
  });

  it('reports invalid YAML without stopping', () => {
    expect(about('not-yaml.yaml')[0]?.message).toMatch(/^not valid YAML/);
  });

  it('checks examples, references, summaries, aliases and gates', () => {
    const found = about('broken-example.yaml').map((p) => `${p.path}: ${p.message}`);
    expect(found).toContainEqual(
      expect.stringMatching(
        /^examples\.0\.yaml: extensions\/v1beta1 Ingress is no longer served \(removed in 1\.22\)/,
      ),
    );
    expect(found).toContainEqual(expect.stringMatching(/^examples\.1\.yaml: Pod does not validate/));
    expect(found).toContainEqual('related.0: no feature "no-such-feature"');
    expect(found).toContainEqual(expect.stringMatching(/^summary\.en: write 1 to 3 sentences \(found 4\)/));
    expect(found).toContainEqual('summary.ja: the Japanese summary has no Japanese text');
    expect(found).toContainEqual(
      expect.stringMatching(/^featureGates\.0: unknown feature gate "NoSuchGateAnywhere"/),
    );
  });

  it('rejects an alias two entries share without declaring it', () => {
    const clash = problems.find((p) => p.path === 'aliases');
    expect(clash?.message).toMatch(/^"sts" is also a name or alias of "(statefulset|broken-example)"/);
  });
});
