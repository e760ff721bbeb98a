/**
 * The one HTTP server: POST /slack/events (Slack, HTTP mode; /slack/install and /slack/oauth_redirect with
 * OAuth distribution), POST /discord/interactions (Discord HTTP interactions) and GET /healthz, all on PORT. Each platform verifies its own signatures.
 */
import {
  createServer,
  type IncomingMessage,
  type RequestListener,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { Logger } from '../bot/logger.js';

export interface HttpRoutes {
  slack?: RequestListener | undefined;
  discord?: RequestListener | undefined;
  health: () => Record<string, unknown>;
  logger: Logger;
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

export function createHttpServer(routes: HttpRoutes): Server {
  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (req.method === 'GET' && path === '/healthz') return send(res, 200, { ok: true, ...routes.health() });
    // /slack/events, and with OAuth distribution /slack/install and /slack/oauth_redirect.
    if (path.startsWith('/slack/') && routes.slack) return routes.slack(req, res);
    if (path === '/discord/interactions' && routes.discord) return routes.discord(req, res);
    return send(res, 404, { error: 'not found' });
  };
  return createServer((req, res) => {
    try {
      handle(req, res);
    } catch (err) {
      routes.logger.error({ err, url: req.url }, 'http request failed');
      if (!res.headersSent) send(res, 500, { error: 'internal error' });
    }
  });
}

/** Listens on the port (0 picks a free one) on all interfaces, or on `host` when given. */
export function listen(server: Server, port: number, host?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : port);
    });
  });
}
