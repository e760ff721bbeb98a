/**
 * Version questions about one feature — "is X GA?", "is X on by default in 1.28?", "can I use X on 1.25?",
 * "when was X removed?", "which version added X?", "X は 1.28 でデフォルト有効？" — answered with one sentence
 * before the feature's card. The subject must name a feature on its own; anything else falls through to the
 * other intents.
 */
import { featureByIdOrRedirect } from '../../knowledge/load.js';
import type { Feature, StageName } from '../../knowledge/schema.js';
import type { Answer } from '../answer.js';
import { text as textChild } from '../cards.js';
import type { ViewContext } from '../views/context.js';
import { type DirectAsk, directAnswer } from '../views/direct.js';
import { featureReply } from './feature.js';
import { intent } from './types.js';

export interface DirectMatch {
  ask: DirectAsk;
  feature: Feature;
  version?: string;
}

const V = String.raw`v?(1\.\d{1,2})(?:\.\d{1,3})?`;
/** "in 1.28", "on Kubernetes v1.25", "as of 1.30" (English), "1.28 で", "v1.28では" (Japanese). */
const VERSION_PHRASE = new RegExp(
  String.raw`(?:,\s*)?\b(?:in|on|as of|for|with|at|since|by)\s+(?:k8s\s+|kubernetes\s+)?${V}\b\+?|(?:k8s\s*|kubernetes\s*)?${V}\s*(?:では|で|から|に|の)?(?=[^\d.]|$)`,
  'i',
);

const STAGE_WORDS = new Map<string, StageName>([
  ['alpha', 'alpha'],
  ['beta', 'beta'],
  ['ga', 'stable'],
  ['stable', 'stable'],
  ['generally available', 'stable'],
  ['deprecated', 'deprecated'],
  ['removed', 'removed'],
  ['gone', 'removed'],
  ['dropped', 'removed'],
  ['deleted', 'removed'],
  ['アルファ', 'alpha'],
  ['ベータ', 'beta'],
  ['安定版', 'stable'],
  ['非推奨', 'deprecated'],
  ['削除', 'removed'],
  ['廃止', 'removed'],
]);

const EN_STATE = String.raw`(alpha|beta|ga|stable|generally available|deprecated|removed|gone|dropped|available|supported|usable|(?:on|enabled|turned on|active)(?:\s+by\s+default)?|default)`;
/** "is X (still) GA (yet)", "is X on by default", "is X available". */
const EN_IS = new RegExp(
  String.raw`^(?:is|are|was|were)\s+(?:the\s+)?(.+?)\s+(?:(?:still|already|now|even)\s+)?${EN_STATE}(?:\s+yet)?$`,
  'i',
);
/** "has X reached GA yet", "did X go beta", "has X been removed". */
const EN_HAS = new RegExp(
  String.raw`^(?:has|have|did)\s+(?:the\s+)?(.+?)\s+(?:(?:already|finally|ever)\s+)?(?:reach(?:ed)?|hit|go(?:ne)?|become|graduated?(?:\s+to)?|made\s+it\s+to|moved?\s+to|been(?:\s+made)?)\s+${EN_STATE}(?:\s+yet)?$`,
  'i',
);
/** "can I use X", "can we enable X". */
const EN_CAN = /^(?:can|could)\s+(?:i|we|you)\s+(?:use|enable|run|try|turn on|have)\s+(?:the\s+)?(.+)$/i;
/** "does 1.25 support X", "does kubernetes have X". */
const EN_DOES = /^does\s+(?:k8s\s+|kubernetes\s+)?(?:support|have|include|ship)\s+(?:the\s+)?(.+)$/i;
/** "when did X go GA", "which version was X removed in", "when was X added". */
const EN_WHEN =
  /^(?:when|in which (?:version|release)|in what (?:version|release)|which (?:k8s |kubernetes )?(?:version|release)|what (?:k8s |kubernetes )?(?:version|release))\s+(?:did|was|were|is|does|has|will)\s+(?:the\s+)?(.+?)\s+(?:(?:go|goes|become|became|graduate|graduated|get|got|reach|reached|promoted|moved|move|turn|turned|made|been|come|came|be)\s+)?(?:to\s+)?(alpha|beta|ga|stable|generally available|deprecated|removed|dropped|added|introduced|released|shipped|(?:enabled|on|turned on)\s+by\s+default|default)(?:\s+in)?$/i;
/** "which version added X", "what release removed X". */
const EN_WHICH =
  /^(?:which|what)\s+(?:k8s\s+|kubernetes\s+)?(?:version|release)\s+(added|introduced|removed|deprecated|dropped|graduated|promoted)\s+(?:the\s+)?(.+?)(?:\s+to\s+(ga|stable|beta))?$/i;

