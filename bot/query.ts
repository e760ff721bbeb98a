/** Reading a question: cleaning, language, explicit commands and version numbers. */
import { hasJapanese, stripControl } from '../knowledge/text.js';
import type { CheckDocument } from './check/input.js';
import type { Lang } from './messages.js';

export interface Query {
  /** What the user sent, with control characters removed and whitespace collapsed. */
  text: string;
  /** NFKC, lower case: for matching command words and versions (kana are left as typed). */
  plain: string;
  lang: Lang;
  /** An explicit command word at the start ("feature", "release", ...) and the rest of the text. */
  command?: { name: CommandName; rest: string };
  /** Manifests that came with a `check` (pasted in code blocks, or files the adapter read). */
  documents?: CheckDocument[];
}

const COMMANDS = [
  'help',
  'feature',
  'release',
  'compare',
  'api',
  'search',
  'digest',
  'check',
  'cluster',
  'ask',
] as const;
export type CommandName = (typeof COMMANDS)[number];

/** Command words; a Map, so words such as "constructor" or "__proto__" are just words. */
const COMMAND_ALIASES = new Map<string, CommandName>([
  ['help', 'help'],
  ['feature', 'feature'],
  ['features', 'feature'],
  ['release', 'release'],
  ['releases', 'release'],
  ['compare', 'compare'],
  ['diff', 'compare'],
  ['api', 'api'],
  ['search', 'search'],
  ['find', 'search'],
  ['検索', 'search'],
  ['digest', 'digest'],
  ['check', 'check'],
  ['cluster', 'cluster'],
  ['clusters', 'cluster'],
  ['ask', 'ask'],
]);

export function parseQuery(input: string, defaultLang: Lang): Query {
  const text = stripControl(input).replace(/\s+/g, ' ').trim();
  const plain = text.normalize('NFKC').toLowerCase();
  const lang: Lang = hasJapanese(text) ? 'ja' : defaultLang;
  const word = /^\/?(\S+)\s*/.exec(plain);
  const name = word?.[1] ? COMMAND_ALIASES.get(word[1]) : undefined;
  if (!name) return { text, plain, lang };
  const rest = text.replace(/^\/?\S+\s*/, '');
  if (name === 'ask') return parseQuery(rest, defaultLang);
  return { text, plain, lang, command: { name, rest } };
}

/** Minor versions written in the text, in order, without duplicates: "v1.24", "1.24.3" and "Kubernetes 1.24" give "1.24". */
export function findVersions(plain: string): string[] {
  const out: string[] = [];
  for (const m of plain.matchAll(/(?<![\d.])v?1\.(\d{1,2})(?:\.\d+)?(?![\d.]*\d)/g)) {
    const v = `1.${Number(m[1])}`;
    if (!out.includes(v)) out.push(v);
  }
  return out;
}

/**
 * Words that make a version question an upgrade question: moving a cluster, a chart or a client to a version
 * ("upgrade to 1.25", "bump K8s to v1.27.9", "support for Kubernetes 1.31", "1.25にアップグレード").
 */
export const UPGRADE_WORDS =
  /\b(?:upgrad(?:e|es|ed|ing)|add\b[^.?!]{0,30}?\bsupport\b|bump(?:s|ed|ing)?|mov(?:e|es|ing)\s+to|migrat(?:e|es|ing)\s+to|(?:mov(?:e|es|ed|ing)|migrat(?:e|es|ed|ing)|switch(?:es|ed|ing)?|jump(?:s|ed|ing)?)\b[^.?!]{0,30}?\bto\s+(?:(?:k8s|kubernetes|kube|eks|gke|aks)\s+)?v?1\.\d|updat(?:e|es|ed|ing)\b[^.?!]{0,40}?\b(?:to|for|till|until)|support(?:s|ed|ing)?\s+(?:(?:for|of|till|until)\s+)?(?:(?:k8s|kubernetes|kube|eks|gke|aks)\s+)?v?1\.\d|(?:k8s|kubernetes|kube|eks|gke|aks)\s+v?1\.\d{1,2}\+?\s+support|prepar(?:e|es|ing)\s+for|incompatib\w*|compatib\w*|break(?:s|ing)?\b|what\s+breaks|before\s+(?:we|i)\s+(?:go|move))|アップグレード|アップデート|バージョンアップ|更新|移行|対応|上げ/i;

/** "upgrading from 1.23" names the version an upgrade starts from. */
export const FROM_VERSION =
  /\bfrom\s+(?:k8s\s+|kubernetes\s+|version\s+)?v?(1\.\d{1,2})\b|(1\.\d{1,2})\s*(?:から|より)/i;

/** Words that ask what a release changed, even next to upgrade words ("1.26: 変更点まとめとアップグレード"). */
export const STRONG_RELEASE_WORDS =
  /\b(?:what'?s new|whats new|what (?:has )?changed|changelog|release notes?|highlights?)\b|変更点|新機能|リリースノート|何が変わ|変わったこと|まとめ/i;

/** Words that make a version question about the release as a whole. */
export const RELEASE_WORDS =
  /\b(releases?|released|chang(e|es|ed|elog)|new|notes?|highlights?|what'?s|whats|ship(ped|s)?|came out|eol|end of life|removals|deprecations)\b|リリース|変更|変わ|新機能|新しい|変化|何が/;
