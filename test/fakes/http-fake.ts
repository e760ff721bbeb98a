/** A recording HTTP server on 127.0.0.1 that stands in for a platform API in tests. */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: Record<string, unknown>;
  raw: string;
}

export interface FakeResponse {
  status?: number;
  headers?: Record<string, string>;
  body?: unknown;
  /** reset: destroy the connection without answering; hang: never answer (until the fake stops). */
  action?: 'reset' | 'hang';
  /** Answer only after this long (a slow API). */
  delayMs?: number;
  /** A plain-text body instead of JSON (a file download). */
  text?: string;
}

/**
 * How a matching request misbehaves. `afterRecord`: the fake first does what the API would (records the post),
 * then fails — the caller cannot tell whether it worked.
 */
export type Fault =
  | { kind: 'status'; status: number; body?: unknown; headers?: Record<string, string>; afterRecord: boolean }
  | { kind: 'reset'; afterRecord: boolean }
  | { kind: 'hang'; afterRecord: boolean };

export type Responder = (req: RecordedRequest) => FakeResponse | undefined;

function parseBody(raw: string, contentType: string | undefined): Record<string, unknown> {
  if (!raw) return {};
  if (contentType?.includes('application/json')) return JSON.parse(raw) as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [k, v] of new URLSearchParams(raw)) {
    try {
      out[k] = /^[[{]/.test(v) ? JSON.parse(v) : v;
    } catch {
      out[k] = v;
    }
  }
  return out;
}

export class HttpFake {
  readonly requests: RecordedRequest[] = [];
  private readonly responders: Responder[] = [];
  private server: Server | undefined;
  url = '';

  /** What the API answers when no responder steps in (it also records, e.g. a posted message). */
  constructor(readonly fallback: Responder) {}

  /** Adds a responder tried before the others (return undefined to pass). */
  on(responder: Responder): void {
    this.responders.unshift(responder);
  }

  /** Answers the next request matching `match` with `response`, once. */
  once(match: (r: RecordedRequest) => boolean, response: FakeResponse): void {
    let used = false;
    this.on((r) => {
      if (used || !match(r)) return undefined;
      used = true;
      return response;
    });
  }

  /** Makes the next `times` requests matching `match` misbehave (Infinity: all of them). */
  fault(match: (r: RecordedRequest) => boolean, fault: Fault, times = 1): void {
    let left = times;
    this.on((r) => {
      if (left <= 0 || !match(r)) return undefined;
      left--;
      return this.apply(r, fault);
    });
  }

  /** Answers one request as the fault says, after recording it when `afterRecord`. */
  apply(r: RecordedRequest, fault: Fault): FakeResponse {
    if (fault.afterRecord) this.fallback(r);
    if (fault.kind === 'status') {
      return {
        status: fault.status,
        body: fault.body ?? {},
        ...(fault.headers ? { headers: fault.headers } : {}),
      };
    }
    return { action: fault.kind };
  }

  /** Clears every responder added with on/once/fault. */
  reset(): void {
    this.responders.length = 0;
  }

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const recorded: RecordedRequest = {
          method: req.method ?? 'GET',
          path: new URL(req.url ?? '/', 'http://127.0.0.1').pathname,
          headers: req.headers,
          body: parseBody(raw, req.headers['content-type']),
          raw,
        };
        this.requests.push(recorded);
        let r: FakeResponse = {};
        for (const responder of [...this.responders, this.fallback]) {
          const found = responder(recorded);
          if (found !== undefined) {
            r = found;
            break;
          }
        }
        if (r.action === 'reset') {
          req.socket.destroy();
          return;
        }
        if (r.action === 'hang') return;
        const answer = () => {
          if (r.text !== undefined) {
            res.writeHead(r.status ?? 200, { 'content-type': 'text/plain; charset=utf-8', ...r.headers });
            res.end(r.text);
            return;
          }
          res.writeHead(r.status ?? 200, { 'content-type': 'application/json', ...r.headers });
          res.end(r.body === undefined ? '' : JSON.stringify(r.body));
        };
        if (r.delayMs) setTimeout(answer, r.delayMs);
        else answer();
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    const address = this.server.address();
    this.url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    return this.url;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** Waits until a request matching `match` has been recorded. */
  async waitFor(match: (r: RecordedRequest) => boolean, timeoutMs = 5000): Promise<RecordedRequest> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const found = this.requests.find(match);
      if (found) return found;
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error(
      `no matching request within ${timeoutMs} ms; saw ${this.requests.map((r) => `${r.method} ${r.path}`).join(', ')}`,
    );
  }
}

export interface SlackMessage {
  channel: string;
  ts: string;
  text: string;
  token: string | undefined;
  metadata?: { event_type: string; event_payload: Record<string, unknown> };
}

/**
 * Slack's Web API: auth.test names the bot (and its team, by token), chat.postMessage keeps the message (with its
 * metadata) and returns a ts, conversations.history returns a channel's messages, newest first (metadata only
 * with include_all_metadata); other methods answer ok.
 */
export class SlackFake extends HttpFake {
  readonly messages: SlackMessage[] = [];
  /** Files shared in the workspace (files.info, and downloads from url_private_download with a bot token). */
  readonly files = new Map<string, { name: string; content: string; filetype?: string }>();
  /** Teams by bot token; tokens not listed belong to T1. */
  readonly teams = new Map<string, string>();
  /** Slack's clock (message ts); tests whose bot runs on a fixed clock set the same one here. */
  clock: () => number = () => Date.now();

