import { STAGE_ORDER, type StageName } from './schema.js';

/** Minor number of "1.N". */
export function minor(version: string): number {
  return Number(version.slice(2));
}

export function compareVersions(a: string, b: string): number {
  return minor(a) - minor(b);
}

export function nextVersion(version: string): string {
  return `1.${minor(version) + 1}`;
}

export function stageRank(stage: StageName): number {
  return STAGE_ORDER.indexOf(stage);
}

/** Orders stage rows by version, then by stage within a release (alpha before beta before stable ...). */
export function compareStages(
  a: { version: string; stage: StageName },
  b: { version: string; stage: StageName },
): number {
  return compareVersions(a.version, b.version) || stageRank(a.stage) - stageRank(b.stage);
}
