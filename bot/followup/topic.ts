/**
 * A thread's topic: what the bot's last answer in a thread was about, small enough to keep per thread (a few
 * hundred bytes). A follow-up ("and in 1.25?") is read against it.
 */
import { z } from 'zod';
import type { Answer } from '../answer.js';
import { Lang } from '../messages.js';
import { findVersions } from '../query.js';

export const TopicVersion = z.string().regex(/^1\.\d{1,3}$/);

/** The longest question kept to be asked again ("日本語で"); a longer one is re-asked by its canonical form. */
export const MAX_TOPIC_QUESTION = 200;
const Name = z.string().min(1).max(160);

/** What a feature question asked about, so "and in 1.28?" keeps asking it. */
export const Aspect = z.enum(['available', 'default', 'alpha', 'beta', 'stable', 'deprecated', 'removed']);
export type Aspect = z.infer<typeof Aspect>;

const Base = {
  /** Version of this record's shape. */
  v: z.literal(1),
  /** The question answered (a follow-up's rewritten question), when short enough to ask again. */
  q: z.string().min(1).max(MAX_TOPIC_QUESTION).optional(),
  lang: Lang,
};

export const ThreadTopic = z.discriminatedUnion('kind', [
  z.strictObject({
    ...Base,
    kind: z.literal('feature'),
    feature: z.strictObject({ id: Name, name: Name }),
    /** The version the question was about, if any. */
    version: TopicVersion.optional(),
    aspect: Aspect.optional(),
    /** The answer showed the feature's YAML examples rather than its card. */
    view: z.literal('examples').optional(),
  }),
  z.strictObject({ ...Base, kind: z.literal('release'), version: TopicVersion }),
  z.strictObject({ ...Base, kind: z.literal('compare'), from: TopicVersion, to: TopicVersion }),
  z.strictObject({
    ...Base,
    kind: z.literal('api'),
    api: z.strictObject({
      group: z.string().max(100),
      version: z.string().min(1).max(40),
      kind: z.string().min(1).max(100).optional(),
    }),
  }),
]);
export type ThreadTopic = z.infer<typeof ThreadTopic>;

/** Reads a stored value; anything that is not a topic (an old shape, a hostile value) is no topic. */
export function readTopic(value: unknown): ThreadTopic | undefined {
  const parsed = ThreadTopic.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}

const DEFAULT_WORDS = /\bdefault\b|\benabled\b|デフォルト|既定|有効/i;

/** What a feature question was about: a version, and whether it asked about the default. */
function featureHints(question: string): { version?: string; aspect?: Aspect } {
  const versions = findVersions(question.normalize('NFKC').toLowerCase().slice(0, 1000));
  const version = versions.length === 1 ? versions[0] : undefined;
  return {
    ...(version && TopicVersion.safeParse(version).success ? { version } : {}),
    ...(DEFAULT_WORDS.test(question.slice(0, 1000)) ? { aspect: 'default' as const } : {}),
  };
}

export interface TopicHints {
  version?: string | undefined;
  aspect?: Aspect | undefined;
  view?: 'examples' | undefined;
}

/**
 * The topic an answer leaves in its thread, or undefined for answers that are no topic (not found, help,
 * errors, search, digest). `hints` come from a follow-up that already knows what it asked.
 */
export function topicOf(answer: Answer, hints?: TopicHints): ThreadTopic | undefined {
  const q = answer.query.length <= MAX_TOPIC_QUESTION && answer.query.trim() ? answer.query : undefined;
  const base = { v: 1 as const, lang: answer.lang, ...(q ? { q } : {}) };
  let topic: unknown;
  if (answer.kind === 'feature' && answer.feature) {
    const h = hints ?? featureHints(answer.query);
    topic = {
      ...base,
      kind: 'feature',
      feature: { id: answer.feature.id, name: answer.feature.name },
      ...(h.version ? { version: h.version } : {}),
      ...(h.aspect ? { aspect: h.aspect } : {}),
      ...(hints?.view ? { view: hints.view } : {}),
    };
  } else if (answer.kind === 'release' && answer.release) {
    topic = { ...base, kind: 'release', version: answer.release.version };
  } else if (answer.kind === 'compare' && answer.compare) {
    topic = { ...base, kind: 'compare', from: answer.compare.from, to: answer.compare.to };
  } else if (answer.kind === 'api') {
    const api = answer.api ?? answer.apis?.[0];
    if (api) {
      const kind = answer.api?.kind;
      topic = {
        ...base,
        kind: 'api',
        api: { group: api.group, version: api.version, ...(kind ? { kind } : {}) },
      };
    }
  }
  return topic === undefined ? undefined : readTopic(topic);
}
