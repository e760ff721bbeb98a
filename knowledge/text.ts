/**
 * Text normalisation shared by the index and the queries, so both sides see the same forms:
 * full-width → half-width (NFKC), lower case, hiragana → katakana, control characters removed.
 */

/** C0/C1 controls (except tab and newlines), zero-width and bidirectional-override characters. */
const CONTROL =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping control characters is the point.
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]/g;

export function stripControl(text: string): string {
  return text.replace(CONTROL, '');
}

function hiraganaToKatakana(text: string): string {
  return text.replace(/[\u3041-\u3096]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0x60));
}

/** Printable ASCII, tabs and newlines: NFKC, kana and control stripping leave it as it is. */
const PLAIN = /^[\t\n\r\x20-\x7e]*$/;

/** NFKC (full-width letters, half-width kana), lower case, katakana for all kana, single spaces. */
export function normaliseText(text: string): string {
  if (PLAIN.test(text)) return text.toLowerCase().replace(/\s+/g, ' ').trim();
  return hiraganaToKatakana(stripControl(text).normalize('NFKC').toLowerCase()).replace(/\s+/g, ' ').trim();
}

/** A compact key for exact lookups: "Stateful Set", "stateful-set" and "StatefulSet" all become "statefulset". */
export function normaliseKey(text: string): string {
  if (lastKey.text === text) return lastKey.key;
  // The long-vowel mark at the end of a katakana word is written both ways (コンテナ / コンテナー).
  const key = normaliseText(text)
    .replace(/[\s\-_.・'"`“”‘’()（）「」]/g, '')
    .replace(/(?<=[ァ-ヴ])ー(?![ァ-ヴー])/g, '');
  lastKey = { text, key };
  return key;
}

/** The last text given a key: one question is keyed by several steps of the search. */
let lastKey = { text: '', key: '' };

/** "CronJobTimeZone" → "Cron Job Time Zone"; "PVCProtection" → "PVC Protection"; "IPv6" stays whole. */
export function splitCamel(text: string): string {
  return text.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/([A-Z]+)([A-Z][a-z]{2,})/g, '$1 $2');
}

/** English singular for search terms: probes → probe, policies → policy, statefulsets → statefulset. */
export function singular(word: string): string {
  // Every rule below removes a final "s": a word without one is already singular.
  if (word.length <= 3 || !word.endsWith('s') || !/^[a-z]+$/.test(word)) return word;
  if (word.endsWith('ies') && word.length > 4) return `${word.slice(0, -3)}y`;
  if (/(?:ss|us|is|os)$/.test(word)) return word;
  if (/(?:sses|xes|ches|shes)$/.test(word)) return word.slice(0, -2);
  if (word.endsWith('s')) return word.slice(0, -1);
  return word;
}

const CJK = /[\u3005\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uff66-\uff9f]/;

export function hasJapanese(text: string): boolean {
  return CJK.test(text);
}

/** Latin words (lower case, as written) and runs of Japanese characters; camelCase is split first. */
export function words(text: string): string[] {
  const normal = normaliseText(splitCamel(stripControl(text)));
  return normal.match(/[a-z0-9]+|[\u3005\u30a1-\u30ff\u3400-\u4dbf\u4e00-\u9fff]+/g) ?? [];
}

/** The last text tokenized: one question is tokenized by several steps of the search. */
let lastTokens: { text: string; tokens: readonly string[] } = { text: '', tokens: [] };

/**
 * Tokens of a text: latin words (lower case, singular) and runs of Japanese characters.
 * camelCase names are split before lowering, so "CronJobTimeZone" gives cron, job, time, zone.
 */
export function tokenize(text: string): readonly string[] {
  if (lastTokens.text === text) return lastTokens.tokens;
  const tokens = words(text).map((t) => (/^[a-z]/.test(t) ? singular(t) : t));
  lastTokens = { text, tokens };
  return tokens;
}
