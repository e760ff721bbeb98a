/** The corpus's own YAML examples: the current ones check clean, the ones kept for removed APIs are found. */
import { describe, expect, it } from 'vitest';
import { checkManifests } from '../../../knowledge/upgrade/check.js';
import { realCorpus } from '../../helpers.js';

const corpus = realCorpus();
const examples = (removed: boolean) =>
  corpus.features.flatMap((f) =>
    f.examples
      .map((e, i) => ({ name: `${f.id}#${i}`, text: e.yaml, removedApi: Boolean(e.removedApi) }))
      .filter((e) => e.removedApi === removed),
  );

describe('the examples of the corpus', () => {
  it('every example that applies on a current cluster checks clean at the newest release (no false positives)', () => {
    const report = checkManifests(corpus, examples(false), { target: corpus.newestReleased });
    expect(report.summary.objects).toBeGreaterThan(200);
    expect(report.findings).toEqual([]);
    expect(report.problems).toEqual([]);
    expect(report.exitCode).toBe(0);
  });

  it('every example kept for an API that is no longer served is found as breaking', () => {
    for (const e of examples(true)) {
      const report = checkManifests(corpus, [e], { target: corpus.newestReleased });
      expect(
        report.findings.some((f) => f.severity === 'breaking' && f.category === 'api'),
        e.name,
      ).toBe(true);
    }
  });
});
