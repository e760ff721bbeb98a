/**
 * The upgrade check: manifests in, a CheckReport out. Pure (text in, data out); reading files, stdin, chat
 * attachments or a live cluster is the callers' business (adapters/check, adapters/cluster, the chat adapters).
 */
import type { Corpus } from '../load.js';
import { compareVersions } from '../versions.js';
import { apiFinding } from './api-findings.js';
import { type CheckContext, checkContext } from './context.js';
import { gateFindings } from './gate-findings.js';
import { type ManifestObject, parseManifests, type SourceText } from './manifests.js';
import type { CheckReport, ExitCode, Finding, Problem } from './report.js';
import { ruleFindings } from './rule-findings.js';

export interface CheckOptions {
  /** The release to check against (default: the newest released). */
  target?: string | null | undefined;
  /** The release running now: findings say whether the way out is already served there (exit code 4). */
  from?: string | null | undefined;
  /** Pluto's --ignore-deprecations, --ignore-removals, --ignore-unavailable-replacements. */
  ignore?: { deprecations?: boolean; removals?: boolean; unavailableReplacements?: boolean };
  /** Refuse inputs with more objects than this (chat); the CLI has no limit. */
  maxObjects?: number;
}

/** More objects than `maxObjects`: the caller says so instead of answering with part of them. */
export class TooManyObjects extends Error {
  constructor(readonly objects: number) {
    super(`too many objects: ${objects}`);
    this.name = 'TooManyObjects';
  }
}

export type UpgradeVersions =
  | { ok: true; target: string; from: string | null }
  | { ok: false; problem: 'unknown-target' | 'unknown-from' | 'from-not-before-target'; version: string };

/** Checks --target and --from against the releases the data knows. */
export function upgradeVersions(
  corpus: Corpus,
  options: Pick<CheckOptions, 'target' | 'from'>,
): UpgradeVersions {
  const target = options.target ?? corpus.newestReleased;
  const from = options.from ?? null;
  if (!corpus.releaseByVersion.has(target)) return { ok: false, problem: 'unknown-target', version: target };
  if (from !== null && !corpus.releaseByVersion.has(from))
    return { ok: false, problem: 'unknown-from', version: from };
  if (from !== null && compareVersions(from, target) >= 0)
    return { ok: false, problem: 'from-not-before-target', version: from };
  return { ok: true, target, from };
}

const ORDER = { breaking: 0, deprecated: 1, notice: 2 } as const;

/** Every finding about one object. */
export function checkObject(obj: ManifestObject, ctx: CheckContext): Finding[] {
  const api = apiFinding(obj, ctx);
  return [...(api ? [api] : []), ...ruleFindings(obj, ctx), ...gateFindings(obj, ctx)];
}

/**
 * Pluto's exit codes: 2 when something is deprecated in the target (removed ones count as deprecated too), 3 when
 * something is removed, 4 when a way out is not available in --from; the last that applies wins. 1 when nothing
 * was found but some input could not be read, so a pipeline never passes on a file it did not check.
 */
export function exitCodeOf(
  findings: Finding[],
  problems: Problem[],
  ignore: CheckOptions['ignore'] = {},
): ExitCode {
  let code: ExitCode = 0;
  const counted = findings.filter((f) => f.severity !== 'notice');
  if (!ignore.deprecations && counted.length > 0) code = 2;
  if (!ignore.removals && counted.some((f) => f.severity === 'breaking')) code = 3;
  if (!ignore.unavailableReplacements && counted.some((f) => f.replacementInFrom === false)) code = 4;
  if (code === 0 && problems.length > 0) code = 1;
  return code;
}

export function sortFindings(findings: Finding[]): Finding[] {
  return [...findings].sort(
    (a, b) =>
      ORDER[a.severity] - ORDER[b.severity] ||
      a.location.file.localeCompare(b.location.file) ||
      a.location.line - b.location.line ||
      a.location.column - b.location.column,
  );
}

/** Checks manifests read from `sources`; `problems` adds inputs the caller could not read at all. */
export function checkManifests(
  corpus: Corpus,
  sources: SourceText[],
  options: CheckOptions & { target: string },
  problems: Problem[] = [],
): CheckReport {
  const ctx = checkContext(corpus, options.target, options.from ?? null);
  const inputs: CheckReport['inputs'] = [];
  const allProblems: Problem[] = [...problems];
  const findings: Finding[] = [];
  let objects = 0;
  const parsedSources = sources.map((source) => ({ source, parsed: parseManifests(source) }));
  const total = parsedSources.reduce((n, p) => n + p.parsed.objects.length, 0);
  if (options.maxObjects !== undefined && total > options.maxObjects) throw new TooManyObjects(total);
  for (const { source, parsed } of parsedSources) {
    inputs.push({
      name: source.name,
      documents: parsed.documents,
      objects: parsed.objects.length,
      skipped: parsed.skipped,
    });
    allProblems.push(...parsed.problems);
    objects += parsed.objects.length;
    for (const obj of parsed.objects) findings.push(...checkObject(obj, ctx));
  }
  return reportOf(corpus, ctx, inputs, sortFindings(findings), allProblems, objects, options.ignore);
}

export function reportOf(
  corpus: Corpus,
  ctx: Pick<CheckContext, 'target' | 'from'>,
  inputs: CheckReport['inputs'],
  findings: Finding[],
  problems: Problem[],
  objects: number,
  ignore?: CheckOptions['ignore'],
): CheckReport {
  const count = (s: Finding['severity']) => findings.filter((f) => f.severity === s).length;
  return {
    target: ctx.target,
    from: ctx.from,
    newestReleased: corpus.newestReleased,
    targetReleased: corpus.releaseByVersion.get(ctx.target)?.released ?? false,
    inputs,
    findings,
    problems,
    summary: {
      objects,
      breaking: count('breaking'),
      deprecated: count('deprecated'),
      notice: count('notice'),
      replacementUnavailable: findings.filter((f) => f.replacementInFrom === false).length,
      problems: problems.length,
    },
    exitCode: exitCodeOf(findings, problems, ignore),
  };
}
