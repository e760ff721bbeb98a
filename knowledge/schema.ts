/**
 * The one source of truth for the corpus's data types. Every type used elsewhere is `z.infer` of a schema here.
 *
 * Three layers:
 *  - Imported facts (knowledge/generated/*.json, or a synced bundle in K8SBOT_DATA_DIR), written by the importer
 *    (knowledge/import.ts) from the upstream repositories' own files.
 *  - Curated files: cited history that no upstream file holds (knowledge/history/*.yaml) and the feature and release
 *    notes written by hand in our own words (knowledge/features/*.yaml, knowledge/releases/*.yaml).
 *  - The merged corpus (Feature, Release) that the bot reads.
 */
import { z } from 'zod';
import { Skipped } from './upstream/report.js';

export const VERSION_PATTERN = /^1\.(0|[1-9]\d?)$/;
export const Version = z.string().regex(VERSION_PATTERN, 'expected a minor version such as "1.24" (no "v")');
export type Version = z.infer<typeof Version>;

export const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date such as "2022-05-03"');
export const Url = z.url({ protocol: /^https$/ });
export const Id = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'ids are kebab-case: lowercase letters, digits and single hyphens');

export const STAGE_ORDER = ['alpha', 'beta', 'stable', 'deprecated', 'removed'] as const;
export const StageName = z.enum(STAGE_ORDER);
export type StageName = z.infer<typeof StageName>;

export const CATEGORIES = [
  'workloads',
  'networking',
  'config-storage',
  'policy',
  'security',
  'api-extensibility',
  'scheduling',
  'autoscaling',
  'cluster-lifecycle',
  'node-runtime',
  'observability',
  'cli',
  'cloud-provider',
  'project',
  'other',
] as const;
export const Category = z.enum(CATEGORIES);
export type Category = z.infer<typeof Category>;

/** Where a stage (or a whole feature) comes from. */
export const Origin = z.enum(['curated', 'gate', 'kep', 'core']);
export type Origin = z.infer<typeof Origin>;

export const Stage = z.strictObject({
  stage: StageName,
  version: Version,
  /** The name the feature had at that time ("PetSet"). */
  as: z.string().min(1).optional(),
  /** The API version that reached the stage ("apps/v1beta1"). */
  apiVersion: z.string().min(1).optional(),
  /**
   * The row concerns only these API versions or mechanisms, not the feature as a whole:
   * "removed in 1.16" for apps/v1beta1 is the end of an old API version, not of StatefulSet.
   */
  appliesTo: z.array(z.string().min(1)).min(1).optional(),
  /** Feature-gate default in that stage (beta features are not always on by default). */
  enabledByDefault: z.boolean().optional(),
  /** A target that has not happened yet (a KEP milestone after the newest release). */
  planned: z.boolean().optional(),
  /** A KEP milestone that no gate page or release confirms. */
  unconfirmed: z.boolean().optional(),
  /** Short note in our own words (English; shown on English cards only). */
  note: z.string().min(1).optional(),
  /** Derived: the feature gate was locked to its default from this release (it can no longer be turned off). */
  lockedIn: Version.optional(),
  /** Derived: the feature gate was removed in this release (after GA: locked on, then deleted; the feature lives). */
  gateRemovedIn: Version.optional(),
  /** Derived: the default changed in a patch release of this minor. */
  defaultChangedInPatch: z.boolean().optional(),
  /** Curated only: why this row differs from the imported gate or core-feature data. */
  reason: z.string().min(10).optional(),
  origin: Origin.optional(),
});
export type Stage = z.infer<typeof Stage>;

/** A space between two Japanese characters is an artefact of a folded YAML line; Japanese text has none. */
export function joinJapaneseLines(text: string): string {
  return text.replace(
    /(?<=[\u3000-\u30ff\u4e00-\u9fff\uff01-\uff0f])\s+(?=[\u3000-\u30ff\u4e00-\u9fff\uff01-\uff0f])/g,
    '',
  );
}

const JapaneseText = z.string().min(1).transform(joinJapaneseLines);

