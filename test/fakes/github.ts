/**
 * A local server that answers like GitHub for what `k8sbot sync` uses: the commits API (with ETags and 304),
 * recursive trees, directory contents and raw files. It serves a folder laid out like the repositories
 * (<root>/<owner>/<repo>/<path>); each repository's commit sha is derived from its files, so changing a file
 * changes the commit. Faults can be injected per request: a status, rate limiting, a hang, a truncated body.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { join, relative, sep } from 'node:path';

export type Fault =
  | { kind: 'status'; status: number }
  | { kind: 'rate-limit'; status: 403 | 429 }
  | { kind: 'hang' }
  | { kind: 'truncate' };

interface Repo {
  commit: string;
  date: string;
  files: Map<string, Buffer>;
}

const gitBlobSha = (content: Buffer) =>
  createHash('sha1').update(`blob ${content.length}\0`).update(content).digest('hex');

export class FakeGitHub {
  readonly requests: string[] = [];
  private server: Server | undefined;
  private faults: Array<{ match: RegExp; fault: Fault; times: number }> = [];
  private repos = new Map<string, Repo>();
  private readonly hung = new Set<ServerResponse>();
  url = '';

  constructor(private root: string) {
    this.load();
  }

  /** Serves another folder (or the same one after its files changed): repositories get new commits. */
  serve(root: string = this.root): void {
    this.root = root;
    this.load();
  }

  /** The next `times` requests whose path matches get the fault. */
  fail(match: RegExp, fault: Fault, times = Number.POSITIVE_INFINITY): void {
    this.faults.push({ match, fault, times });
  }

  clearFaults(): void {
    this.faults = [];
    for (const res of this.hung) res.destroy();
    this.hung.clear();
  }

  get apiUrl(): string {
    return `${this.url}/api`;
  }

  get rawUrl(): string {
    return `${this.url}/raw`;
  }

  commitOf(repo: string): string {
    return this.repos.get(repo)?.commit ?? '';
  }

  private load(): void {
    const declared = existsSync(join(this.root, 'sources.json'))
      ? (JSON.parse(readFileSync(join(this.root, 'sources.json'), 'utf8')) as Record<
          string,
          { commitDate: string }
        >)
      : {};
    this.repos.clear();
    for (const owner of readdirSync(this.root, { withFileTypes: true })) {
      if (!owner.isDirectory()) continue;
      for (const name of readdirSync(join(this.root, owner.name), { withFileTypes: true })) {
        if (!name.isDirectory()) continue;
        const repo = `${owner.name}/${name.name}`;
        const dir = join(this.root, repo);
        const files = new Map<string, Buffer>();
        for (const e of readdirSync(dir, { recursive: true, withFileTypes: true })) {
          if (!e.isFile()) continue;
          const path = relative(dir, join(e.parentPath, e.name)).split(sep).join('/');
          files.set(path, readFileSync(join(e.parentPath, e.name)));
        }
        const hash = createHash('sha1');
        for (const [p, c] of [...files].sort(([a], [b]) => a.localeCompare(b))) hash.update(p).update(c);
        const newest = Math.max(...[...files.keys()].map((p) => statSync(join(dir, p)).mtimeMs));
        this.repos.set(repo, {
          commit: hash.digest('hex'),
          date: declared[repo]?.commitDate ?? new Date(newest).toISOString().slice(0, 10),
          files,
        });
      }
    }
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => this.handle(req, res));
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    const address = this.server.address();
    this.url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  }

  async stop(): Promise<void> {
    this.clearFaults();
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const path = decodeURIComponent(url.pathname);
    this.requests.push(path);
    const fault = this.faults.find((f) => f.times > 0 && f.match.test(path));
    if (fault) {
      fault.times--;
      if (this.inject(fault.fault, res)) return;
    }
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      const text = typeof body === 'string' ? body : JSON.stringify(body);
      res.writeHead(status, {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(text),
        ...headers,
      });
      res.end(text);
    };
    let m = /^\/api\/repos\/([^/]+\/[^/]+)\/commits\/([^/]+)$/.exec(path);
    if (m) {
      const repo = this.repos.get(m[1] ?? '');
      if (!repo) {
        send(404, { message: 'Not Found' });
        return;
      }
      const etag = `"${repo.commit}"`;
      if (req.headers['if-none-match'] === etag) {
        res.writeHead(304, { etag });
        res.end();
        return;
      }
      send(200, { sha: repo.commit, commit: { committer: { date: `${repo.date}T12:00:00Z` } } }, { etag });
      return;
    }
    m = /^\/api\/repos\/([^/]+\/[^/]+)\/git\/trees\/([0-9a-f]+)$/.exec(path);
    if (m) {
      const repo = this.repos.get(m[1] ?? '');
      if (!repo || repo.commit !== m[2]) {
        send(404, { message: 'Not Found' });
        return;
      }
      const tree = [...repo.files].map(([p, c]) => ({ path: p, type: 'blob', sha: gitBlobSha(c) }));
      send(200, { sha: repo.commit, tree, truncated: false });
      return;
    }
    m = /^\/api\/repos\/([^/]+\/[^/]+)\/contents\/(.*)$/.exec(path);
    if (m) {
      const repo = this.repos.get(m[1] ?? '');
      const dir = (m[2] ?? '').replace(/\/$/, '');
      if (!repo || url.searchParams.get('ref') !== repo.commit) {
        send(404, { message: 'Not Found' });
        return;
      }
      const entries = new Map<string, { name: string; path: string; type: string; sha: string }>();
      for (const [p, c] of repo.files) {
        if (!p.startsWith(`${dir}/`)) continue;
        const rest = p.slice(dir.length + 1);
        const [first, ...more] = rest.split('/');
        const entryPath = `${dir}/${first}`;
        if (more.length === 0)
          entries.set(entryPath, { name: first ?? '', path: entryPath, type: 'file', sha: gitBlobSha(c) });
        else if (!entries.has(entryPath)) {
          const hash = createHash('sha1');
          for (const [q, d] of repo.files) if (q.startsWith(`${entryPath}/`)) hash.update(q).update(d);
          entries.set(entryPath, {
            name: first ?? '',
            path: entryPath,
            type: 'dir',
            sha: hash.digest('hex'),
          });
        }
      }
      if (entries.size === 0) {
        send(404, { message: 'Not Found' });
        return;
      }
      send(200, [...entries.values()]);
      return;
    }
    m = /^\/raw\/([^/]+\/[^/]+)\/([0-9a-f]+)\/(.+)$/.exec(path);
    if (m) {
      const repo = this.repos.get(m[1] ?? '');
      const content = repo && repo.commit === m[2] ? repo.files.get(m[3] ?? '') : undefined;
      if (!content) {
        res.writeHead(404, { 'content-type': 'text/plain' });
        res.end('404: Not Found');
        return;
      }
      res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8', 'content-length': content.length });
      res.end(content);
      return;
    }
    send(404, { message: 'Not Found' });
  }

  /** Answers with the fault; false when the fault lets the request through. */
  private inject(fault: Fault, res: ServerResponse): boolean {
    switch (fault.kind) {
      case 'status':
        res.writeHead(fault.status, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ message: `fault ${fault.status}` }));
        return true;
      case 'rate-limit': {
        const reset = Math.floor(Date.UTC(2026, 11, 4, 15, 30) / 1000);
        res.writeHead(fault.status, {
          'content-type': 'application/json',
          'x-ratelimit-limit': '60',
          'x-ratelimit-remaining': '0',
          'x-ratelimit-reset': String(reset),
          ...(fault.status === 429 ? { 'retry-after': '60' } : {}),
        });
        res.end(JSON.stringify({ message: 'API rate limit exceeded' }));
        return true;
      }
      case 'hang':
        this.hung.add(res);
        return true;
      case 'truncate':
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100000' });
        res.write('{"sha": "');
        setTimeout(() => res.destroy(), 20);
        return true;
    }
  }
}
