/**
 * Whether the store takes writes, for /readyz: a cheap write (the replica's probe row) every few seconds in the
 * background, bounded by a timeout. The probe reads the last result, so Kubernetes' probe never waits on the
 * database; a result older than three intervals counts as failing (a ping that hangs).
 */
import type { Logger } from '../../bot/logger.js';
import type { ReadinessCheck } from './readiness.js';

export interface StoreProbeOptions {
  ping: () => Promise<void>;
  logger: Logger;
  intervalMs?: number;
  timeoutMs?: number;
}

export class StoreProbe {
  private timer: NodeJS.Timeout | undefined;
  private last: { ok: boolean; at: number; detail?: string } | undefined;
  private inFlight: Promise<void> | undefined;
  private readonly intervalMs: number;
  private readonly timeoutMs: number;

  constructor(private readonly options: StoreProbeOptions) {
    this.intervalMs = options.intervalMs ?? 5_000;
    this.timeoutMs = options.timeoutMs ?? 2_000;
  }

  /** Pings now, then every interval. Resolves after the first ping. */
  start(): Promise<void> {
    this.timer ??= setInterval(() => void this.pingNow(), this.intervalMs);
    this.timer.unref();
    return this.pingNow();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** One ping (joins the one running). */
  pingNow(): Promise<void> {
    this.inFlight ??= this.ping().finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  check(): ReadinessCheck {
    if (!this.last) return { ok: false, detail: 'not checked yet' };
    if (Date.now() - this.last.at > this.intervalMs * 3 + this.timeoutMs)
      return { ok: false, detail: 'no answer from the store' };
    return this.last.ok ? { ok: true } : { ok: false, detail: this.last.detail ?? 'store write failed' };
  }

  private async ping(): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer in ${this.timeoutMs} ms`)), this.timeoutMs);
    });
    const attempt = this.options.ping();
    attempt.catch(() => {});
    const wasOk = this.last?.ok;
    try {
      await Promise.race([attempt, timeout]);
      this.last = { ok: true, at: Date.now() };
      if (wasOk === false) this.options.logger.info('the store takes writes again; ready');
    } catch (err) {
      const detail = (err as Error)?.message ?? String(err);
      this.last = { ok: false, at: Date.now(), detail };
      if (wasOk !== false)
        this.options.logger.warn({ err }, 'the store does not take writes; not ready until it does');
    } finally {
      clearTimeout(timer);
    }
  }
}
