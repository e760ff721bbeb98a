/**
 * GET requests to one cluster's API server, authenticated by @kubernetes/client-node from the kubeconfig (tokens,
 * client certificates, exec plugins, CA data). Read-only by construction: this client has no other verb. Errors
 * are classified and carry the server's words, never a credential.
 */
import http from 'node:http';
import https from 'node:https';
import type { KubeConfig } from '@kubernetes/client-node';
import type { ClusterError } from '../../knowledge/upgrade/cluster.js';

export const REQUEST_TIMEOUT_MS = 10_000;
const MAX_BODY_BYTES = 64 * 1024 * 1024;

export class KubeRequestError extends Error {
  constructor(readonly error: ClusterError) {
    super(error.message);
    this.name = 'KubeRequestError';
  }
}

const NETWORK = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ECONNRESET',
  'EAI_AGAIN',
]);

function statusMessage(body: string): string | undefined {
  try {
    const parsed = JSON.parse(body) as { kind?: string; message?: string };
    return parsed.kind === 'Status' && typeof parsed.message === 'string' ? parsed.message : undefined;
  } catch {
    return undefined;
  }
}

export class KubeClient {
  constructor(
    private readonly kc: KubeConfig,
    private readonly timeoutMs = REQUEST_TIMEOUT_MS,
  ) {}

  /** The server's address (shown; it is not a credential). */
  get server(): string {
    return this.kc.getCurrentCluster()?.server ?? '';
  }

  async get(path: string, accept = 'application/json'): Promise<string> {
    const server = this.server.replace(/\/+$/, '');
    if (!server)
      throw new KubeRequestError({ code: 'config', message: 'the context names no cluster server' });
    const opts: https.RequestOptions = {};
    try {
      await this.kc.applyToHTTPSOptions(opts);
    } catch (err) {
      // Auth plugins can fail in many ways; their messages may echo configuration, so only the kind is kept.
      throw new KubeRequestError({
        code: 'config',
        message: `credentials could not be prepared (${(err as Error).name})`,
      });
    }
    const url = new URL(`${server}${path}`);
    const transport = url.protocol === 'http:' ? http : https;
    return new Promise<string>((resolve, reject) => {
      const req = transport.request(
        url,
        { ...opts, method: 'GET', headers: { ...opts.headers, accept }, timeout: this.timeoutMs },
        (res) => {
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (c: Buffer) => {
            size += c.length;
            if (size > MAX_BODY_BYTES) {
              req.destroy();
              reject(
                new KubeRequestError({
                  code: 'http',
                  message: `${path}: response over ${MAX_BODY_BYTES} bytes`,
                }),
              );
              return;
            }
            chunks.push(c);
          });
          res.on('end', () => {
            const body = Buffer.concat(chunks).toString('utf8');
            const status = res.statusCode ?? 0;
            if (status >= 200 && status < 300) return resolve(body);
            const said = statusMessage(body) ?? `${path}: HTTP ${status}`;
            const code = status === 401 ? 'unauthorized' : status === 403 ? 'forbidden' : 'http';
            reject(new KubeRequestError({ code, message: said }));
          });
          res.on('error', (err) =>
            reject(new KubeRequestError({ code: 'unreachable', message: err.message })),
          );
        },
      );
      req.on('timeout', () => {
        req.destroy();
        reject(
          new KubeRequestError({
            code: 'timeout',
            message: `${url.host} did not answer within ${this.timeoutMs} ms`,
          }),
        );
      });
      req.on('error', (err: NodeJS.ErrnoException) => {
        if (err instanceof KubeRequestError) return reject(err);
        // Network and TLS failures alike: the server could not be reached as configured.
        const why = err.code && NETWORK.has(err.code) ? err.code : (err.code ?? err.message);
        reject(new KubeRequestError({ code: 'unreachable', message: `${url.host}: ${why}` }));
      });
      req.end();
    });
  }

  async json<T>(path: string, accept?: string): Promise<T> {
    return JSON.parse(await this.get(path, accept)) as T;
  }
}
