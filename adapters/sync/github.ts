/**
 * A small GitHub client for the sync: the commit a branch points at (conditional, so an unchanged repository
 * costs one request that does not count against the rate limit), a recursive tree, a directory listing, and raw
 * files. Every request has a timeout; network errors, timeouts and 5xx answers are retried with backoff; a rate
 * limit or another 4xx fails at once with a message that says what to do.
 */
import pLimit from 'p-limit';

export interface GitHubOptions {
  /** https://api.github.com, or a fake in tests / an Enterprise server. */
  apiUrl?: string;
  /** https://raw.githubusercontent.com */
  rawUrl?: string;
  /** GITHUB_TOKEN: 5,000 requests an hour instead of 60. Sent only to apiUrl and rawUrl. */
  token?: string | undefined;
  timeoutMs?: number;
  /** Attempts after the first for retryable failures. */
  retries?: number;
  /** Requests in flight at once. */
  concurrency?: number;
  /** Base delay of the exponential backoff between retries. */
  backoffMs?: number;
}

/** Why a sync could not fetch: `status` when GitHub answered, with the reason in words. */
export class FetchError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'FetchError';
  }
}

export interface CommitInfo {
  sha: string;
  date: string;
  etag: string | null;
}

export interface TreeEntry {
  path: string;
  type: 'blob' | 'tree' | 'commit';
  sha: string;
}

export interface ContentEntry {
  name: string;
  path: string;
  type: 'file' | 'dir' | 'symlink' | 'submodule';
  sha: string;
}

/** How many requests went where (the tests count them; a no-change sync is one request per repository). */
export interface RequestCounts {
  api: number;
  raw: number;
  notModified: number;
}

const RETRYABLE = new Set([500, 502, 503, 504]);

export class GitHubClient {
  readonly apiUrl: string;
  readonly rawUrl: string;
  readonly counts: RequestCounts = { api: 0, raw: 0, notModified: 0 };
  private readonly limit: ReturnType<typeof pLimit>;

  constructor(private readonly options: GitHubOptions = {}) {
    this.apiUrl = (options.apiUrl ?? 'https://api.github.com').replace(/\/+$/, '');
    this.rawUrl = (options.rawUrl ?? 'https://raw.githubusercontent.com').replace(/\/+$/, '');
    this.limit = pLimit(options.concurrency ?? 8);
  }

  /** The commit `ref` points at, or null when it is still `etag` (304 Not Modified). */
  async commit(repo: string, ref: string, etag: string | null): Promise<CommitInfo | null> {
    const res = await this.request(`${this.apiUrl}/repos/${repo}/commits/${encodeURIComponent(ref)}`, {
      accept: 'application/vnd.github+json',
      ...(etag ? { 'if-none-match': etag } : {}),
    });
    if (res.status === 304) {
      this.counts.notModified++;
      return null;
    }
    const body = (await this.json(res, `${repo}@${ref}`)) as {
      sha?: unknown;
      commit?: { committer?: { date?: unknown } };
    };
    const sha = typeof body.sha === 'string' ? body.sha : undefined;
    const date =
      typeof body.commit?.committer?.date === 'string' ? body.commit.committer.date.slice(0, 10) : undefined;
    if (!sha || !date)
      throw new FetchError(`GitHub's answer for the commit of ${repo}@${ref} has no sha or date`);
    return { sha, date, etag: res.headers.get('etag') };
  }

  /** Every blob of the repository at `sha` (one request). */
  async tree(repo: string, sha: string): Promise<TreeEntry[]> {
    const res = await this.request(`${this.apiUrl}/repos/${repo}/git/trees/${sha}?recursive=1`, {
      accept: 'application/vnd.github+json',
    });
    const body = (await this.json(res, `the tree of ${repo}@${sha.slice(0, 7)}`)) as {
      tree?: TreeEntry[];
      truncated?: boolean;
    };
    if (body.truncated) throw new FetchError(`the tree of ${repo} is too large for one request (truncated)`);
    return body.tree ?? [];
  }

  /** The entries of one directory (files and folders with their blob or tree sha). */
  async contents(repo: string, path: string, ref: string): Promise<ContentEntry[]> {
    const res = await this.request(
      `${this.apiUrl}/repos/${repo}/contents/${path.split('/').map(encodeURIComponent).join('/')}?ref=${ref}`,
      { accept: 'application/vnd.github+json' },
    );
    const body = await this.json(res, `${repo}/${path}`);
    if (!Array.isArray(body)) throw new FetchError(`${repo}/${path} is not a directory`);
    return body as ContentEntry[];
  }

