/**
 * What stands in front of Bolt's HTTP receiver on POST /slack/events: the body (already read with a cap by the
 * HTTP server, or read here with the same cap) must carry a valid `X-Slack-Signature` (v0 HMAC-SHA256 over
 * `v0:timestamp:body`, timestamp within five minutes: 401 otherwise), must parse (400), and must be one of the
 * shapes in ./payload.ts (400). Only then does Bolt see the request — already verified, so Bolt's own
 * verification is off. `ssl_check` and `url_verification` are answered here. OAuth routes (GET) pass through when
 * OAuth distribution is on (404 otherwise).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { parse as parseQuery } from 'node:querystring';
import type { Logger } from '../../bot/logger.js';
import { readCappedBody } from '../edge/body.js';
import { BODY_LIMITS } from '../edge/limits.js';
import { SlackBody } from './payload.js';

/** Requests older (or newer) than this are refused: a captured request cannot be replayed later. */
export const MAX_SKEW_SECONDS = 300;

type Buffered = IncomingMessage & { rawBody?: Buffer };

export interface SlackGuardOptions {
  signingSecret: string;
  /** Bolt's request listener (signature verification off: done here). */
  next: RequestListener;
  /** OAuth distribution: GET /slack/install and /slack/oauth_redirect go to Bolt. */
  oauth: boolean;
  logger: Logger;
  clock?: () => number;
}

export type Verdict =
  | { ok: true; body: SlackBody; form: boolean }
  | { ok: false; status: 400 | 401 | 415; error: string }
  | { ok: 'ssl_check' };

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return typeof v === 'string' ? v : undefined;
}

/** v0 signature check, in constant time. */
export function verifySlackSignature(
  secret: string,
  signature: string | undefined,
  timestamp: string | undefined,
  body: Buffer,
  nowSeconds: number,
): boolean {
  if (!signature || !timestamp || !/^\d{1,12}$/.test(timestamp)) return false;
  if (Math.abs(nowSeconds - Number(timestamp)) > MAX_SKEW_SECONDS) return false;
  const match = /^v0=([0-9a-f]{64})$/.exec(signature);
  if (!match?.[1]) return false;
  const expected = createHmac('sha256', secret).update(`v0:${timestamp}:`).update(body).digest();
  return timingSafeEqual(expected, Buffer.from(match[1], 'hex'));
}

/** Checks one request body; what to answer when it is refused. */
export function judgeSlackRequest(
  req: IncomingMessage,
  body: Buffer,
  secret: string,
  nowSeconds: number,
): Verdict {
  const contentType = (header(req, 'content-type') ?? '').split(';')[0]?.trim().toLowerCase();
  const form = contentType === 'application/x-www-form-urlencoded';
  const text = body.toString('utf8');
  const fields = form ? parseQuery(text) : undefined;
  // Slack's SSL check carries no signature and asks for nothing but a 200.
  if (fields?.ssl_check === '1') return { ok: 'ssl_check' };
  if (
    !verifySlackSignature(
      secret,
      header(req, 'x-slack-signature'),
      header(req, 'x-slack-request-timestamp'),
      body,
      nowSeconds,
    )
  )
    return { ok: false, status: 401, error: 'invalid request signature' };
  if (!form && contentType !== 'application/json')
    return { ok: false, status: 415, error: 'unsupported content type' };
  let parsed: unknown;
  try {
    parsed = fields
      ? typeof fields.payload === 'string'
        ? JSON.parse(fields.payload)
        : fields
      : JSON.parse(text);
  } catch {
    return { ok: false, status: 400, error: 'malformed body' };
  }
  const checked = SlackBody.safeParse(parsed);
  if (!checked.success) return { ok: false, status: 400, error: 'unsupported or malformed payload' };
  return { ok: true, body: checked.data, form };
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

export function slackHttpGuard(options: SlackGuardOptions): RequestListener {
  const clock = options.clock ?? (() => Date.now());
  return (req: Buffered, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (path !== '/slack/events') {
      if (options.oauth && (path === '/slack/install' || path === '/slack/oauth_redirect'))
        return options.next(req, res);
      return sendJson(res, 404, { error: 'not found' });
    }
    if (req.method !== 'POST') return sendJson(res, 405, { error: 'method not allowed' });
    void (async () => {
      let body = req.rawBody;
      if (!body) {
        const read = await readCappedBody(req, BODY_LIMITS.slack);
        if (!read.ok) {
          if (read.reason === 'too_large') sendJson(res, 413, { error: 'request body too large' });
          else res.destroy();
          return;
        }
        body = read.body;
        req.rawBody = body;
      }
      const verdict = judgeSlackRequest(req, body, options.signingSecret, Math.floor(clock() / 1000));
      if (verdict.ok === 'ssl_check') {
        res.writeHead(200);
        res.end();
        return;
      }
      if (!verdict.ok) {
        options.logger.debug({ status: verdict.status, reason: verdict.error }, 'slack request refused');
        return sendJson(res, verdict.status, { error: verdict.error });
      }
      const b = verdict.body;
      if ('type' in b && b.type === 'url_verification') return sendJson(res, 200, { challenge: b.challenge });
      if ('type' in b && b.type === 'app_rate_limited') {
        options.logger.warn('slack reports that it is rate limiting the app’s events');
        res.writeHead(200);
        res.end();
        return;
      }
      options.next(req, res);
    })().catch((err: unknown) => {
      options.logger.error({ err }, 'slack request failed');
      if (!res.headersSent) sendJson(res, 500, { error: 'internal error' });
    });
  };
}
