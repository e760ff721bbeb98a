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

const COMMAND_ALIASES: Record<string, CommandName> = {
  help: 'help',
  feature: 'feature',
  features: 'feature',
  release: 'release',
  releases: 'release',
  compare: 'compare',
  diff: 'compare',
  upgrade: 'compare',
  api: 'api',
  search: 'search',
  find: 'search',
  検索: 'search',
  digest: 'digest',
  check: 'check',
  cluster: 'cluster',
  clusters: 'cluster',
  ask: 'ask',
};

export function parseQuery(input: string, defaultLang: Lang): Query {
  const text = stripControl(input).replace(/\s+/g, ' ').trim();
  const plain = text.normalize('NFKC').toLowerCase();
  const lang: Lang = hasJapanese(text) ? 'ja' : defaultLang;
  const word = /^\/?(\S+)\s*/.exec(plain);
  const name = word?.[1] ? COMMAND_ALIASES[word[1]] : undefined;
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

/** Words that make a version question about the release as a whole. */
export const RELEASE_WORDS =
  /\b(releases?|released|chang(e|es|ed|elog)|new|notes?|highlights?|what'?s|whats|ship(ped|s)?|came out|eol|end of life)\b|リリース|変更|変わ|新機能|新しい|変化|何が/;