  constructor() {
    let seq = 0;
    super((r) => {
      const token = String(r.headers.authorization ?? '').replace(/^Bearer /, '') || undefined;
      if (r.path === '/api/auth.test') {
        const team = (token && this.teams.get(token)) ?? 'T1';
        return { body: { ok: true, user_id: 'UBOT', bot_id: 'BBOT', team_id: team, user: 'k8s-bot' } };
      }
      if (r.path === '/api/chat.postMessage') {
        const message: SlackMessage = {
          channel: String(r.body.channel),
          ts: `${Math.floor(this.clock() / 1000)}.${String(++seq).padStart(6, '0')}`,
          text: String(r.body.text ?? ''),
          token,
          ...(r.body.metadata ? { metadata: r.body.metadata as SlackMessage['metadata'] } : {}),
        };
        this.messages.push(message);
        return { body: { ok: true, channel: message.channel, ts: message.ts } };
      }
      if (r.path === '/api/conversations.history') {
        const withMeta = String(r.body.include_all_metadata) === 'true';
        const oldest = Number(r.body.oldest ?? 0);
        const messages = this.messages
          .filter((m) => m.channel === r.body.channel && Number(m.ts) >= oldest)
          .reverse()
          .map((m) => ({
            type: 'message',
            ts: m.ts,
            text: m.text,
            bot_id: 'BBOT',
            ...(withMeta && m.metadata ? { metadata: m.metadata } : {}),
          }));
        return { body: { ok: true, messages, has_more: false } };
      }
      if (r.path.startsWith('/response/')) return { body: { ok: true } };
      if (r.path === '/api/files.info') {
        const id = String(r.body.file ?? '');
        const f = this.files.get(id);
        if (!f) return { body: { ok: false, error: 'file_not_found' } };
        return { body: { ok: true, file: this.fileObject(id) } };
      }
      const download = /^\/files-pri\/T1-([^/]+)\//.exec(r.path);
      if (download && r.method === 'GET') {
        const f = this.files.get(download[1] ?? '');
        if (!token?.startsWith('xoxb-')) return { status: 403, text: 'forbidden' };
        return f ? { text: f.content } : { status: 404, text: 'not found' };
      }
      return { body: { ok: true } };
    });
  }

  /** A file as Slack's events and files.info describe it. */
  fileObject(id: string) {
    const f = this.files.get(id);
    return {
      id,
      name: f?.name,
      title: f?.name,
      filetype: f?.filetype ?? 'yaml',
      size: Buffer.byteLength(f?.content ?? ''),
      url_private: `${this.url}/files-pri/T1-${id}/${f?.name}`,
      url_private_download: `${this.url}/files-pri/T1-${id}/download/${f?.name}`,
    };
  }

  /** Digests the fake holds, counted by (channel, week) from their metadata. */
  digestCounts(): Map<string, number> {
    const counts = new Map<string, number>();
    for (const m of this.messages) {
      if (m.metadata?.event_type !== 'k8sbot_digest') continue;
      const k = `${m.channel} ${String(m.metadata.event_payload.week)}`;
      counts.set(k, (counts.get(k) ?? 0) + 1);
    }
    return counts;
  }
}

export function fakeSlack(): SlackFake {
  return new SlackFake();
}

export interface DiscordMessage {
  id: string;
  channel: string;
  nonce?: string;
  title?: string;
}

/**
 * Discord's REST API: a message gets an id; a message sent with a nonce and enforce_nonce that the channel already
 * has from the same author is answered with the existing message and not created again (as Discord does for a
 * few minutes); interaction callbacks answer 204.
 */
export class DiscordFake extends HttpFake {
  readonly messages: DiscordMessage[] = [];

  constructor() {
    let id = 1_000_000_000_000_000_000n;
    super((r) => {
      const channel = /\/channels\/(\d+)\/messages$/.exec(r.path)?.[1];
      if (channel && r.method === 'POST') {
        const nonce = typeof r.body.nonce === 'string' ? r.body.nonce : undefined;
        const existing =
          nonce && r.body.enforce_nonce
            ? this.messages.find((m) => m.channel === channel && m.nonce === nonce)
            : undefined;
        if (existing) return { body: { id: existing.id, channel_id: channel, nonce } };
        const embeds = r.body.embeds as Array<{ title?: string }> | undefined;
        const message: DiscordMessage = {
          id: String(id++),
          channel,
          ...(nonce ? { nonce } : {}),
          ...(embeds?.[0]?.title ? { title: embeds[0].title } : {}),
        };
        this.messages.push(message);
        return { body: { id: message.id, channel_id: channel, ...(nonce ? { nonce } : {}) } };
      }
      if (/\/interactions\/\d+\/[^/]+\/callback$/.test(r.path)) return { status: 204 };
      return { body: {} };
    });
  }

  /** Messages the fake holds per channel. */
  countsByChannel(): Map<string, number> {
    const counts = new Map<string, number>();
    for (const m of this.messages) counts.set(m.channel, (counts.get(m.channel) ?? 0) + 1);
    return counts;
  }
}

export function fakeDiscord(): DiscordFake {
  return new DiscordFake();
}