  /** A file's text at a commit; undefined when it does not exist (404). */
  async raw(repo: string, ref: string, path: string): Promise<string | undefined> {
    const url = `${this.rawUrl}/${repo}/${ref}/${path.split('/').map(encodeURIComponent).join('/')}`;
    const res = await this.request(url, {}, true);
    if (res.status === 404) {
      await res.body?.cancel();
      return undefined;
    }
    return this.text(res, `${repo}/${path}`);
  }

  private async json(res: Response, what: string): Promise<unknown> {
    const body = await this.text(res, what);
    try {
      return JSON.parse(body);
    } catch {
      throw new FetchError(`GitHub's answer for ${what} is not valid JSON (truncated?)`);
    }
  }

  private async text(res: Response, what: string): Promise<string> {
    try {
      return await res.text();
    } catch (err) {
      throw new FetchError(`the download of ${what} was cut off (${(err as Error).message})`);
    }
  }

  /** One request with timeout and retries; answers 2xx and 304 (and 404 for raw files); throws otherwise. */
  private request(url: string, headers: Record<string, string>, raw = false): Promise<Response> {
    return this.limit(async () => {
      const attempts = 1 + (this.options.retries ?? 2);
      let last: Error | undefined;
      for (let attempt = 0; attempt < attempts; attempt++) {
        if (attempt > 0) await sleep((this.options.backoffMs ?? 500) * 2 ** (attempt - 1));
        if (raw) this.counts.raw++;
        else this.counts.api++;
        let res: Response;
        try {
          res = await fetch(url, {
            headers: {
              'user-agent': 'k8s-feature-bot-sync',
              ...(this.options.token ? { authorization: `Bearer ${this.options.token}` } : {}),
              ...headers,
            },
            redirect: 'follow',
            signal: AbortSignal.timeout(this.options.timeoutMs ?? 20_000),
          });
        } catch (err) {
          last = describeNetworkError(err, url, this.options.timeoutMs ?? 20_000);
          continue;
        }
        if (res.ok || res.status === 304 || (raw && res.status === 404)) return res;
        await res.body?.cancel();
        const limited = rateLimit(res);
        if (limited) throw limited;
        if (RETRYABLE.has(res.status)) {
          last = new FetchError(`GitHub answered ${res.status} for ${shortUrl(url)}`, res.status);
          continue;
        }
        throw new FetchError(
          `GitHub answered ${res.status} for ${shortUrl(url)}${res.status === 404 ? ' (not found: check the repository and path)' : ''}`,
          res.status,
        );
      }
      throw last ?? new FetchError(`could not fetch ${shortUrl(url)}`);
    });
  }
}

/** 403/429 with the rate-limit headers: say when it resets and what lifts it. */
function rateLimit(res: Response): FetchError | undefined {
  if (res.status !== 403 && res.status !== 429) return undefined;
  const remaining = res.headers.get('x-ratelimit-remaining');
  const reset = Number(res.headers.get('x-ratelimit-reset'));
  const retryAfter = Number(res.headers.get('retry-after'));
  if (remaining !== '0' && !retryAfter && res.status !== 429) return undefined;
  const when =
    Number.isFinite(reset) && reset > 0
      ? `it resets at ${new Date(reset * 1000).toISOString().slice(11, 16)} UTC`
      : retryAfter > 0
        ? `retry after ${retryAfter} s`
        : 'try again later';
  return new FetchError(
    `GitHub's rate limit was reached (${res.status}); ${when}. Set GITHUB_TOKEN for 5,000 requests an hour.`,
    res.status,
  );
}

function describeNetworkError(err: unknown, url: string, timeoutMs: number): FetchError {
  const e = err as Error & { cause?: { code?: string; message?: string } };
  if (e.name === 'TimeoutError' || e.name === 'AbortError')
    return new FetchError(`no answer from ${shortUrl(url)} within ${Math.round(timeoutMs / 1000)} s`);
  return new FetchError(`cannot reach ${shortUrl(url)}: ${e.cause?.code ?? e.cause?.message ?? e.message}`);
}

/** The URL without its query, for messages. */
function shortUrl(url: string): string {
  return url.split('?')[0] ?? url;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
