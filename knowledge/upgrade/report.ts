/**
 * What `k8sbot check` finds, as zod schemas (the one source of the types): the JSON output, the chat card and the
 * exit code are all read from a CheckReport.
 */
import { z } from 'zod';
import { PROBLEM_CODES } from './manifests.js';

const Version = z.string().regex(/^1\.\d+$/);

/**
 * breaking: fails on the target (a removed API, a removed or locked feature gate, a field the target does not have
 * or no longer honours); deprecated: still works on the target, goes away later; notice: worth knowing, changes
 * nothing by itself.
 */
export const Severity = z.enum(['breaking', 'deprecated', 'notice']);
export type Severity = z.infer<typeof Severity>;
export const SEVERITIES = Severity.options;

export const FindingLocation = z.strictObject({
  file: z.string(),
  document: z.number().int().positive(),
  item: z.number().int().nonnegative().optional(),
  line: z.number().int().positive(),
  column: z.number().int().positive(),
  /** `# Source:` of a `helm template` document: the chart template to edit. */
  helmSource: z.string().optional(),
});
export type FindingLocation = z.infer<typeof FindingLocation>;

export const FindingObject = z.strictObject({
  apiVersion: z.string(),
  kind: z.string(),
  name: z.string().optional(),
  namespace: z.string().optional(),
});
export type FindingObject = z.infer<typeof FindingObject>;

export const ApiTarget = z.strictObject({
  group: z.string(),
  version: z.string(),
  kind: z.string(),
  /** The kind changes too (ThirdPartyResource → CustomResourceDefinition). */
  kindChanged: z.boolean(),
  /** Replacements that were removed themselves on the way to this one. */
  via: z.array(z.string()),
  /** The first release that serves it, when the data says. */
  availableIn: Version.nullable(),
});
export type ApiTarget = z.infer<typeof ApiTarget>;

export const ApiFinding = z.strictObject({
  group: z.string(),
  version: z.string(),
  kind: z.string(),
  deprecatedIn: Version.nullable(),
  removedIn: Version.nullable(),
  /** Where to move today; null when no API replaces it (PodSecurityPolicy). */
  replacement: ApiTarget.nullable(),
});

export type ApiFinding = z.infer<typeof ApiFinding>;

export const RuleFinding = z.strictObject({
  id: z.string(),
  /** The field, annotation or value the rule found ("metadata.annotations.seccomp.security.alpha.kubernetes.io/pod"). */
  path: z.string(),
  deprecatedIn: Version.nullable(),
  removedIn: Version.nullable(),
  /** The release from which the field exists (rules about fields a target may not have yet). */
  since: Version.nullable(),
  replacement: z.strictObject({ field: z.string(), availableIn: Version.nullable() }).nullable(),
});

export type RuleFinding = z.infer<typeof RuleFinding>;

export const GateFinding = z.strictObject({
  name: z.string(),
  /** kubelet, kube-apiserver, … (or the container's name) */
  component: z.string(),
  value: z.boolean(),
  /** Why it matters on the target. */
  reason: z.enum(['unknown', 'not-yet', 'removed', 'locked', 'locked-same', 'deprecated']),
  introducedIn: Version.nullable(),
  deprecatedIn: Version.nullable(),
  lockedIn: Version.nullable(),
  lockedTo: z.boolean().nullable(),
  removedIn: Version.nullable(),
});

export type GateFinding = z.infer<typeof GateFinding>;

export const Finding = z.strictObject({
  severity: Severity,
  category: z.enum(['api', 'annotation', 'field', 'feature-gate']),
  location: FindingLocation,
  object: FindingObject,
  api: ApiFinding.optional(),
  rule: RuleFinding.optional(),
  gate: GateFinding.optional(),
  /** With --from: whether the way out is already available there (false gives exit code 4); null when unknown or no --from. */
  replacementInFrom: z.boolean().nullable(),
  /** The feature whose card explains it. */
  featureId: z.string().nullable(),
});
export type Finding = z.infer<typeof Finding>;

export const Problem = z.strictObject({
  file: z.string(),
  document: z.number().int().nonnegative(),
  line: z.number().int().nonnegative(),
  column: z.number().int().nonnegative(),
  code: z.enum([...PROBLEM_CODES, 'unreadable', 'too-large']),
  message: z.string(),
  helmTemplate: z.boolean().optional(),
});
export type Problem = z.infer<typeof Problem>;

export const InputSummary = z.strictObject({
  name: z.string(),
  documents: z.number().int().nonnegative(),
  objects: z.number().int().nonnegative(),
  skipped: z.number().int().nonnegative(),
});

export const ExitCode = z.union([z.literal(0), z.literal(1), z.literal(2), z.literal(3), z.literal(4)]);
export type ExitCode = z.infer<typeof ExitCode>;

export const CheckReport = z.strictObject({
  target: Version,
  from: Version.nullable(),
  /** The newest release in the data (the default target). */
  newestReleased: Version,
  /** False when the target is a planned release: its removals can still change. */
  targetReleased: z.boolean(),
  inputs: z.array(InputSummary),
  findings: z.array(Finding),
  problems: z.array(Problem),
  summary: z.strictObject({
    objects: z.number().int().nonnegative(),
    breaking: z.number().int().nonnegative(),
    deprecated: z.number().int().nonnegative(),
    notice: z.number().int().nonnegative(),
    replacementUnavailable: z.number().int().nonnegative(),
    problems: z.number().int().nonnegative(),
  }),
  /** Pluto's: 0 clean, 2 deprecated, 3 removed, 4 a replacement not available in --from; 1 unreadable input. */
  exitCode: ExitCode,
});
export type CheckReport = z.infer<typeof CheckReport>;
