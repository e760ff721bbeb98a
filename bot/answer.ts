/**
 * The Answer contract: what `k8sbot ask --json` prints and what every adapter receives.
 * Documented in README; changing a field is a breaking change.
 */
import { z } from 'zod';
import { ClusterReport } from '../knowledge/upgrade/cluster.js';
import { CheckReport } from '../knowledge/upgrade/report.js';
import { Card } from './cards.js';
import { ErrorCode } from './errors.js';
import { Lang } from './messages.js';

const Version = z.string().regex(/^1\.\d+$/);

export const AnswerKind = z.enum([
  'feature',
  'release',
  'compare',
  'api',
  'search',
  'help',
  'digest',
  'check',
  'cluster',
  'not_found',
  'error',
]);
export type AnswerKind = z.infer<typeof AnswerKind>;

export const AnswerFeature = z.strictObject({
  id: z.string(),
  name: z.string(),
  aliases: z.array(z.string()),
  keps: z.array(z.number().int()),
  featureGates: z.array(z.string()),
  /** Each feature gate's own history, from its page (the first is the feature's primary gate). */
  gates: z.array(
    z.strictObject({
      name: z.string(),
      stages: z.array(
        z.strictObject({
          stage: z.enum(['alpha', 'beta', 'stable', 'deprecated']),
          version: Version,
          defaultOn: z.boolean().nullable(),
        }),
      ),
      removedIn: Version.optional(),
    }),
  ),
  stages: z.array(
    z.strictObject({
      stage: z.enum(['alpha', 'beta', 'stable', 'deprecated', 'removed']),
      version: Version,
      planned: z.boolean().optional(),
    }),
  ),
  url: z.string().optional(),
});

export const ChangeLists = {
  stable: z.array(z.string()),
  beta: z.array(z.string()),
  alpha: z.array(z.string()),
  deprecated: z.array(z.string()),
  removed: z.array(z.string()),
  apiRemovals: z.array(z.string()),
};

export const AnswerRelease = z.strictObject({
  version: Version,
  released: z.boolean(),
  releaseDate: z.string().optional(),
  endOfLife: z.string().optional(),
  latestPatch: z.string().optional(),
  ...ChangeLists,
});

export const AnswerCompare = z.strictObject({
  from: Version,
  to: Version,
  ...ChangeLists,
  /** Features that an upgrade turns on by default (no flag needed) or off. */
  nowOnByDefault: z.array(z.string()),
  nowOffByDefault: z.array(z.string()),
  targetReleaseDate: z.string().optional(),
  targetEndOfLife: z.string().optional(),
});

export const AnswerApi = z.strictObject({
  group: z.string(),
  version: z.string(),
  kind: z.string().optional(),
  deprecatedIn: Version.optional(),
  removedIn: Version.optional(),
  /** Where to move: a version served today (followed past replacements that were removed themselves). */
  replacement: z
    .strictObject({
      group: z.string(),
      version: z.string(),
      /** Set when the kind changes too (ThirdPartyResource → CustomResourceDefinition). */
      kind: z.string().optional(),
    })
    .nullable()
    .optional(),
});

export const DigestSection = z.strictObject({
  id: z.enum(['releases', 'next', 'headsUp', 'clusters', 'spotlight']),
  title: z.string(),
  items: z.array(z.string()),
});
export type DigestSection = z.infer<typeof DigestSection>;

/** The one-sentence answer to a version question, shown before the card. */
export const AnswerDirect = z.strictObject({
  text: z.string(),
  /** "partly": available only behind a gate that is off by default. */
  verdict: z.enum(['yes', 'no', 'partly']),
  /** The release the question was about (the newest when it named none); absent for "when" questions. */
  version: Version.optional(),
});

export const Answer = z.strictObject({
  query: z.string(),
  kind: AnswerKind,
  lang: Lang,
  direct: AnswerDirect.optional(),
  feature: AnswerFeature.optional(),
  release: AnswerRelease.optional(),
  compare: AnswerCompare.optional(),
  api: AnswerApi.optional(),
  /** For kind "api" when a group/version holds several kinds. */
  apis: z.array(AnswerApi).optional(),
  results: z.array(z.strictObject({ id: z.string(), name: z.string(), score: z.number() })).optional(),
  suggestions: z.array(z.string()).optional(),
  digest: z
    .strictObject({
      week: z.string(),
      date: z.string(),
      stale: z.boolean(),
      sections: z.array(DigestSection),
    })
    .optional(),
  /** kind "check": what the manifests use that the target deprecates or removed (knowledge/upgrade/report.ts). */
  check: CheckReport.optional(),
  /** kind "cluster": one live cluster (version, end of life, what breaks on the next minor), or several. */
  cluster: ClusterReport.optional(),
  clusters: z.array(ClusterReport).optional(),
  error: z.strictObject({ code: ErrorCode, message: z.string() }).optional(),
  card: Card,
});
export type Answer = z.infer<typeof Answer>;
