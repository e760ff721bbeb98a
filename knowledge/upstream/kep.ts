/** kubernetes/enhancements `keps/<sig>/<number>-<name>/kep.yaml` → a KEP record. */
import type { KepRecord } from '../schema.js';
import { yamlMapping } from './frontmatter.js';
import type { SkipLog } from './report.js';
import { isoDate, minorVersion, text, textList } from './values.js';

export const ENHANCEMENTS_URL = 'https://github.com/kubernetes/enhancements/tree/master';
const MILESTONES = ['alpha', 'beta', 'stable', 'deprecated', 'removed', 'disabled'] as const;
/**
 * A gate name as a KEP may write it: an identifier. Placeholders ("N/A", "CSIMigration{vendor}") and
 * environment variables (KUBECTL_COMMAND_HEADERS) are not gates. The case is fixed against the gate pages later.
 */
const GATE_NAME = /^[A-Za-z][A-Za-z0-9]*$/;
const PLACEHOLDER = /^(?:none|na|tbd|todo|unknown)$/i;

/** The template folders (NNNN-kep-template, 0000-cloud-provider-template) carry a kep.yaml that describes no KEP. */
export function isTemplatePath(path: string): boolean {
  return /(^|\/)(?:NNNN|0000)-[^/]*template\/kep\.yaml$/.test(path);
}

/**
 * Parses one kep.yaml. `path` is the file's path inside the repository ("keps/sig-apps/3140-.../kep.yaml").
 * Values that are not what they claim to be (a `TBD` milestone, an invalid date, a placeholder gate name) are
 * left out and logged; a file that is not YAML throws.
 */
export function parseKep(yamlText: string, path: string, log: SkipLog): KepRecord | undefined {
  const file = `kubernetes/enhancements/${path}`;
  const raw = yamlMapping(yamlText, file);
  const dir = path.replace(/\/kep\.yaml$/, '');
  const number = kepNumber(raw['kep-number'], dir);
  if (number === undefined) {
    log.skip(file, 'kep-number', raw['kep-number'], 'no KEP number in the file or its folder name');
    return undefined;
  }
  const title = text(raw.title);
  if (!title) {
    log.skip(file, 'title', raw.title, 'a KEP without a title is not a feature');
    return undefined;
  }

  const milestone: KepRecord['milestone'] = {};
  const rawMilestones = raw.milestone;
  if (rawMilestones && typeof rawMilestones === 'object' && !Array.isArray(rawMilestones)) {
    for (const key of MILESTONES) {
      const value = (rawMilestones as Record<string, unknown>)[key];
      if (value === undefined || value === null || value === '') continue;
      const version = minorVersion(value);
      if (version) milestone[key] = version;
      else log.skip(file, `milestone.${key}`, value, 'not a release version (a placeholder or a list)');
    }
  }

  const latestRaw = raw['latest-milestone'];
  const latestMilestone = minorVersion(latestRaw) ?? null;
  if (!latestMilestone && latestRaw !== undefined && latestRaw !== null && latestRaw !== '')
    log.skip(
      file,
      'latest-milestone',
      latestRaw,
      'not a release version (0.0 means "not tied to a release")',
    );

  const featureGates: string[] = [];
  const gates = Array.isArray(raw['feature-gates']) ? raw['feature-gates'] : [];
  for (const [i, g] of gates.entries()) {
    const name = text((g as { name?: unknown } | null)?.name);
    if (name && GATE_NAME.test(name) && !PLACEHOLDER.test(name)) {
      if (!featureGates.includes(name)) featureGates.push(name);
    } else if (name !== undefined) {
      log.skip(
        file,
        `feature-gates.${i}.name`,
        name,
        'not a feature gate name (a placeholder, a template or an environment variable)',
      );
    }
  }

  const date = (key: 'creation-date' | 'last-updated') => {
    const value = raw[key];
    const parsed = isoDate(value);
    if (!parsed && value !== undefined && value !== null && value !== '')
      log.skip(file, key, value, 'not a valid calendar date');
    return parsed ?? null;
  };

  return {
    number,
    title,
    path: dir,
    owningSig: text(raw['owning-sig']) ?? null,
    participatingSigs: textList(raw['participating-sigs']),
    status: text(raw.status) ?? null,
    stage: text(raw.stage) ?? null,
    latestMilestone,
    milestone,
    featureGates,
    replaces: textList(raw.replaces),
    supersededBy: textList(raw['superseded-by']),
    url: `${ENHANCEMENTS_URL}/${dir}`,
    creationDate: date('creation-date'),
    lastUpdated: date('last-updated'),
  };
}

/** `kep-number: 3140` or `"3140"`; without one, the number that starts the folder name. */
function kepNumber(value: unknown, dir: string): number | undefined {
  const fromValue =
    typeof value === 'number' ? value : typeof value === 'string' ? Number(value.trim()) : NaN;
  if (Number.isInteger(fromValue) && fromValue >= 0) return fromValue;
  const m = /\/(\d+)-[^/]*$/.exec(dir);
  return m ? Number(m[1]) : undefined;
}