export const Localized = z.strictObject({ en: z.string().min(1), ja: JapaneseText });
export type Localized = z.infer<typeof Localized>;

/** A project that is installed separately from Kubernetes itself. */
export const Addon = z.strictObject({
  /** The project's name as its maintainers write it ("Gateway API", "metrics-server"). */
  project: z.string().min(1),
  /** Where to get it (the project's site or repository). */
  url: Url,
});
export type Addon = z.infer<typeof Addon>;

export const ApiRef = z.strictObject({
  group: z.string().min(1),
  version: z.string().regex(/^v\d+((alpha|beta)\d+)?$/, 'expected an API version such as "v1" or "v1beta1"'),
  kind: z.string().regex(/^[A-Z][A-Za-z0-9]*$/, 'kinds are PascalCase'),
});
export type ApiRef = z.infer<typeof ApiRef>;

export const Link = z.strictObject({ title: z.string().min(1), url: Url });
export type Link = z.infer<typeof Link>;

export const Example = z.strictObject({
  title: Localized,
  yaml: z.string().min(1),
  /** Set for an example of an API that is no longer served; the card says so. */
  removedApi: z.boolean().optional(),
  note: z.string().min(1).optional(),
});
export type Example = z.infer<typeof Example>;

export const Rename = z.strictObject({ from: z.string().min(1), to: z.string().min(1), version: Version });
export type Rename = z.infer<typeof Rename>;

// ---------------------------------------------------------------------------------------------------------------
// Imported facts (knowledge/generated)
// ---------------------------------------------------------------------------------------------------------------

const GeneratedHeader = {
  $comment: z.string().startsWith('generated'),
};

export const SourceRef = z.strictObject({
  repository: z.string(),
  commit: z.string(),
  commitDate: IsoDate,
});

export const KepRecord = z.strictObject({
  number: z.number().int().nonnegative(),
  title: z.string().min(1),
  path: z.string().min(1),
  owningSig: z.string().nullable(),
  participatingSigs: z.array(z.string()),
  status: z.string().nullable(),
  stage: z.string().nullable(),
  latestMilestone: Version.nullable(),
  milestone: z.partialRecord(
    z.enum(['alpha', 'beta', 'stable', 'deprecated', 'removed', 'disabled']),
    Version,
  ),
  featureGates: z.array(z.string()),
  /** Paths of KEPs this one replaces / is superseded by, as written ("keps/sig-node/2133-..."). */
  replaces: z.array(z.string()),
  supersededBy: z.array(z.string()),
  url: Url,
  creationDate: IsoDate.nullable(),
  lastUpdated: IsoDate.nullable(),
});
export type KepRecord = z.infer<typeof KepRecord>;

export const GateStage = z.strictObject({
  stage: z.enum(['alpha', 'beta', 'stable', 'deprecated']),
  defaultValue: z.boolean().nullable(),
  fromVersion: Version,
  toVersion: Version.nullable(),
  locked: z.boolean().nullable(),
});
export type GateStage = z.infer<typeof GateStage>;

export const GateRecord = z.strictObject({
  name: z.string().regex(/^[A-Z][A-Za-z0-9]*$/),
  stages: z.array(GateStage).min(1),
  removed: z.boolean(),
  lastVersion: Version.nullable(),
  formerNames: z.array(z.string()),
  keps: z.array(z.number().int()),
});
export type GateRecord = z.infer<typeof GateRecord>;

export const ReleaseRecord = z.strictObject({
  version: Version,
  released: z.boolean(),
  releaseDate: IsoDate.nullable(),
  plannedReleaseDate: IsoDate.nullable(),
  endOfLife: IsoDate.nullable(),
  maintenanceModeStart: IsoDate.nullable(),
  latestPatch: z.string().nullable(),
  latestPatchDate: IsoDate.nullable(),
  themes: z.array(z.string()),
  announcementUrl: Url.nullable(),
  sigReleaseUrl: Url.nullable(),
  /** Key dates of the release cycle (enhancementsFreeze, codeFreeze, release, ...), when the schedule is known. */
  keyDates: z.record(z.string(), IsoDate).nullable(),
});
export type ReleaseRecord = z.infer<typeof ReleaseRecord>;