const JA_STATE = `(GA|ＧＡ|安定版|ベータ|アルファ|非推奨|削除|廃止|使え|利用でき|サポート|(?:デフォルト|既定)で?有効|有効)`;
/** "X は 1.28 で GA？", "X はデフォルトで有効？", "X は使える？". */
const JA_IS = new RegExp(String.raw`^(.+?)\s*(?:は|って)\s*(?:もう|まだ|既に)?\s*${JA_STATE}`);
/** "X はいつ GA になった？", "X は何バージョンで削除された？". */
const JA_WHEN =
  /^(.+?)\s*(?:は|が)\s*(?:いつ|何バージョン|どのバージョン|どのリリース)\s*(?:から|で|に)?\s*(GA|ＧＡ|安定版|ベータ|アルファ|非推奨|削除|廃止|追加|導入|(?:デフォルト|既定)で?有効)/;

function stageOf(word: string): StageName | undefined {
  return STAGE_WORDS.get(word.toLowerCase().replace('ＧＡ', 'ga'));
}

/** The ask a state word makes ("GA" → stage, "on by default" → default, "available" → available). */
function askOf(word: string): DirectAsk {
  const w = word.toLowerCase();
  const stage = stageOf(w);
  if (stage) return { kind: 'stage', stage };
  if (/default|有効|^on$|enabled|turned on|active/.test(w)) return { kind: 'default' };
  return { kind: 'available' };
}

function whenOf(word: string): DirectAsk {
  const w = word.toLowerCase();
  const stage = stageOf(w);
  if (stage) return { kind: 'when', what: stage };
  if (/default|有効/.test(w)) return { kind: 'when', what: 'default' };
  return { kind: 'when', what: 'added' };
}

/** The feature a subject names on its own ("the sidecar feature", "kubectl debug", "CronJob time zones"). */
function subjectFeature(subject: string, ctx: ViewContext): Feature | undefined {
  const s = subject
    .replace(/^(?:the|a|an)\s+/i, '')
    .replace(/\s+(?:feature(?:\s+gate)?s?|gate|api|support|機能)$/i, '')
    .replace(/の$/, '')
    .trim();
  if (!s || s.length > 80 || /\/v\d/.test(s)) return undefined;
  const exact = featureByIdOrRedirect(ctx.corpus, s) ?? ctx.index.lookupExact(s);
  if (exact) return exact;
  const outcome = ctx.index.search(s);
  return outcome.decision === 'answer' ? outcome.hits[0]?.feature : undefined;
}

export function parseDirect(text: string, ctx: ViewContext): DirectMatch | null {
  if (text.length > 160) return null;
  const found = VERSION_PHRASE.exec(text);
  const version = found ? `1.${Number((found[1] ?? found[2] ?? '').slice(2))}` : undefined;
  // A release the data does not know is the release intent's to explain.
  if (version && !ctx.corpus.releaseByVersion.has(version)) return null;
  const rest = (found ? text.replace(found[0], ' ') : text)
    .replace(/[?？!！。.]+\s*$/, '')
    .replace(/\s+/g, ' ')
    .trim();
  const tries: Array<[RegExpExecArray | null, (m: RegExpExecArray) => { subject: string; ask: DirectAsk }]> =
    [
      [EN_WHICH.exec(rest), (m) => ({ subject: m[2] ?? '', ask: whenOf(m[3] ?? m[1] ?? '') })],
      [EN_WHEN.exec(rest), (m) => ({ subject: m[1] ?? '', ask: whenOf(m[2] ?? '') })],
      [EN_IS.exec(rest), (m) => ({ subject: m[1] ?? '', ask: askOf(m[2] ?? '') })],
      [EN_HAS.exec(rest), (m) => ({ subject: m[1] ?? '', ask: askOf(m[2] ?? '') })],
      [EN_CAN.exec(rest), (m) => ({ subject: m[1] ?? '', ask: { kind: 'available' } })],
      [EN_DOES.exec(rest), (m) => ({ subject: m[1] ?? '', ask: { kind: 'available' } })],
      [JA_WHEN.exec(rest), (m) => ({ subject: m[1] ?? '', ask: whenOf(m[2] ?? '') })],
      [JA_IS.exec(rest), (m) => ({ subject: m[1] ?? '', ask: askOf(m[2] ?? '') })],
    ];
  for (const [m, read] of tries) {
    if (!m) continue;
    const { subject, ask } = read(m);
    // "when was X removed in 1.24" asks when; "is X GA" without a release asks about the newest one.
    if (ask.kind === 'when' && ask.what === 'added' && /released|shipped/i.test(m[0]) && !subject) continue;
    const feature = subjectFeature(subject, ctx);
    if (feature) return { ask, feature, ...(version ? { version } : {}) };
    return null;
  }
  return null;
}

export function directReply(match: DirectMatch, query: string, ctx: ViewContext): Answer {
  const base = featureReply(match.feature, query, ctx);
  const direct = directAnswer(match.ask, match.feature, match.version, ctx);
  return {
    ...base,
    direct,
    card: { ...base.card, children: [textChild(direct.text, 'strong'), ...base.card.children] },
  };
}

export const directIntent = intent<DirectMatch>({
  id: 'direct',
  match: (q, ctx) => (q.command ? null : parseDirect(q.text, ctx)),
  run: (m, q, ctx) => directReply(m, q.text, ctx),
});
