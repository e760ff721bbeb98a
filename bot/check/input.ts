/**
 * Reading a check request from chat: `check 1.29 [from 1.27]` followed by manifests pasted in code blocks (or on
 * the lines after the command), and files the adapter attached. Pure text handling; nothing is fetched.
 */

/** A manifest that came with the request: pasted text, or a file the adapter read (text undefined: not read). */
export interface CheckDocument {
  name: string;
  text?: string;
  /** Bytes, when the platform said (a file over the size limit is not downloaded). */
  size?: number;
}

/** The chat limits: past them the check answers with the limit instead of a partial result. */
export const MAX_CHECK_BYTES = 256 * 1024;
export const MAX_CHECK_OBJECTS = 500;

const COMMAND = /^\s*\/?check(?=\s|$)/i;
const FENCE = /```([\s\S]*?)(?:```|$)/g;
/** A language tag alone on a fence's first line. */
const LANGUAGE = /^[ \t]*(?:ya?ml|json|text|txt)?[ \t]*\r?\n/i;

export function isCheckCommand(raw: string): boolean {
  return COMMAND.test(raw);
}

/** Splits `check 1.29 …` into the command line and the pasted manifests (code blocks first, else the lines after). */
export function splitCheckInput(raw: string): { args: string; pasted?: string } {
  const fence = raw.indexOf('```');
  if (fence >= 0) {
    const blocks = [...raw.slice(fence).matchAll(FENCE)]
      .map((m) => (m[1] ?? '').replace(LANGUAGE, ''))
      .filter((b) => b.trim().length > 0);
    const args = raw.slice(0, fence).replace(/\s+/g, ' ').trim();
    return blocks.length > 0 ? { args, pasted: blocks.join('\n---\n') } : { args };
  }
  const newline = raw.indexOf('\n');
  if (newline < 0) return { args: raw.trim() };
  const rest = raw.slice(newline + 1);
  const args = raw.slice(0, newline).replace(/\s+/g, ' ').trim();
  return rest.trim().length > 0 ? { args, pasted: rest } : { args };
}

/** "1.29", "from 1.27 to 1.29", "1.27 1.29", "--target 1.29 --from 1.27" → target and from. */
export function checkVersions(args: string): { target?: string; from?: string } {
  const plain = args.toLowerCase();
  const version = String.raw`v?(1\.\d{1,2})(?:\.\d+)?`;
  const from = new RegExp(String.raw`(?:--from[= ]|\bfrom\s+)${version}`).exec(plain)?.[1];
  const target = new RegExp(String.raw`(?:--target[= ]|\b(?:to|target)\s+)${version}`).exec(plain)?.[1];
  const bare = [...plain.matchAll(new RegExp(String.raw`(?<![\w.=-])${version}(?![\d.])`, 'g'))]
    .map((m) => m[1] as string)
    .filter((v) => v !== from && v !== target);
  const norm = (v: string | undefined) => (v ? `1.${Number(v.slice(2))}` : undefined);
  if (from || target) {
    const t = norm(target ?? (from ? bare[0] : undefined));
    const f = norm(from);
    return { ...(t ? { target: t } : {}), ...(f ? { from: f } : {}) };
  }
  if (bare.length >= 2) return { from: norm(bare[0]) as string, target: norm(bare[1]) as string };
  const t = norm(bare[0]);
  return t ? { target: t } : {};
}
