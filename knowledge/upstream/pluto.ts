/**
 * FairwindsOps/pluto `versions.yaml`: deprecated and removed Kubernetes API versions with their replacements.
 * Only `component: k8s` rows are Kubernetes APIs (the others are cert-manager, istio, ...); `*List` kinds repeat
 * their item kind.
 */
import type { ApiRemoval } from '../schema.js';
import { yamlMapping } from './frontmatter.js';
import type { SkipLog } from './report.js';
import { minorVersion, text } from './values.js';

export const PLUTO_PATH = 'versions.yaml';
const GROUP_VERSION = /^(?:([a-z0-9.-]+)\/)?(v\d+(?:(?:alpha|beta)\d+)?)$/;

export function splitApiVersion(apiVersion: string): { group: string; version: string } | undefined {
  const m = GROUP_VERSION.exec(apiVersion.trim());
  return m?.[2] ? { group: m[1] ?? 'core', version: m[2] } : undefined;
}

export function parsePluto(yamlText: string, log: SkipLog): ApiRemoval[] {
  const file = `FairwindsOps/pluto/${PLUTO_PATH}`;
  const raw = yamlMapping(yamlText, file);
  const rows = Array.isArray(raw['deprecated-versions']) ? raw['deprecated-versions'] : [];
  const out: ApiRemoval[] = [];
  const seen = new Set<string>();
  for (const [i, r] of rows.entries()) {
    const row = (r ?? {}) as Record<string, unknown>;
    if (text(row.component) !== 'k8s') continue;
    const kind = text(row.kind);
    const gv = text(row.version) ? splitApiVersion(text(row.version) as string) : undefined;
    if (!kind || !gv) {
      log.skip(file, `deprecated-versions.${i}`, row, 'needs a group/version and a kind');
      continue;
    }
    if (kind.endsWith('List')) continue;
    const key = `${gv.group}/${gv.version}/${kind}`;
    if (seen.has(key)) {
      log.skip(file, `deprecated-versions.${i}`, key, 'listed twice; the first row is kept');
      continue;
    }
    seen.add(key);
    const replacementText = text(row['replacement-api']);
    const replacement = replacementText ? splitApiVersion(replacementText) : undefined;
    if (replacementText && !replacement)
      log.skip(file, `deprecated-versions.${i}.replacement-api`, replacementText, 'not a group/version');
    out.push({
      group: gv.group,
      version: gv.version,
      kind,
      deprecatedIn: minorVersion(row['deprecated-in']) ?? null,
      removedIn: minorVersion(row['removed-in']) ?? null,
      replacement: replacement ? { group: replacement.group, version: replacement.version } : null,
      replacementAvailableIn: minorVersion(row['replacement-available-in']) ?? null,
      alternativeReplacements: [],
    });
  }
  return out;
}
