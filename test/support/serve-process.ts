/** `k8sbot serve` in a child process, as Kubernetes runs it: its port, probes, metrics, memory and exit. */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { projectRoot } from '../../knowledge/paths.js';

export interface ServeProcess {
  child: ChildProcess;
  port: number;
  base: string;
  stderr: () => string;
  exited: Promise<number | null>;
  /** Polls /readyz until it answers `status` (200 or 503); returns its body. */
  readyz(status: 200 | 503, timeoutMs?: number): Promise<ReadyzBody>;
  metrics(): Promise<string>;
  /** Waits until the log contains `text` (log lines are written asynchronously). */
  logged(text: string, timeoutMs?: number): Promise<void>;
  /** Resident memory (VmRSS) and its peak (VmHWM), in MiB. */
  memory(): { rss: number; peak: number };
  kill(): void;
}

export interface ReadyzBody {
  ready: boolean;
  checks: Record<string, { ok: boolean; detail?: string }>;
}

export async function startServe(
  env: Record<string, string>,
  options: { command?: string[]; cwd?: string; timeoutMs?: number } = {},
): Promise<ServeProcess> {
  const child = spawn(process.execPath, options.command ?? ['--import', 'tsx', 'bot/cli.ts', 'serve'], {
    cwd: options.cwd ?? projectRoot,
    env: { PATH: process.env.PATH ?? '', PORT: '0', K8SBOT_SYNC_INTERVAL: 'off', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let port = 0;
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  while (!port) {
    const m = /"port":(\d+)[^\n]*http server listening/.exec(stderr);
    if (m?.[1]) port = Number(m[1]);
    else if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`serve did not start (exit ${child.exitCode}):\n${stderr}`);
    } else await new Promise((r) => setTimeout(r, 25));
  }
  const base = `http://127.0.0.1:${port}`;
  return {
    child,
    port,
    base,
    stderr: () => stderr,
    exited,
    async readyz(status, timeoutMs = 20_000) {
      const until = Date.now() + timeoutMs;
      let last: ReadyzBody | undefined;
      for (;;) {
        const res = await fetch(`${base}/readyz`);
        last = (await res.json()) as ReadyzBody;
        if (res.status === status) return last;
        if (Date.now() > until)
          throw new Error(`/readyz did not answer ${status} in time: ${JSON.stringify(last)}\n${stderr}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    async logged(text, timeoutMs = 5_000) {
      const until = Date.now() + timeoutMs;
      while (!stderr.includes(text)) {
        if (Date.now() > until) throw new Error(`the log never said ${text}:\n${stderr}`);
        await new Promise((r) => setTimeout(r, 25));
      }
    },
    async metrics() {
      return (await fetch(`${base}/metrics`)).text();
    },
    memory() {
      const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
      const kib = (key: string) => Number(new RegExp(`${key}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
      return { rss: kib('VmRSS') / 1024, peak: kib('VmHWM') / 1024 };
    },
    kill() {
      if (child.exitCode === null) child.kill('SIGKILL');
    },
  };
}

/** The value of one sample line of a Prometheus text exposition, or undefined. */
export function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    if (!line.startsWith(name)) continue;
    const m = /^([a-zA-Z0-9_:]+)(\{([^}]*)\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const got = Object.fromEntries(
      [...(m[3] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((x) => [x[1] as string, x[2] as string]),
    );
    if (Object.entries(labels).every(([k, v]) => got[k] === v)) return Number(m[4]);
  }
  return undefined;
}
