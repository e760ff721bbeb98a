/**
 * Follow-ups in threads (pure): the topic of the bot's last answer in a thread plus a short new message give a
 * question the bot answers on its own ("and in 1.25?" after the StatefulSet card → "is StatefulSet available
 * in 1.25?"), a rendering of the topic (its YAML examples, or the same answer in another language), or null
 * when the message is not a follow-up (it is then answered as a question of its own). Never throws.
 */
import { apiName } from '../../knowledge/changes.js';
import type { Lang } from '../messages.js';
import { parseQuery, UPGRADE_WORDS } from '../query.js';
import type { Aspect, ThreadTopic } from './topic.js';
import { readSignals, type Signals, type StageWord } from './words.js';

export type FollowUp =
  /** Ask the bot this question. `featureId`: the answer must be about this feature (the bot checks). */
  | { type: 'ask'; question: string; lang?: Lang; featureId?: string; hints?: FollowUpHints }
  /** Show the feature's YAML examples. */
  | { type: 'examples'; featureId: string; lang?: Lang };

/** What the rewritten question asked, kept in the thread's next topic. */
export interface FollowUpHints {
  version?: string;
  aspect?: Aspect;
}

const STAGE_WORD: Record<StageWord, string> = {
  alpha: 'alpha',
  beta: 'beta',
  stable: 'GA',
  deprecated: 'deprecated',
  removed: 'removed',
};

function minorOf(version: string): number {
  return Number(version.slice(2));
}

/** "1.26" ± 1; undefined below 1.0. */
export function shiftVersion(version: string, step: number): string | undefined {
  const minor = minorOf(version) + step;
  return minor >= 0 ? `1.${minor}` : undefined;
}

/** The reply's language: asked for, or the message's own; a message of versions and "GA" keeps the thread's. */
function replyLang(s: Signals, topic: ThreadTopic): Lang | undefined {
  if (s.lang) return s.lang;
  if (s.japanese) return 'ja';
  return s.english ? undefined : topic.lang;
}

function withLang<T extends FollowUp>(f: T, lang: Lang | undefined): T {
  return lang ? { ...f, lang } : f;
}

/** The topic asked again as it was (for "日本語で" / "in English"). */
function again(topic: ThreadTopic): FollowUp {
  switch (topic.kind) {
    case 'feature':
      if (topic.view === 'examples') return { type: 'examples', featureId: topic.feature.id };
      return {
        type: 'ask',
        question: topic.q ?? `feature ${topic.feature.id}`,
        featureId: topic.feature.id,
        hints: {
          ...(topic.version ? { version: topic.version } : {}),
          ...(topic.aspect ? { aspect: topic.aspect } : {}),
        },
      };
    case 'release':
      return { type: 'ask', question: topic.q ?? `release ${topic.version}` };
    case 'compare':
      return { type: 'ask', question: topic.q ?? `compare ${topic.from} ${topic.to}` };
    case 'api':
      return { type: 'ask', question: topic.q ?? `api ${apiName(topic.api)}` };
    default: {
      const never: never = topic;
      return never;
    }
  }
}

/** Only a language switch: "日本語で", "in English please". */
function onlyLang(s: Signals): boolean {
  return (
    s.lang !== undefined &&
    s.versions.length === 0 &&
    !s.stage &&
    !s.default &&
    !s.yaml &&
    s.step === undefined
  );
}

function featureQuestion(name: string, s: Signals, version: string | undefined, aspect?: Aspect): string {
  const stage = s.stage ?? (aspect && aspect !== 'available' && aspect !== 'default' ? aspect : undefined);
  const isDefault = s.default || (!s.stage && aspect === 'default');
  if (version) {
    if (isDefault) return `is ${name} on by default in ${version}?`;
    if (stage) return `is ${name} ${STAGE_WORD[stage]} in ${version}?`;
    return `is ${name} available in ${version}?`;
  }
  if (s.stage) {
    if (s.is && !s.when) return `is ${name} ${STAGE_WORD[s.stage]}?`;
    if (s.stage === 'removed' || s.stage === 'deprecated') return `when was ${name} ${s.stage}?`;
    return `when did ${name} go ${STAGE_WORD[s.stage]}?`;
  }
  return `is ${name} on by default?`;
}

