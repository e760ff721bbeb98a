/**
 * The one HTTP server, on PORT, in every mode:
 *   POST /slack/events                       Slack over HTTP (GET /slack/install, /slack/oauth_redirect with OAuth)
 *   POST /discord/interactions               Discord HTTP interactions
 *   GET  /livez                              the process answers
 *   GET  /readyz                             200 only while every readiness check passes (503 with the checks)
 *   GET  /healthz                            the running modes and the state of the data (always 200)
 *   GET  /metrics                            Prometheus text format
 *
 * The edge: a route answers only its methods (405 with Allow otherwise); a platform body is read with a cap
 * before anything parses it (413); the server has header, request and keep-alive timeouts of its own; a handler
 * that throws gets a 500 with no details, and the log line names the route and the error — never a header, a
 * body or a stack. `closeGracefully` stops accepting, lets requests in flight finish and then closes everything.
 */
import {
  createServer,
  type IncomingMessage,
  type RequestListener,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { Logger } from '../bot/logger.js';
import { readCappedBody } from './edge/body.js';
import { BODY_LIMITS, SERVER_TIMEOUTS, type ServerTimeouts } from './edge/limits.js';
import type { MetricPlatform } from './observe/adapter-metrics.js';
import type { ReadinessReport } from './observe/readiness.js';

/** A request whose body has been read (Bolt's receivers and the Discord endpoint take it from here). */
export type BufferedRequest = IncomingMessage & { rawBody?: Buffer };

export interface HttpObserver {
  render(): Promise<string>;
  readonly contentType: string;
  httpRequest(route: string, status: number): void;
  ack(platform: MetricPlatform, seconds: number): void;
}

export interface HttpRoutes {
  slack?: RequestListener | undefined;
  discord?: RequestListener | undefined;
  /** What /healthz adds to `{ ok: true }`. */
  health: () => Record<string, unknown>;
  /** /readyz; without it the server is ready whenever it answers. */
  readiness?: () => ReadinessReport;
  /** /metrics and request counting; without it /metrics is 404. */
  metrics?: HttpObserver;
  logger: Logger;
  timeouts?: Partial<ServerTimeouts>;
  bodyLimits?: Partial<Record<MetricPlatform, number>>;
}

interface Route {
  /** A metric label: a fixed set. */
  name: string;
  methods: readonly string[];
  platform?: MetricPlatform;
  handle: (req: BufferedRequest, res: ServerResponse) => unknown;
  /** Read the body (at most this many bytes) before handing the request on. */
  maxBody?: number;
}

interface ServerState {
  inFlight: Set<ServerResponse>;
  closing: boolean;
  idle: Array<() => void>;
}

const states = new WeakMap<Server, ServerState>();

function send(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  if (res.headersSent) return;
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(JSON.stringify(body));
}

function routeTable(routes: HttpRoutes): Map<string, Route> {
  const table = new Map<string, Route>();
  const add = (path: string, route: Route) => table.set(path, route);
  const limits = { ...BODY_LIMITS, ...routes.bodyLimits };
  add('/livez', {
    name: 'livez',
    methods: ['GET', 'HEAD'],
    handle: (_q, res) => send(res, 200, { ok: true }),
  });
  add('/readyz', {
    name: 'readyz',
    methods: ['GET', 'HEAD'],
    handle: (_q, res) => {
      const report = routes.readiness?.() ?? { ready: true, checks: {} };
      send(res, report.ready ? 200 : 503, report);
    },
  });
  add('/healthz', {
    name: 'healthz',
    methods: ['GET', 'HEAD'],
    handle: (_q, res) => send(res, 200, { ok: true, ...routes.health() }),
  });
  const metrics = routes.metrics;
  if (metrics) {
    add('/metrics', {
      name: 'metrics',
      methods: ['GET'],
      handle: async (_q, res) => {
        const text = await metrics.render();
        res.writeHead(200, { 'content-type': metrics.contentType });
        res.end(text);
      },
    });
  }
  const slack = routes.slack;
  if (slack) {
    add('/slack/events', {
      name: 'slack_events',
      methods: ['POST'],
      platform: 'slack',
      maxBody: limits.slack,
      handle: slack,
    });
    for (const path of ['/slack/install', '/slack/oauth_redirect'])
      add(path, { name: 'slack_oauth', methods: ['GET', 'HEAD'], handle: slack });
  }
  const discord = routes.discord;
  if (discord) {
    add('/discord/interactions', {
      name: 'discord_interactions',
      methods: ['POST'],
      platform: 'discord',
      maxBody: limits.discord,
      handle: discord,
    });
  }
  return table;
}

export function createHttpServer(routes: HttpRoutes): Server {
  const timeouts = { ...SERVER_TIMEOUTS, ...routes.timeouts };
  const table = routeTable(routes);
  const { logger, metrics } = routes;
  const state: ServerState = { inFlight: new Set(), closing: false, idle: [] };

  const dispatch = async (route: Route, req: BufferedRequest, res: ServerResponse) => {
    if (route.maxBody !== undefined) {
      const read = await readCappedBody(req, route.maxBody);
      if (!read.ok) {
        // No `connection: close`: closing while the client still sends would reset the connection and lose
        // this answer. The rest of the body is discarded as it arrives (bounded by the request timeout).
        if (read.reason === 'too_large')
          send(res, 413, { error: 'request body too large', limit: route.maxBody });
        else res.destroy();
        return;
      }
      req.rawBody = read.body;
    }
    await route.handle(req, res);
  };

  const server = createServer(
    {
      requestTimeout: timeouts.requestMs,
      headersTimeout: Math.min(timeouts.headersMs, timeouts.requestMs),
      keepAliveTimeout: timeouts.keepAliveMs,
      connectionsCheckingInterval: timeouts.checkEveryMs,
    },
    (req: BufferedRequest, res) => {
      const started = performance.now();
      const path = new URL(req.url ?? '/', 'http://localhost').pathname;
      const route = table.get(path);
      const name = route?.name ?? 'other';
      state.inFlight.add(res);
      if (state.closing) res.setHeader('connection', 'close');
      res.once('close', () => {
        metrics?.httpRequest(name, res.statusCode);
        if (route?.platform && res.statusCode === 200)
          metrics?.ack(route.platform, (performance.now() - started) / 1000);
        state.inFlight.delete(res);
        if (state.inFlight.size === 0) for (const wake of state.idle.splice(0)) wake();
      });
      if (!route) return send(res, 404, { error: 'not found' });
      if (!route.methods.includes(req.method ?? '')) {
        req.resume();
        return send(res, 405, { error: 'method not allowed' }, { allow: route.methods.join(', ') });
      }
      const fail = (err: unknown) => {
        logger.error({ err, route: name, method: req.method }, 'http request failed');
        send(res, 500, { error: 'internal error' });
      };
      try {
        dispatch(route, req, res).catch(fail);
      } catch (err) {
        fail(err);
      }
    },
  );
  // Malformed requests and header/request timeouts are answered by Node itself (400, 431, 408) and not logged.
  states.set(server, state);
  return server;
}

/** Listens on the port (0 picks a free one) on all interfaces, or on `host` when given. */
export function listen(server: Server, port: number, host?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : port);
    });
  });
}

/**
 * Stops accepting connections, closes idle keep-alive connections, lets the requests in flight finish (their
 * responses say `connection: close`), and after `deadlineMs` closes whatever is still open. Resolves when closed.
 */
export async function closeGracefully(server: Server, deadlineMs: number): Promise<{ forced: boolean }> {
  const state = states.get(server);
  if (state) {
    state.closing = true;
    // Requests in flight are answered, on connections that then close.
    for (const res of state.inFlight) if (!res.headersSent) res.setHeader('connection', 'close');
  }
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  let forced = false;
  if (state && state.inFlight.size > 0) {
    let timer: NodeJS.Timeout | undefined;
    const drained = new Promise<void>((resolve) => state.idle.push(resolve));
    const deadline = new Promise<void>((resolve) => {
      timer = setTimeout(() => {
        forced = true;
        resolve();
      }, deadlineMs);
    });
    await Promise.race([drained, deadline]);
    clearTimeout(timer);
  }
  server.closeAllConnections();
  await closed;
  return { forced };
}
