/**
 * Downloads a file a user shared with the bot (a Slack file, a Discord attachment) for `check`: only from the
 * platform's own file hosts, with a size cap and a timeout. Manifests are only read, never fetched from or run.
 */
import type { CheckDocument } from '../../bot/check/input.js';
import { MAX_CHECK_BYTES } from '../../bot/check/input.js';

export interface DownloadOptions {
  /** Origins the URL may point at ("https://files.slack.com"); anything else is refused. */
  allowedOrigins: string[];
  headers?: Record<string, string>;
  maxBytes?: number;
  timeoutMs?: number;
}

export const DOWNLOAD_TIMEOUT_MS = 5_000;

/** File names and types `check` reads; others are reported as unreadable. */
export const MANIFEST_FILE = /\.(ya?ml|json|txt)$/i;

/** The file as a CheckDocument: with its text, or without it when it is too large, refused or failed. */
export async function downloadDocument(
  name: string,
  url: string,
  size: number | undefined,
  options: DownloadOptions,
): Promise<CheckDocument> {
  const maxBytes = options.maxBytes ?? MAX_CHECK_BYTES;
  if (size !== undefined && size > maxBytes) return { name, size };
  let origin: string;
  try {
    origin = new URL(url).origin;
  } catch {
    return { name };
  }
  if (!options.allowedOrigins.includes(origin)) return { name };
  try {
    const res = await fetch(url, {
      headers: options.headers ?? {},
      redirect: 'error',
      signal: AbortSignal.timeout(options.timeoutMs ?? DOWNLOAD_TIMEOUT_MS),
    });
    if (!res.ok || !res.body) return { name };
    const chunks: Uint8Array[] = [];
    let total = 0;
    for await (const chunk of res.body) {
      total += chunk.byteLength;
      if (total > maxBytes) return { name, size: total };
      chunks.push(chunk);
    }
    return { name, text: Buffer.concat(chunks).toString('utf8'), size: total };
  } catch {
    return { name };
  }
}
