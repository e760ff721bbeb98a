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
}

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

  constructor(private readonly fallback: Responder) {}

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
        const r =
          [...this.responders, this.fallback].map((f) => f(recorded)).find((x) => x !== undefined) ?? {};
        res.writeHead(r.status ?? 200, { 'content-type': 'application/json', ...r.headers });
        res.end(r.body === undefined ? '' : JSON.stringify(r.body));
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

/** Slack's Web API: every method answers ok; auth.test names the bot; chat.postMessage returns a ts. */
export function fakeSlack(): HttpFake {
  let ts = 1700000000;
  return new HttpFake((r) => {
    if (r.path === '/api/auth.test')
      return { body: { ok: true, user_id: 'UBOT', bot_id: 'BBOT', team_id: 'T1', user: 'k8s-bot' } };
    if (r.path === '/api/chat.postMessage')
      return { body: { ok: true, channel: r.body.channel, ts: `${ts++}.000100` } };
    if (r.path.startsWith('/response/')) return { body: { ok: true } };
    return { body: { ok: true } };
  });
}

/** Discord's REST API: messages get an id; interaction callbacks answer 204. */
export function fakeDiscord(): HttpFake {
  let id = 1_000_000_000_000_000_000n;
  return new HttpFake((r) => {
    if (/\/channels\/\d+\/messages$/.test(r.path))
      return { body: { id: String(id++), channel_id: r.path.split('/')[3] } };
    if (/\/interactions\/\d+\/[^/]+\/callback$/.test(r.path)) return { status: 204 };
    return { body: {} };
  });
}
