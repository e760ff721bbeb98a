/**
 * Reading a Slack message for `check`: the text keeps its lines (a code block of YAML), Slack's markup is undone
 * (&lt; &gt; &amp;, <https://…|…> links, mentions), and files shared with the message are downloaded from Slack
 * with the bot token (files:read) — only from Slack's file host, within the size limit.
 */
import type { CheckDocument } from '../../bot/check/input.js';
import { isCheckCommand, MAX_CHECK_BYTES } from '../../bot/check/input.js';
import { downloadDocument, MANIFEST_FILE } from '../chat/download.js';

/** Files read from one message at most. */
export const MAX_FILES = 5;
export const SLACK_FILES_ORIGIN = 'https://files.slack.com';

/** Slack's text markup back to the characters a person typed, lines kept. */
export function unslack(text: string): string {
  return text
    .replace(/<[@!#][^>]*>/g, ' ')
    .replace(
      /<((?:https?|mailto):[^|>]*)(?:\|([^>]*))?>/g,
      (_m, url: string, label?: string) => label ?? url.replace(/^mailto:/, ''),
    )
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .trim();
}

/** A shared file as Slack's events describe it (the fields check needs). */
export interface SlackFile {
  id?: string;
  name?: string;
  title?: string;
  size?: number;
  url_private_download?: string;
  url_private?: string;
  filetype?: string;
}

export function isManifestFile(f: SlackFile): boolean {
  return MANIFEST_FILE.test(f.name ?? '') || ['yaml', 'yml', 'json', 'text'].includes(f.filetype ?? '');
}

/**
 * The text to ask: a check keeps its lines and loses Slack's markup; a message that only shares manifests is a
 * check ("1.29" alone as the comment gives its target).
 */
export function checkText(raw: string, hasFiles: boolean): string | undefined {
  const text = unslack(raw);
  if (isCheckCommand(text)) return text;
  if (hasFiles && (text === '' || /^v?1\.\d+(\s|$)/.test(text))) return `check ${text}`;
  return undefined;
}

/** Downloads the manifests shared with a message; `info` asks Slack for a file's details when the event lacks them. */
export async function readSlackFiles(
  files: SlackFile[],
  token: string,
  info: (id: string) => Promise<SlackFile | undefined>,
  extraOrigins: string[] = [],
): Promise<CheckDocument[]> {
  const out: CheckDocument[] = [];
  for (const shared of files.slice(0, MAX_FILES)) {
    const file = shared.url_private_download || !shared.id ? shared : ((await info(shared.id)) ?? shared);
    const name = file.name ?? file.title ?? file.id ?? 'file';
    if (!isManifestFile(file)) {
      out.push({ name });
      continue;
    }
    const url = file.url_private_download ?? file.url_private;
    if (!url) {
      out.push({ name });
      continue;
    }
    out.push(
      await downloadDocument(name, url, file.size, {
        allowedOrigins: [SLACK_FILES_ORIGIN, ...extraOrigins],
        headers: { authorization: `Bearer ${token}` },
        maxBytes: MAX_CHECK_BYTES,
      }),
    );
  }
  return out;
}
