/**
 * POST /slack/events: the body (already read with a cap by the HTTP server, or read here with the same cap) must
 * carry a valid `X-Slack-Signature` (v0 HMAC-SHA256 over `v0:timestamp:body`, timestamp within five minutes: 401
 * otherwise), must parse (400), and must be one of the shapes in ./payload.ts (400). Only then is it handed to
 * Bolt (`app.processEvent`), with an acknowledgement function of our own: the first ack answers Slack, a second
 * one is ignored, and a request nothing acknowledged (no listener for it, or a listener that failed) is answered
 * with an empty 200 as soon as Bolt is done with it — or after 2.5 s at the latest. `ssl_check` and
 * `url_verification` are answered here. OAuth routes (GET) go to Bolt's receiver when OAuth distribution is on
 * (404 otherwise).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { parse as parseQuery } from 'node:querystring';
import type { ReceiverEvent } from '@slack/bolt';
import type { Logger } from '../../bot/logger.js';
import { readCappedBody } from '../edge/body.js';
import { BODY_LIMITS } from '../edge/limits.js';
import { SlackBody } from './payload.js';

/** Requests older (or newer) than this are refused: a captured request cannot be replayed later. */
export const MAX_SKEW_SECONDS = 300;

type Buffered = IncomingMessage & { rawBody?: Buffer };

/** Slack wants its acknowledgement within 3 s. */
export const ACK_DEADLINE_MS = 2_500;

export interface SlackGuardOptions {
  signingSecret: string;
  /** Bolt's App.processEvent. */
  dispatch: (event: ReceiverEvent) => Promise<void>;
  /** OAuth distribution: GET /slack/install and /slack/oauth_redirect go to Bolt's receiver. */
  oauthListener?: RequestListener | undefined;
  logger: Logger;
  clock?: () => number;
  ackDeadlineMs?: number;
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

function retryHeaders(req: IncomingMessage): Pick<ReceiverEvent, 'retryNum' | 'retryReason'> {
  const num = Number.parseInt(header(req, 'x-slack-retry-num') ?? '', 10);
  const reason = header(req, 'x-slack-retry-reason');
  return { ...(Number.isFinite(num) ? { retryNum: num } : {}), ...(reason ? { retryReason: reason } : {}) };
}

export function slackHttpGuard(options: SlackGuardOptions): RequestListener {
  const clock = options.clock ?? (() => Date.now());
  const { logger } = options;
  const deadlineMs = options.ackDeadlineMs ?? ACK_DEADLINE_MS;

  /** Hands a verified body to Bolt; answers Slack with the first acknowledgement. */
  const dispatch = async (req: IncomingMessage, res: ServerResponse, body: SlackBody) => {
    let acked = false;
    const ack = async (response?: unknown) => {
      if (acked || res.headersSent) return;
      acked = true;
      clearTimeout(timer);
      if (response === undefined || response === '') {
        res.writeHead(200);
        res.end();
      } else if (typeof response === 'string') {
        res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
        res.end(response);
      } else sendJson(res, 200, response);
    };
    const timer = setTimeout(() => {
      if (acked) return;
      logger.warn({ deadlineMs }, 'slack request not acknowledged in time; acknowledged empty');
      void ack();
    }, deadlineMs);
    try {
      await options.dispatch({ body: body as ReceiverEvent['body'], ack, ...retryHeaders(req) });
    } catch (err) {
      logger.error({ err }, 'slack event failed');
    } finally {
      await ack();
    }
  };

  return (req: Buffered, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (path !== '/slack/events') {
      if (options.oauthListener && (path === '/slack/install' || path === '/slack/oauth_redirect'))
        return options.oauthListener(req, res);
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
        logger.debug({ status: verdict.status, reason: verdict.error }, 'slack request refused');
        return sendJson(res, verdict.status, { error: verdict.error });
      }
      const b = verdict.body;
      if ('type' in b && b.type === 'url_verification') return sendJson(res, 200, { challenge: b.challenge });
      if ('type' in b && b.type === 'app_rate_limited') {
        logger.warn('slack reports that it is rate limiting the app’s events');
        res.writeHead(200);
        res.end();
        return;
      }
      await dispatch(req, res, b);
    })().catch((err: unknown) => {
      logger.error({ err }, 'slack request failed');
      if (!res.headersSent) sendJson(res, 500, { error: 'internal error' });
    });
  };
}
