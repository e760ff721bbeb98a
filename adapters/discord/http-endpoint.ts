/**
 * POST /discord/interactions: the stateless HTTP interactions endpoint. The body (read with a cap by the HTTP
 * server, or here) must carry a valid Ed25519 signature over timestamp + body with a timestamp within five
 * minutes (401), must be JSON (400) of a shape the handler reads (./payload.ts, 400). PING gets PONG, commands a
 * type-4 message, autocomplete type-8 choices. Needs no discord.js at run time.
 */
import { createPublicKey, type KeyObject, verify } from 'node:crypto';
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { Bot } from '../../bot/bot.js';
import type { Logger } from '../../bot/logger.js';
import { readCappedBody } from '../edge/body.js';
import { BODY_LIMITS } from '../edge/limits.js';
import { fromApi, handleInteraction, type InteractionDeps, toApiResponse } from './interactions.js';
import { parseInteraction } from './payload.js';

/** Requests older (or newer) than this are refused (replay protection). */
export const MAX_SKEW_SECONDS = 300;
const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

export function discordPublicKey(publicKeyHex: string): KeyObject {
  return createPublicKey({
    key: Buffer.concat([ED25519_SPKI_PREFIX, Buffer.from(publicKeyHex, 'hex')]),
    format: 'der',
    type: 'spki',
  });
}

/** Verifies Discord's Ed25519 signature over timestamp + body. */
export function verifyDiscordSignature(
  publicKey: string | KeyObject,
  signatureHex: string,
  timestamp: string,
  body: Buffer,
): boolean {
  if (!/^[0-9a-f]{128}$/i.test(signatureHex) || !/^\d{1,12}$/.test(timestamp)) return false;
  const key = typeof publicKey === 'string' ? discordPublicKey(publicKey) : publicKey;
  return verify(null, Buffer.concat([Buffer.from(timestamp), body]), key, Buffer.from(signatureHex, 'hex'));
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

function header(req: IncomingMessage, name: string): string {
  const v = req.headers[name];
  return typeof v === 'string' ? v : '';
}

export interface DiscordEndpointOptions {
  publicKey: string;
  bot: Bot;
  logger: Logger;
  clock?: () => number;
  /** How attachments are read (the `check` subcommand's manifest). */
  deps?: InteractionDeps;
}

export function discordHttpListener(options: DiscordEndpointOptions): RequestListener {
  const key = discordPublicKey(options.publicKey);
  const clock = options.clock ?? (() => Date.now());
  const { bot, logger } = options;
  return (req: IncomingMessage & { rawBody?: Buffer }, res) => {
    if (req.method !== 'POST') {
      req.resume();
      return sendJson(res, 405, { error: 'method not allowed' });
    }
    void (async () => {
      let body = req.rawBody;
      if (!body) {
        const read = await readCappedBody(req, BODY_LIMITS.discord);
        if (!read.ok) {
          if (read.reason === 'too_large') sendJson(res, 413, { error: 'request body too large' });
          else res.destroy();
          return;
        }
        body = read.body;
      }
      const signature = header(req, 'x-signature-ed25519');
      const timestamp = header(req, 'x-signature-timestamp');
      const fresh = Math.abs(clock() / 1000 - Number(timestamp)) <= MAX_SKEW_SECONDS;
      if (!fresh || !verifyDiscordSignature(key, signature, timestamp, body))
        return sendJson(res, 401, { error: 'invalid request signature' });
      let json: unknown;
      try {
        json = JSON.parse(body.toString('utf8'));
      } catch {
        return sendJson(res, 400, { error: 'invalid JSON' });
      }
      const interaction = parseInteraction(json);
      if (!interaction) return sendJson(res, 400, { error: 'unsupported or malformed interaction' });
      sendJson(res, 200, toApiResponse(await handleInteraction(bot, fromApi(interaction), options.deps)));
    })().catch((err: unknown) => {
      logger.error({ err }, 'discord interaction failed');
      if (!res.headersSent) sendJson(res, 500, { error: 'internal error' });
    });
  };
}
