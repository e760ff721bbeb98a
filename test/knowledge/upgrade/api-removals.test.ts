/**
 * Every row of the API removal list, as a manifest generated from the corpus: checked against the release that
 * removed it (breaking), the release before (deprecated or clean), and --from releases with and without its way
 * out. The way out is the catalog's version served today.
 */
import { describe, expect, it } from 'vitest';
import { apiCatalog } from '../../../knowledge/api-catalog.js';
import { apiName } from '../../../knowledge/changes.js';
import type { ApiRemoval } from '../../../knowledge/schema.js';
import { checkManifests } from '../../../knowledge/upgrade/check.js';
import { minor } from '../../../knowledge/versions.js';
import { realCorpus } from '../../helpers.js';

const corpus = realCorpus();
const catalog = apiCatalog(corpus);
const previous = (v: string) => `1.${minor(v) - 1}`;

function manifest(a: ApiRemoval, name = 'sample'): string {
  return `apiVersion: ${apiName({ group: a.group, version: a.version })}\nkind: ${a.kind}\nmetadata:\n  name: ${name}\n`;
}

const check = (a: ApiRemoval, target: string, from: string | null = null) =>
  checkManifests(corpus, [{ name: `${a.group}-${a.version}-${a.kind}.yaml`, text: manifest(a) }], {
    target,
    from,
  });

describe('every API removal in the data', () => {
  it('the data has removals to check', () => {
    expect(corpus.apiRemovals.length).toBe(75);
  });

  it.each(corpus.apiRemovals.map((a) => [apiName(a), a] as const))('%s', (_name, a) => {
    const target = a.removedIn ?? (a.deprecatedIn as string);
    const report = check(a, target);
    const [finding] = report.findings;
    expect(report.findings).toHaveLength(1);
    expect(finding?.category).toBe('api');
    expect(finding?.severity).toBe(a.removedIn ? 'breaking' : 'deprecated');
    expect(report.exitCode).toBe(a.removedIn ? 3 : 2);
    expect(finding?.location).toMatchObject({ line: 1, column: 1, document: 1 });
    expect(finding?.api).toMatchObject({
      group: a.group,
      version: a.version,
      kind: a.kind,
      deprecatedIn: a.deprecatedIn,
      removedIn: a.removedIn,
    });
    // The way out is the one the API card gives: a version served today, with the kind change said.
    const served = catalog.servedReplacement(a);
    if (served) {
      expect(finding?.api?.replacement).toMatchObject({
        group: served.group,
        version: served.version,
        kind: served.kind,
        kindChanged: served.kindChanged,
        via: served.via,
      });
      expect(catalog.kind(served.group, served.version, served.kind)?.state).not.toBe('removed');
    } else {
      expect(finding?.api?.replacement).toBeNull();
    }

    // One release earlier: deprecated when the deprecation came first, otherwise nothing to report yet.
    if (a.removedIn && minor(a.removedIn) > 0) {
      const earlier = check(a, previous(a.removedIn));
      const deprecatedThen = a.deprecatedIn !== null && minor(a.deprecatedIn) < minor(a.removedIn);
      expect(earlier.findings.map((f) => f.severity)).toEqual(deprecatedThen ? ['deprecated'] : []);
      expect(earlier.exitCode).toBe(deprecatedThen ? 2 : 0);
    }

    // --from: exit code 4 exactly when the way out is not served yet in the release running now.
    const availableIn = finding?.api?.replacement?.availableIn;
    if (availableIn && minor(availableIn) > 0 && minor(availableIn) - 1 < minor(target)) {
      const early = check(a, target, previous(availableIn));
      expect(early.findings[0]?.replacementInFrom).toBe(false);
      expect(early.exitCode).toBe(4);
    }
    if (availableIn && minor(availableIn) < minor(target)) {
      const ready = check(a, target, availableIn);
      expect(ready.findings[0]?.replacementInFrom).toBe(true);
      expect(ready.exitCode).toBe(a.removedIn ? 3 : 2);
    }
  });

  it('all of them in one multi-document file: one finding each at the newest release, on its own line', () => {
    const text = corpus.apiRemovals.map((a, i) => `---\n${manifest(a, `obj-${i}`)}`).join('');
    const report = checkManifests(corpus, [{ name: 'all.yaml', text }], { target: corpus.newestReleased });
    const due = corpus.apiRemovals.filter(
      (a) =>
        (a.removedIn && minor(a.removedIn) <= minor(corpus.newestReleased)) ||
        (a.deprecatedIn && minor(a.deprecatedIn) <= minor(corpus.newestReleased)),
    );
    expect(report.summary.objects).toBe(corpus.apiRemovals.length);
    expect(report.findings).toHaveLength(due.length);
    expect(new Set(report.findings.map((f) => f.location.line)).size).toBe(due.length);
    for (const f of report.findings) {
      const i = Number(f.object.name?.slice(4));
      expect(f.location.line).toBe(i * 5 + 2);
    }
  });

  it('explains the kind change and the chain of removed replacements (ThirdPartyResource)', () => {
    const tpr = corpus.apiRemovals.find((a) => a.kind === 'ThirdPartyResource') as ApiRemoval;
    const finding = check(tpr, '1.36').findings[0];
    expect(finding?.api?.replacement).toMatchObject({
      group: 'apiextensions.k8s.io',
      version: 'v1',
      kind: 'CustomResourceDefinition',
      kindChanged: true,
      via: ['apiextensions.k8s.io/v1beta1 CustomResourceDefinition'],
      availableIn: '1.16',
    });
  });
});
