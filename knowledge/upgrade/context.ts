/** What every check needs: the corpus, the target release and the release upgraded from (optional). */
import { type ApiCatalog, apiCatalog } from '../api-catalog.js';
import type { Corpus } from '../load.js';
import { compareVersions } from '../versions.js';
import type { ManifestObject, Position } from './manifests.js';
import type { FindingLocation, FindingObject } from './report.js';
import { type ResolvedRule, resolveRule, upgradeRules } from './rules.js';

export interface CheckContext {
  corpus: Corpus;
  catalog: ApiCatalog;
  target: string;
  from: string | null;
  rules: ResolvedRule[];
}

export function checkContext(corpus: Corpus, target: string, from: string | null = null): CheckContext {
  return {
    corpus,
    catalog: apiCatalog(corpus),
    target,
    from,
    rules: upgradeRules().map((r) => resolveRule(corpus, r)),
  };
}

/** a ≤ b for minor versions. */
export const atOrBefore = (a: string, b: string) => compareVersions(a, b) <= 0;

export function locationOf(obj: ManifestObject, at?: Position): FindingLocation {
  return {
    file: obj.file,
    document: obj.document,
    ...(obj.item !== undefined ? { item: obj.item } : {}),
    line: at?.line ?? obj.line,
    column: at?.column ?? obj.column,
    ...(obj.helmSource ? { helmSource: obj.helmSource } : {}),
  };
}

export function objectOf(obj: ManifestObject): FindingObject {
  return {
    apiVersion: obj.apiVersion,
    kind: obj.kind,
    ...(obj.name ? { name: obj.name } : {}),
    ...(obj.namespace ? { namespace: obj.namespace } : {}),
  };
}

/** The curated feature that explains a kind (StatefulSet for apps/v1beta1 StatefulSet). */
export function featureOfKind(corpus: Corpus, kind: string): string | null {
  return corpus.features.find((f) => f.curated && f.apiResources.some((r) => r.kind === kind))?.id ?? null;
}

/** The feature that owns a feature gate. */
export function featureOfGate(corpus: Corpus, gate: string): string | null {
  return corpus.features.find((f) => f.featureGates.includes(gate))?.id ?? null;
}
