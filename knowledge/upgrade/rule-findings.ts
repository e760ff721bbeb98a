/** Field, annotation and value findings: the rules of knowledge/upgrade/rules.yaml applied to one object. */
import { atOrBefore, type CheckContext, locationOf, objectOf } from './context.js';
import type { ManifestObject, PathKey } from './manifests.js';
import { arrayAt, podPlaces, recordAt, valueAt } from './pod-specs.js';
import type { Finding, Severity } from './report.js';
import type { ResolvedRule } from './rules.js';

interface Hit {
  /** Where in the object (for the line). */
  at: PathKey[];
  /** What was found: the annotation's key, or the field's path ("spec.timeZone"). */
  path: string;
}

const dotted = (path: PathKey[]) =>
  path.map((k, i) => (typeof k === 'number' ? `[${k}]` : i === 0 ? k : `.${k}`)).join('');

function hits(obj: ManifestObject, r: ResolvedRule): Hit[] {
  const m = r.rule.match;
  switch (m.type) {
    case 'pod-annotation':
      return podPlaces(obj).flatMap((place) => {
        const annotations = recordAt(obj.value, [...place.metadata, 'annotations']) ?? {};
        return Object.keys(annotations)
          .filter((key) => m.keys.includes(key) || m.prefixes.some((p) => key.startsWith(p)))
          .map((key) => ({ at: [...place.metadata, 'annotations', key], path: key }));
      });
    case 'field': {
      if (!m.kinds.includes(obj.kind)) return [];
      const path = m.path.split('.');
      const v = valueAt(obj.value, path);
      if (v === undefined || v === null) return [];
      if (m.pattern && (typeof v !== 'string' || !new RegExp(m.pattern).test(v))) return [];
      return [{ at: path, path: m.path }];
    }
    case 'rbac-resource':
      if (obj.kind !== 'Role' && obj.kind !== 'ClusterRole') return [];
      return arrayAt(obj.value, ['rules']).flatMap((rule, i) => {
        const resources = arrayAt(rule, ['resources']);
        return resources.some((x) => typeof x === 'string' && m.resources.includes(x))
          ? [{ at: ['rules', i, 'resources'], path: `rules[${i}].resources` }]
          : [];
      });
    case 'volume': {
      const out: Hit[] = [];
      for (const place of podPlaces(obj)) {
        arrayAt(obj.value, [...place.spec, 'volumes']).forEach((vol, i) => {
          if (recordAt(vol, [m.source]))
            out.push({
              at: [...place.spec, 'volumes', i, m.source],
              path: `${dotted([...place.spec, 'volumes', i])}.${m.source}`,
            });
        });
      }
      if (obj.kind === 'PersistentVolume' && recordAt(obj.value, ['spec', m.source]))
        out.push({ at: ['spec', m.source], path: `spec.${m.source}` });
      if (obj.kind === 'StorageClass' && valueAt(obj.value, ['provisioner']) === m.provisioner)
        out.push({ at: ['provisioner'], path: `provisioner: ${m.provisioner}` });
      return out;
    }
    default: {
      const never: never = m;
      return never;
    }
  }
}

/** How the target treats what a rule found, or undefined when it is fine there. */
function severityAt(r: ResolvedRule, target: string): Severity | undefined {
  switch (r.rule.effect.type) {
    case 'replaced':
      if (r.removedIn && atOrBefore(r.removedIn, target)) return 'breaking';
      if (r.deprecatedIn && atOrBefore(r.deprecatedIn, target)) return 'deprecated';
      return undefined;
    case 'requires':
      return r.since && !atOrBefore(r.since, target) ? 'breaking' : undefined;
    case 'notice':
      return r.noticeFrom && atOrBefore(r.noticeFrom, target) ? 'notice' : undefined;
    default:
      return undefined;
  }
}

export function ruleFindings(obj: ManifestObject, ctx: CheckContext): Finding[] {
  const out: Finding[] = [];
  for (const r of ctx.rules) {
    const severity = severityAt(r, ctx.target);
    if (!severity) continue;
    for (const hit of hits(obj, r)) {
      out.push({
        severity,
        category: r.rule.match.type === 'pod-annotation' ? 'annotation' : 'field',
        location: locationOf(obj, obj.locate(hit.at)),
        object: objectOf(obj),
        rule: {
          id: r.rule.id,
          path: hit.path,
          deprecatedIn: r.deprecatedIn,
          removedIn: r.removedIn,
          since: r.since ?? r.noticeFrom,
          replacement: r.replacement,
        },
        replacementInFrom:
          ctx.from && r.replacement?.availableIn ? atOrBefore(r.replacement.availableIn, ctx.from) : null,
        featureId: r.rule.feature,
      });
    }
  }
  return out;
}