export const ApiGroupVersion = z.strictObject({
  group: z.string(),
  version: z.string(),
  kind: z.string().optional(),
});
export type ApiGroupVersion = z.infer<typeof ApiGroupVersion>;

export const ApiRemoval = z.strictObject({
  group: z.string().min(1),
  version: z.string().min(1),
  kind: z.string().min(1),
  deprecatedIn: Version.nullable(),
  removedIn: Version.nullable(),
  replacement: ApiGroupVersion.nullable(),
  replacementAvailableIn: Version.nullable(),
  alternativeReplacements: z.array(ApiGroupVersion),
});
export type ApiRemoval = z.infer<typeof ApiRemoval>;

/** Where a curated fact is stated: "<owner/repo> <path>[:line|#anchor] @<commit>". */
export const Citation = z
  .string()
  .regex(
    /^[\w.-]+\/[\w.-]+ \S+(?::\d+|#[\w.-]+)? @[0-9a-f]{7,40}$/,
    'cite as "<owner/repo> <path>[:line] @<commit>"',
  );

export const RenameRecord = z.strictObject({
  old: z.string().min(1),
  new: z.string().min(1),
  kind: z.string().min(1),
  version: Version,
  versionMeaning: z.enum(['renamed', 'successorIntroduced', 'newNameAddedInParallel']),
  kep: z.number().int().nullable(),
  sources: z.array(Citation).min(1),
});
export type RenameRecord = z.infer<typeof RenameRecord>;

export const CoreStage = z.strictObject({
  stage: StageName,
  version: Version,
  apiVersion: z.string().optional(),
  appliesTo: z.array(z.string()).min(1).optional(),
  basis: z.enum(['stated', 'derived']),
  sources: z.array(Citation).min(1),
});
export type CoreStage = z.infer<typeof CoreStage>;

export const CoreFeatureRecord = z.strictObject({
  /** The data set's own key; may hold a dot ("swagger-1.2-spec"). */
  id: z.string().regex(/^[a-z0-9.-]+$/),
  name: z.string().min(1),
  category: Category,
  formerNames: z.array(z.strictObject({ name: z.string(), until: Version.nullable() })),
  kinds: z.array(z.strictObject({ group: z.string(), kind: z.string() })),
  featureGates: z.array(z.string()),
  keps: z.array(z.number().int()),
  replaces: z.string().nullable(),
  replacedBy: z.string().nullable(),
  stages: z.array(CoreStage),
  facts: z.array(z.strictObject({ name: z.string(), value: z.string(), sources: z.array(Citation).min(1) })),
});
export type CoreFeatureRecord = z.infer<typeof CoreFeatureRecord>;

export const ClusterSizeLimit = z.strictObject({
  version: Version,
  maxNodes: z.number().int().positive(),
  maxPods: z.number().int().positive().nullable(),
  sources: z.array(Citation).min(1),
});
export type ClusterSizeLimit = z.infer<typeof ClusterSizeLimit>;

export const GeneratedKeps = z.strictObject({
  ...GeneratedHeader,
  source: SourceRef,
  keps: z.array(KepRecord),
});
export const GeneratedGates = z.strictObject({
  ...GeneratedHeader,
  source: SourceRef,
  featureGates: z.array(GateRecord),
});
export const GeneratedReleases = z.strictObject({
  ...GeneratedHeader,
  newestReleased: Version,
  releases: z.array(ReleaseRecord),
});
export const GeneratedApiRemovals = z.strictObject({ ...GeneratedHeader, apiRemovals: z.array(ApiRemoval) });
export const GeneratedMeta = z.strictObject({
  ...GeneratedHeader,
  /** The newest commit date of the sources: how current the facts are. */
  dataAsOf: IsoDate,
  sources: z.array(SourceRef),
  /** Upstream values the importer could not use (sloppy dates, placeholder milestones, ...), with the reason. */
  skipped: z.array(Skipped),
});
export type GeneratedMeta = z.infer<typeof GeneratedMeta>;

// ---------------------------------------------------------------------------------------------------------------
// Curated, cited history (knowledge/history/*.yaml): facts no upstream data file holds
// ---------------------------------------------------------------------------------------------------------------

export const CoreHistoryFile = z.strictObject({
  features: z.array(CoreFeatureRecord),
  clusterSizeLimits: z.array(ClusterSizeLimit),
  currentMaxNodes: z.strictObject({
    maxNodes: z.number().int().positive(),
    sources: z.array(Citation).min(1),
  }),
});
export type CoreHistoryFile = z.infer<typeof CoreHistoryFile>;

export const RenamesHistoryFile = z.strictObject({ renames: z.array(RenameRecord) });

export const ReleaseHistory = z.strictObject({
  version: Version,
  releaseDate: IsoDate.optional(),
  announcementUrl: Url.optional(),
  sources: z.array(Citation).min(1),
});
export type ReleaseHistory = z.infer<typeof ReleaseHistory>;

export const ReleasesHistoryFile = z.strictObject({
  /** kubernetes/sig-release has a releases/release-1.N folder for every minor since this one. */
  sigReleaseFolders: z.strictObject({ since: Version, sources: z.array(Citation).min(1) }),
  releases: z.array(ReleaseHistory),
});
export type ReleasesHistoryFile = z.infer<typeof ReleasesHistoryFile>;

const ApiName = z
  .string()
  .regex(/^(?:[a-z0-9.-]+\/)?v\d+(?:(?:alpha|beta)\d+)? [A-Z][A-Za-z0-9]*$/, 'write "group/version Kind"');

/**
 * A correction to Pluto's list of deprecated APIs: a row it lacks (`add`), values that other sources state
 * differently (`set`), or a row that is not a served API (`drop`). Every correction says why and cites where.
 */
export const ApiCorrection = z
  .strictObject({
    api: ApiName,
    add: z.boolean().optional(),
    drop: z.boolean().optional(),
    set: z
      .strictObject({
        deprecatedIn: Version.nullable().optional(),
        removedIn: Version.nullable().optional(),
        replacement: z
          .strictObject({ group: z.string(), version: z.string(), kind: z.string().optional() })
          .nullable()
          .optional(),
        replacementAvailableIn: Version.nullable().optional(),
        alternativeReplacements: z
          .array(z.strictObject({ group: z.string(), version: z.string(), kind: z.string().optional() }))
          .optional(),
      })
      .optional(),
    reason: z.string().min(10),
    sources: z.array(Citation).min(1),
  })
  .refine((c) => Boolean(c.drop) !== Boolean(c.set), { message: 'give either drop: true or set: {...}' });
export type ApiCorrection = z.infer<typeof ApiCorrection>;

export const ApiCorrectionsFile = z.strictObject({ corrections: z.array(ApiCorrection) });

// ---------------------------------------------------------------------------------------------------------------
// Curated files (knowledge/features/*.yaml, knowledge/releases/*.yaml)
// ---------------------------------------------------------------------------------------------------------------

export const CuratedFeatureFile = z.strictObject({
  id: Id,
  name: z.string().min(1).max(80),
  /** Former names, kubectl short names, gate names, Japanese names, common spellings. */
  aliases: z.array(z.string().min(1).max(80)).default([]),
  /** Aliases this entry deliberately shares with another entry (otherwise aliases are unique). */
  sharedAliases: z.array(z.string().min(1)).default([]),
  category: Category,
  summary: Localized,
  /** Stage history. Omit to take it from `core`, the KEPs or the gates. */
  stages: z.array(Stage).optional(),
  /** Status of an idea that never shipped (withdrawn KEP). */
  status: z.enum(['withdrawn', 'replaced', 'rejected']).optional(),
  keps: z.array(z.number().int().nonnegative()).default([]),
  /** KEP numbers that are not in the imported KEP data, each with the reason. */
  unlistedKeps: z.array(z.strictObject({ number: z.number().int(), reason: z.string().min(10) })).default([]),
  featureGates: z.array(z.string().regex(/^[A-Z][A-Za-z0-9]*$/)).default([]),
  /** Id of the matching entry in core-features.json. */
  core: Id.optional(),
  apiResources: z.array(ApiRef).default([]),
  /** Field paths users search for ("spec.initContainers"). */
  fields: z.array(z.string().min(1)).default([]),
  examples: z.array(Example).default([]),
  links: z.array(Link).default([]),
  related: z.array(Id).default([]),
  renames: z.array(Rename).default([]),
  /** Set when the feature has no API object or field, so no example is expected. */
  noExampleReason: z.string().min(10).optional(),
  /**
   * Words and task phrasing people use for the feature that are not names ("restrict traffic between
   * namespaces", "cron timezone"): searched like aliases, never shown as "also known as".
   */
  keywords: z.array(z.string().min(2).max(120)).default([]),
  /** Set for a project people take for built-in that is installed separately (Gateway API, VPA, ...). */
  addon: Addon.optional(),
});
export type CuratedFeatureFile = z.infer<typeof CuratedFeatureFile>;

export const Highlight = z.strictObject({
  feature: Id.optional(),
  en: z.string().min(1),
  ja: JapaneseText,
});
export type Highlight = z.infer<typeof Highlight>;

export const CuratedReleaseFile = z.strictObject({
  version: Version,
  summary: Localized,
  highlights: z.array(Highlight).min(1),
});
export type CuratedReleaseFile = z.infer<typeof CuratedReleaseFile>;

// ---------------------------------------------------------------------------------------------------------------
// The merged corpus
// ---------------------------------------------------------------------------------------------------------------

/** One feature gate of a feature, with its own history as its page gives it. */
export const GateHistory = z.strictObject({
  name: z.string(),
  /** The gate whose history is the feature's own (the others are parts: helper or follow-up gates). */
  primary: z.boolean(),
  stages: z.array(
    z.strictObject({
      stage: z.enum(['alpha', 'beta', 'stable', 'deprecated']),
      version: Version,
      /** The default in that stage; null when the page does not say. */
      defaultOn: z.boolean().nullable(),
      /** The release from which the gate is locked to its default. */
      lockedIn: Version.optional(),
    }),
  ),
  /** The release that no longer has the gate. */
  removedIn: Version.nullable(),
  /** Names the gate had before ("PodHasNetworkCondition"). */
  formerNames: z.array(z.string()),
});
export type GateHistory = z.infer<typeof GateHistory>;

export const Feature = z.strictObject({
  id: Id,
  name: z.string().min(1),
  aliases: z.array(z.string()),
  category: Category,
  summary: Localized.nullable(),
  stages: z.array(Stage),
  status: z.string().nullable(),
  keps: z.array(z.number().int()),
  featureGates: z.array(z.string()),
  /** Each gate's own history (gates with a page only). */
  gates: z.array(GateHistory),
  apiResources: z.array(ApiRef),
  fields: z.array(z.string()),
  examples: z.array(Example),
  links: z.array(Link),
  related: z.array(Id),
  renames: z.array(Rename),
  keywords: z.array(z.string()),
  addon: Addon.nullable(),
  /** Names of the records merged into this feature (KEP titles, data-set names), for search. */
  altNames: z.array(z.string()),
  sig: z.string().nullable(),
  /** The primary link (the KEP, or the gate page). */
  url: Url.nullable(),
  origin: Origin,
  curated: z.boolean(),
});
export type Feature = z.infer<typeof Feature>;

export const Release = z.strictObject({
  ...ReleaseRecord.shape,
  summary: Localized.nullable(),
  highlights: z.array(Highlight),
});
export type Release = z.infer<typeof Release>;

// ---------------------------------------------------------------------------------------------------------------
// Search vocabulary (knowledge/glossary.yaml)
// ---------------------------------------------------------------------------------------------------------------

/** Everyday Japanese words for Kubernetes concepts → the English search terms they stand for. */
export const GlossaryFile = z.strictObject({
  ja: z.record(z.string().min(1), z.string().min(1)),
});
export type GlossaryFile = z.infer<typeof GlossaryFile>;
