/**
 * Where a Discord attachment (the `check` subcommand's manifest) may be read from: Discord's CDN only (or the
 * configured API host, for tests), size-capped. Needs no discord.js, so the HTTP endpoint can use it.
 */
import { downloadDocument } from '../chat/download.js';
import type { InteractionDeps } from './interactions.js';

export const DISCORD_CDN_ORIGINS = ['https://cdn.discordapp.com', 'https://media.discordapp.net'];

export function attachmentReader(apiUrl: string | undefined): InteractionDeps {
  const origins = [...DISCORD_CDN_ORIGINS, ...(apiUrl ? [new URL(apiUrl).origin] : [])];
  return { readAttachment: (a) => downloadDocument(a.filename, a.url, a.size, { allowedOrigins: origins }) };
}
