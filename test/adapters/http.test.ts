import type { RequestListener, Server } from 'node:http';
import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { BODY_LIMITS } from '../../adapters/edge/limits.js';
import { type BufferedRequest, closeGracefully, createHttpServer, listen } from '../../adapters/http.js';
import { PrometheusMetrics } from '../../adapters/observe/metrics.js';
import { captureLogger } from '../support/logs.js';

/** A platform handler that answers with the size of the body it was given (after the server's cap). */
const echoSize: RequestListener = (req: BufferedRequest, res) => {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ bytes: req.rawBody?.length ?? -1 }));
};

const servers: Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
});

async function start(options: Partial<Parameters<typeof createHttpServer>[0]> = {}) {
  const log = captureLogger();
  const server = createHttpServer({
    slack: echoSize,
    discord: echoSize,
    logger: log.logger,
    health: () => ({ mode: 'test' }),
    ...options,
  });
  servers.push(server);
  const base = `http://127.0.0.1:${await listen(server, 0, '127.0.0.1')}`;
  return { server, base, log };
}

/** Writes raw bytes on a new connection; resolves with what the server sent and how long until it closed. */
function raw(base: string, chunks: Array<{ data: string; afterMs?: number }>) {
  const { port } = new URL(base);
  return new Promise<{ text: string; closedAfterMs: number }>((resolve) => {
    const started = Date.now();
    const socket = connect(Number(port), '127.0.0.1');
    let text = '';
    socket.on('data', (d) => {
      text += d.toString();
    });
    socket.on('error', () => {});
    socket.on('close', () => resolve({ text, closedAfterMs: Date.now() - started }));
    let at = 0;
    for (const c of chunks) {
      at += c.afterMs ?? 0;
      setTimeout(() => {
        if (!socket.destroyed) socket.write(c.data);
      }, at);
    }
  });
}

