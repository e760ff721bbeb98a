/**
 * The field, annotation and value rules of the upgrade check (knowledge/upgrade/rules.yaml): schemas, loading,
 * and resolving each rule's versions from the corpus (a feature's stage row or one of its gates' stages).
 */
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { gateRemovedIn } from '../derive.js';
import { type Corpus, featureByIdOrRedirect } from '../load.js';
import { knowledgeDir, projectRoot } from '../paths.js';
import type { Problem } from '../problems.js';
import { Id, Localized, StageName } from '../schema.js';

export const FeatureRef = z.strictObject({
  feature: Id,
  stage: StageName,
  /** The stage row concerns only this part of the feature (its `appliesTo`). */
  appliesTo: z.string().min(1).optional(),
});
export const GateRef = z.strictObject({
  gate: z.string().regex(/^[A-Z][A-Za-z0-9]*$/),
  /** `removed`: the first release without the gate. */
  stage: z.enum(['alpha', 'beta', 'stable', 'deprecated', 'removed']),
});
export const VersionRef = z.union([FeatureRef, GateRef]);
export type VersionRef = z.infer<typeof VersionRef>;

export const RuleMatch = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('pod-annotation'),
    keys: z.array(z.string().min(1)),
    prefixes: z.array(z.string().min(1)),
  }),
  z.strictObject({
    type: z.literal('field'),
    kinds: z.array(z.string().min(1)).min(1),
    path: z.string().regex(/^[A-Za-z]+(\.[A-Za-z]+)*$/),
    pattern: z.string().min(1).optional(),
  }),
  z.strictObject({ type: z.literal('rbac-resource'), resources: z.array(z.string().min(1)).min(1) }),
  z.strictObject({ type: z.literal('volume'), source: z.string().min(1), provisioner: z.string().min(1) }),
]);
export type RuleMatch = z.infer<typeof RuleMatch>;

export const RuleEffect = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('replaced'),
    deprecatedIn: VersionRef,
    removedIn: VersionRef.optional(),
    replacement: z.strictObject({ field: z.string().min(1), availableIn: VersionRef }),
  }),
  z.strictObject({ type: z.literal('requires'), since: VersionRef }),
  z.strictObject({ type: z.literal('notice'), from: VersionRef }),
]);
export type RuleEffect = z.infer<typeof RuleEffect>;

export const UpgradeRule = z.strictObject({
  id: Id,
  /** The feature whose card explains the rule. */
  feature: Id,
  match: RuleMatch,
  effect: RuleEffect,
  /** What was found, in a few words ({version}: the release the effect starts); a generic sentence otherwise. */
  what: Localized.optional(),
  fix: Localized,
});
export type UpgradeRule = z.infer<typeof UpgradeRule>;

export const UpgradeRulesFile = z.strictObject({ rules: z.array(UpgradeRule) });

export const RULES_FILE = join(knowledgeDir, 'upgrade', 'rules.yaml');

let cached: UpgradeRule[] | undefined;

/** The rules shipped with the bot, validated (read once). */
export function upgradeRules(file = RULES_FILE): UpgradeRule[] {
  if (file === RULES_FILE && cached) return cached;
  const rules = UpgradeRulesFile.parse(parseYaml(readFileSync(file, 'utf8'))).rules;
  if (file === RULES_FILE) cached = rules;
  return rules;
}

/** The release a reference points at in this corpus, or null when the data has no such row. */
export function resolveRef(corpus: Corpus, ref: VersionRef): string | null {
  if ('gate' in ref) {
    const gate = corpus.gates.find((g) => g.name === ref.gate);
    if (!gate) return null;
    if (ref.stage === 'removed') return gateRemovedIn(gate);
    return gate.stages.find((s) => s.stage === ref.stage)?.fromVersion ?? null;
  }
  const feature = featureByIdOrRedirect(corpus, ref.feature);
  const row = feature?.stages.find(
    (s) =>
      s.stage === ref.stage &&
      !s.planned &&
      !s.unconfirmed &&
      (ref.appliesTo ? (s.appliesTo ?? []).includes(ref.appliesTo) : !s.appliesTo),
  );
  return row?.version ?? null;
}

/** A rule with its versions read from the corpus. */
export interface ResolvedRule {
  rule: UpgradeRule;
  deprecatedIn: string | null;
  removedIn: string | null;
  since: string | null;
  noticeFrom: string | null;
  replacement: { field: string; availableIn: string | null } | null;
}

export function resolveRule(corpus: Corpus, rule: UpgradeRule): ResolvedRule {
  const e = rule.effect;
  return {
    rule,
    deprecatedIn: e.type === 'replaced' ? resolveRef(corpus, e.deprecatedIn) : null,
    removedIn: e.type === 'replaced' && e.removedIn ? resolveRef(corpus, e.removedIn) : null,
    since: e.type === 'requires' ? resolveRef(corpus, e.since) : null,
    noticeFrom: e.type === 'notice' ? resolveRef(corpus, e.from) : null,
    replacement:
      e.type === 'replaced'
        ? { field: e.replacement.field, availableIn: resolveRef(corpus, e.replacement.availableIn) }
        : null,
  };
}

/** Every reference a rule makes that the corpus cannot resolve (for the corpus checks). */
export function unresolvedRefs(corpus: Corpus, rule: UpgradeRule): string[] {
  const e = rule.effect;
  const refs: VersionRef[] =
    e.type === 'replaced'
      ? [e.deprecatedIn, ...(e.removedIn ? [e.removedIn] : []), e.replacement.availableIn]
      : e.type === 'requires'
        ? [e.since]
        : [e.from];
  const missing = refs
    .filter((r) => resolveRef(corpus, r) === null)
    .map((r) =>
      'gate' in r
        ? `gate ${r.gate} ${r.stage}`
        : `${r.feature} ${r.stage}${r.appliesTo ? ` (${r.appliesTo})` : ''}`,
    );
  if (!featureByIdOrRedirect(corpus, rule.feature)) missing.push(`feature ${rule.feature}`);
  return missing;
}

/** knowledge:check: the rules file validates and every rule resolves against the corpus (each problem with its rule). */
export function checkUpgradeRules(corpus: Corpus, file = RULES_FILE): Problem[] {
  const shown = relative(projectRoot, file) || file;
  let rules: UpgradeRule[];
  try {
    rules = upgradeRules(file);
  } catch (err) {
    return [{ file: shown, path: '', message: `invalid: ${(err as Error).message.split('\n')[0]}` }];
  }
  const ids = new Set<string>();
  const problems: Problem[] = [];
  rules.forEach((rule, i) => {
    if (ids.has(rule.id))
      problems.push({ file: shown, path: `rules.${i}.id`, message: `duplicate rule id ${rule.id}` });
    ids.add(rule.id);
    for (const missing of unresolvedRefs(corpus, rule))
      problems.push({ file: shown, path: `rules.${i}`, message: `${rule.id}: the corpus has no ${missing}` });
  });
  return problems;
}
