/**
 * Reading a short follow-up: a scanner over a closed vocabulary, in English and Japanese. Every word must be
 * known (a version, a stage, "yaml", "日本語で", or a filler such as "and", "what about", "は"); one unknown word
 * means the text is a question of its own, not a follow-up. Linear in the text, no backtracking regexes, and
 * only Map lookups (so "__proto__" or "constructor" are just unknown words).
 */
import { hasJapanese, normaliseText } from '../../knowledge/text.js';
import type { Lang } from '../messages.js';

export type StageWord = 'alpha' | 'beta' | 'stable' | 'deprecated' | 'removed';

export type Token =
  | { k: 'filler' }
  | { k: 'version'; v: string }
  | { k: 'stage'; stage: StageWord }
  /** "on by default", "enabled", "デフォルト" */
  | { k: 'default' }
  /** "show me the YAML", "example", "サンプル" */
  | { k: 'yaml' }
  | { k: 'lang'; lang: Lang }
  /** "the previous release" (-1), "the next one" (+1) */
  | { k: 'rel'; step: -1 | 1 }
  | { k: 'from' }
  | { k: 'to' }
  | { k: 'when' }
  /** A yes/no question about the state: "is it still beta?", "まだ" */
  | { k: 'is' };

/** What a follow-up says, read off its tokens. */
export interface Signals {
  versions: string[];
  stage?: StageWord;
  default: boolean;
  yaml: boolean;
  lang?: Lang;
  step?: -1 | 1;
  from: boolean;
  to: boolean;
  when: boolean;
  is: boolean;
  /** Anything besides the signals: a filler word or a question mark ("1.25?" is a follow-up, "1.25" is not). */
  marked: boolean;
  /** Written in Japanese. */
  japanese: boolean;
  /** Has English words beyond the ones every language uses ("GA", "YAML", a version). */
  english: boolean;
}

/** Longer text is a question of its own. */
export const MAX_FOLLOW_UP_CHARS = 80;

const F: Token = { k: 'filler' };
const entries = (words: string, token: Token): Array<[string, Token]> =>
  words
    .trim()
    .split(/\s+/)
    .map((w) => [w, token]);

const EN = new Map<string, Token>([
  ...entries(
    `and or but so then what whats what's about how hows how's in on for at of the a an it its it's this that
     there are was were be been did does do go goes went get got gets become became reach reached hit make
     made move moved promoted promote show me us give see display print please pls plz instead again also too
     with by can could i we you use used using yet now answer reply respond say tell write one release releases
     version versions minor kubernetes k8s cluster clusters upgrade upgrading upgrades upgraded moving migrate
     migrating available availability supported support usable exist exists same ok okay well as like would
     will should want need here out up translate translated language switch speak first all just`,
    F,
  ),
  ['is', { k: 'is' }],
  ['still', { k: 'is' }],
  ['when', { k: 'when' }],
  ['which', { k: 'when' }],
  ...entries('alpha', { k: 'stage', stage: 'alpha' }),
  ...entries('beta', { k: 'stage', stage: 'beta' }),
  ...entries('ga stable graduate graduated graduation general generally', { k: 'stage', stage: 'stable' }),
  ...entries('deprecated deprecate deprecation deprecating', { k: 'stage', stage: 'deprecated' }),
  ...entries('removed remove removal dropped deleted', { k: 'stage', stage: 'removed' }),
  ...entries('default defaults enabled', { k: 'default' }),
  ...entries('yaml yml example examples manifest manifests sample samples snippet', { k: 'yaml' }),
  ...entries('japanese nihongo', { k: 'lang', lang: 'ja' }),
  ...entries('english', { k: 'lang', lang: 'en' }),
  ...entries('previous prev prior earlier older before', { k: 'rel', step: -1 }),
  ...entries('next following newer later after', { k: 'rel', step: 1 }),
  ...entries('from since', { k: 'from' }),
  ...entries('to target targeting into', { k: 'to' }),
]);

/** English words that say nothing about the language of the reply. */
const NEUTRAL = new Set(['ga', 'alpha', 'beta', 'yaml', 'yml', 'k8s', 'kubernetes']);