describe('the HTTP edge', () => {
  it('answers each route only with its methods: 405 with Allow, 404 elsewhere', async () => {
    const { base } = await start();
    const get = await fetch(`${base}/slack/events`);
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
    expect((await fetch(`${base}/discord/interactions`, { method: 'PUT', body: '{}' })).status).toBe(405);
    expect((await fetch(`${base}/healthz`, { method: 'DELETE' })).status).toBe(405);
    expect((await fetch(`${base}/metrics`)).status).toBe(404);
    expect((await fetch(`${base}/nothing-here`)).status).toBe(404);
    expect(await (await fetch(`${base}/livez`)).json()).toEqual({ ok: true });
    expect(await (await fetch(`${base}/healthz`)).json()).toEqual({ ok: true, mode: 'test' });
  });

  it('gives a platform handler the body, and refuses a larger one with 413 before reading it', async () => {
    const { base } = await start();
    const fits = await fetch(`${base}/slack/events`, { method: 'POST', body: 'x'.repeat(BODY_LIMITS.slack) });
    expect(await fits.json()).toEqual({ bytes: BODY_LIMITS.slack });
    for (const path of ['/slack/events', '/discord/interactions']) {
      // Announced (Content-Length) and not announced (chunked): both get a 413, not a reset.
      const big = await fetch(`${base}${path}`, { method: 'POST', body: Buffer.alloc(4 * 2 ** 20, 97) });
      expect(big.status).toBe(413);
      expect(await big.json()).toMatchObject({ error: 'request body too large' });
      const stream = new ReadableStream({
        start(c) {
          for (let i = 0; i < 40; i++) c.enqueue(new Uint8Array(64 * 1024));
          c.close();
        },
      });
      const chunked = await fetch(`${base}${path}`, {
        method: 'POST',
        body: stream,
        duplex: 'half',
      } as RequestInit);
      expect(chunked.status).toBe(413);
    }
  });

  it('closes a connection whose headers never finish, and one whose body trickles, at its timeouts', async () => {
    const { base } = await start({ timeouts: { headersMs: 400, requestMs: 800, checkEveryMs: 50 } });
    const headers = await raw(base, [{ data: 'POST /slack/events HTTP/1.1\r\nHost: x\r\nX-Slow: ' }]);
    expect(headers.text).toMatch(/^HTTP\/1\.1 408/);
    expect(headers.closedAfterMs).toBeLessThan(2_000);
    const body = await raw(base, [
      {
        data: 'POST /slack/events HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{',
      },
      { data: '"a', afterMs: 300 },
      { data: '":', afterMs: 300 },
    ]);
    expect(body.text).toMatch(/^HTTP\/1\.1 408/);
    expect(body.closedAfterMs).toBeLessThan(2_500);
  });

  it('answers 500 when a handler throws, and logs neither headers, body nor stack', async () => {
    const boom: RequestListener = (req) => {
      const err = Object.assign(new Error('handler exploded'), { req });
      throw err;
    };
    const { base, log } = await start({ slack: boom });
    const res = await fetch(`${base}/slack/events`, {
      method: 'POST',
      body: 'secret-body',
      headers: { authorization: 'Bearer abcdefghijklmnop', cookie: 'session=s3cr3t-cookie' },
    });
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual({ error: 'internal error' });
    const line = log.lines.find((l) => l.msg === 'http request failed');
    expect(line).toMatchObject({
      route: 'slack_events',
      method: 'POST',
      err: { message: 'handler exploded' },
    });
    expect(log.text()).not.toMatch(/abcdefghijklmnop|s3cr3t-cookie|secret-body|at .*\.ts:\d+/);
  });

  it('says ready or not from the checks, and serves the metrics it counts', async () => {
    let ready = false;
    const metrics = new PrometheusMetrics({ processMetrics: false });
    const { base } = await start({
      metrics,
      readiness: () => ({ ready, checks: { store: ready ? { ok: true } : { ok: false, detail: 'locked' } } }),
    });
    const notReady = await fetch(`${base}/readyz`);
    expect(notReady.status).toBe(503);
    expect(await notReady.json()).toEqual({
      ready: false,
      checks: { store: { ok: false, detail: 'locked' } },
    });
    ready = true;
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
    await fetch(`${base}/slack/events`, { method: 'POST', body: '{}' });
    await fetch(`${base}/slack/events`);
    const text = await (await fetch(`${base}/metrics`)).text();
    expect(text).toContain('k8sbot_http_requests_total{route="slack_events",status="200"} 1');
    expect(text).toContain('k8sbot_http_requests_total{route="slack_events",status="405"} 1');
    expect(text).toContain('k8sbot_http_requests_total{route="readyz",status="503"} 1');
    expect(text).toMatch(/k8sbot_ack_duration_seconds_count\{platform="slack"\} 1/);
  });

  it('on shutdown stops accepting, finishes requests in flight, and cuts off the rest at the deadline', async () => {
    let release: () => void = () => {};
    let entered: () => void = () => {};
    const inHandler = new Promise<void>((r) => {
      entered = r;
    });
    const slow: RequestListener = (_req, res) => {
      entered();
      new Promise<void>((r) => {
        release = r;
      }).then(() => res.end('done'));
    };
    const { server, base } = await start({ slack: slow });
    const inFlight = fetch(`${base}/slack/events`, { method: 'POST', body: 'x' });
    await inHandler;
    const closing = closeGracefully(server, 5_000);
    await new Promise((r) => setTimeout(r, 100));
    await expect(fetch(`${base}/livez`)).rejects.toThrow();
    release();
    const res = await inFlight;
    expect(res.status).toBe(200);
    expect(res.headers.get('connection')).toBe('close');
    expect(await res.text()).toBe('done');
    expect(await closing).toEqual({ forced: false });

    let hangs: () => void = () => {};
    const hanging = new Promise<void>((r) => {
      hangs = r;
    });
    const { server: second, base: base2 } = await start({ slack: () => hangs() });
    const hung = fetch(`${base2}/slack/events`, { method: 'POST', body: 'x' }).catch((e: unknown) => e);
    await hanging;
    const started = Date.now();
    expect(await closeGracefully(second, 300)).toEqual({ forced: true });
    expect(Date.now() - started).toBeLessThan(1_500);
    expect(await hung).toBeInstanceOf(Error);
  });
});