function forFeature(topic: Extract<ThreadTopic, { kind: 'feature' }>, s: Signals): FollowUp | null {
  const { id, name } = topic.feature;
  const version =
    s.versions[0] ?? (s.step && topic.version ? shiftVersion(topic.version, s.step) : undefined);
  if (s.yaml && !s.stage && !s.default) return { type: 'examples', featureId: id };
  if (!version && !s.stage && !s.default) return null;
  // A version alone keeps asking what the thread asked ("on by default in 1.28?" → "and in 1.29?").
  const aspect: Aspect | undefined = s.stage ?? (s.default ? 'default' : version ? topic.aspect : undefined);
  return {
    type: 'ask',
    question: featureQuestion(name, s, version, aspect),
    featureId: id,
    hints: { ...(version ? { version } : {}), ...(aspect ? { aspect } : {}) },
  };
}

function forRelease(topic: Extract<ThreadTopic, { kind: 'release' }>, s: Signals): FollowUp | null {
  if (s.stage || s.default || s.yaml) return null;
  const version = s.versions[0] ?? (s.step ? shiftVersion(topic.version, s.step) : undefined);
  if (!version) return null;
  // "upgrade to 1.25" after the 1.26 card is not an upgrade from 1.26: a question of its own.
  if (s.versions[0] && s.to && !s.from && minorOf(version) <= minorOf(topic.version)) return null;
  if (s.versions[0] && (s.from || s.to) && version !== topic.version) {
    const [from, to] = s.from ? [version, topic.version] : [topic.version, version];
    return { type: 'ask', question: `upgrading from ${from} to ${to}` };
  }
  return { type: 'ask', question: `release ${version}` };
}

function forCompare(topic: Extract<ThreadTopic, { kind: 'compare' }>, s: Signals): FollowUp | null {
  const version = s.versions[0];
  if (!version || s.stage || s.default || s.yaml || s.step) return null;
  let { from, to } = topic;
  if (s.from && !s.to) from = version;
  else if (s.to && !s.from) to = version;
  else if (minorOf(version) > minorOf(from)) to = version;
  else from = version;
  if (from === to) return null;
  return { type: 'ask', question: `upgrading from ${from} to ${to}` };
}

function forApi(topic: Extract<ThreadTopic, { kind: 'api' }>, s: Signals): FollowUp | null {
  const version = s.versions[0];
  if (!version || s.stage || s.default || s.yaml || s.step) return null;
  return { type: 'ask', question: `is ${apiName(topic.api)} served in ${version}?` };
}

/** Reads `text` as a follow-up to `topic`; null when it is not one. */
export function resolveFollowUp(topic: ThreadTopic, text: string): FollowUp | null {
  try {
    const s = readSignals(text);
    if (!s || s.versions.length > 1) return null;
    // An explicit command ("release 1.25", "feature …") asks for itself.
    if (parseQuery(text, topic.lang).command) return null;
    // After a feature or API card, an upgrade ("upgrade to 1.25") is a question of its own: the upgrade card.
    // (After a release card it starts from that release.)
    if ((topic.kind === 'feature' || topic.kind === 'api') && UPGRADE_WORDS.test(text)) return null;
    const said = s.versions.length > 0 || s.stage || s.default || s.yaml || s.lang || s.step;
    if (!said) return null;
    // "1.25" alone is a question of its own (the release); "1.25?" or "and 1.25" follows up.
    if (!s.marked && s.versions.length > 0 && !s.stage && !s.default && !s.yaml && !s.lang) return null;
    const lang = replyLang(s, topic);
    if (onlyLang(s)) return withLang(again(topic), lang);
    const found =
      topic.kind === 'feature'
        ? forFeature(topic, s)
        : topic.kind === 'release'
          ? forRelease(topic, s)
          : topic.kind === 'compare'
            ? forCompare(topic, s)
            : forApi(topic, s);
    return found ? withLang(found, lang) : null;
  } catch {
    return null;
  }
}