/** Japanese phrases, longest first at each position (written in hiragana; matched after kana normalisation). */
const JA_SOURCE: Array<[string, Token]> = [
  ...entries('日本語 にほんご', { k: 'lang', lang: 'ja' }),
  ...entries('英語 えいご', { k: 'lang', lang: 'en' }),
  ...entries('アルファ α', { k: 'stage', stage: 'alpha' }),
  ...entries('ベータ β', { k: 'stage', stage: 'beta' }),
  ...entries('正式リリース 正式版 正式 一般提供 安定版 昇格', { k: 'stage', stage: 'stable' }),
  ...entries('非推奨', { k: 'stage', stage: 'deprecated' }),
  ...entries('削除 廃止', { k: 'stage', stage: 'removed' }),
  ...entries('デフォルト 既定 有効', { k: 'default' }),
  ...entries('例 サンプル マニフェスト 見本 書き方', { k: 'yaml' }),
  ...entries('ひとつ前 一つ前 前の 前 以前', { k: 'rel', step: -1 }),
  ...entries('ひとつ後 一つ後 ひとつ先 一つ先 次の 次', { k: 'rel', step: 1 }),
  ...entries('いつから いつ どのバージョン どの どれ 何', { k: 'when' }),
  ...entries('まだ 今も いまも', { k: 'is' }),
  ...entries('から', { k: 'from' }),
  ...entries('まで へ', { k: 'to' }),
  ...entries(
    `は で では でも の を も が と か ね よ な に って だと なら ならば だったら 場合 について それ これ あれ
     その この じゃ じゃあ だ です でした ですか ますか ます ました でしょうか でしょう かな けど だけど
     それでは ちなみに あと また それと バージョン リリース アップグレード アップデート 移行 使える
     使えます 使えますか 利用できる 利用可能 使用可能 使う サポート 対応 見せて 見せ 見たい ください
     下さい 教えて お願い おねがい して する になった になりました になる なった なる なりました 答えて
     回答 表示 出して クラスタ クラスター 今 いま もう どう どうなる どうですか どうなの ほう 方 版
     された されました される なの なん んですか んだ 場合は`,
    F,
  ),
];
const JA = new Map<string, Token>(JA_SOURCE.map(([w, t]) => [normaliseText(w), t]));
const JA_LONGEST = Math.max(...[...JA.keys()].map((w) => w.length));

const WORD = /[a-z]+(?:'[a-z]+)?/y;
const VERSION = /v?(\d{1,3})(?:\.(\d{1,3}))?(?:\.\d{1,3})?(?![\d.]*\d)/y;
const SKIP = /[\s\p{P}\p{S}ー〜]/u;

/**
 * The tokens of a short text, or undefined when it holds anything outside the vocabulary (or is too long).
 * Never throws.
 */
export function scan(text: string): { tokens: Token[]; english: boolean } | undefined {
  if (typeof text !== 'string' || text.length > MAX_FOLLOW_UP_CHARS * 4) return undefined;
  const s = normaliseText(text);
  if (s.length > MAX_FOLLOW_UP_CHARS) return undefined;
  const tokens: Token[] = [];
  let english = false;
  let i = 0;
  while (i < s.length) {
    const ch = String.fromCodePoint(s.codePointAt(i) ?? 0);
    if (ch === '?') {
      tokens.push(F);
      i++;
      continue;
    }
    if (SKIP.test(ch)) {
      i += ch.length;
      continue;
    }
    if (/[0-9]/.test(ch) || (ch === 'v' && /[0-9]/.test(s[i + 1] ?? ''))) {
      VERSION.lastIndex = i;
      const m = VERSION.exec(s);
      if (m?.[1] !== '1' || m[2] === undefined) return undefined;
      tokens.push({ k: 'version', v: `1.${Number(m[2])}` });
      i = VERSION.lastIndex;
      continue;
    }
    if (/[a-z]/.test(ch)) {
      WORD.lastIndex = i;
      const word = WORD.exec(s)?.[0] ?? ch;
      const token = EN.get(word);
      if (!token) return undefined;
      if (!NEUTRAL.has(word)) english = true;
      tokens.push(token);
      i += word.length;
      continue;
    }
    let found: Token | undefined;
    for (let len = Math.min(JA_LONGEST, s.length - i); len > 0 && !found; len--) {
      const token = JA.get(s.slice(i, i + len));
      if (token) {
        found = token;
        i += len;
      }
    }
    if (!found) return undefined;
    tokens.push(found);
  }
  return { tokens, english };
}

/** The signals of a follow-up, or undefined when the text is not one (unknown words, too long, nothing said). */
export function readSignals(text: string): Signals | undefined {
  const scanned = scan(text);
  if (!scanned) return undefined;
  const s: Signals = {
    versions: [],
    default: false,
    yaml: false,
    from: false,
    to: false,
    when: false,
    is: false,
    marked: false,
    japanese: hasJapanese(text),
    english: scanned.english,
  };
  for (const t of scanned.tokens) {
    switch (t.k) {
      case 'filler':
        s.marked = true;
        break;
      case 'version':
        if (!s.versions.includes(t.v)) s.versions.push(t.v);
        break;
      case 'stage':
        s.stage = t.stage;
        break;
      case 'default':
        s.default = true;
        break;
      case 'yaml':
        s.yaml = true;
        break;
      case 'lang':
        s.lang = t.lang;
        break;
      case 'rel':
        s.step = t.step;
        break;
      case 'from':
        s.from = true;
        s.marked = true;
        break;
      case 'to':
        s.to = true;
        s.marked = true;
        break;
      case 'when':
        s.when = true;
        s.marked = true;
        break;
      case 'is':
        s.is = true;
        s.marked = true;
        break;
      default: {
        const never: never = t;
        return never;
      }
    }
  }
  return s;
}
