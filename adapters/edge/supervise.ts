/**
 * Start-up that waits for nobody: a platform's start (Slack's auth.test, the Socket Mode connection) is tried
 * at once and then again in the background with a growing delay (1 s, 2 s, 4 s … at most 30 s, jittered) until
 * it succeeds. Meanwhile the process serves everything else and readiness says which part is not up yet, instead
 * of the process exiting and taking the other platform down with it.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '../../bot/logger.js';
import type { ReadinessCheck } from '../observe/readiness.js';

export interface SupervisorOptions {
  name: string;
  start: () => Promise<void>;
  logger: Logger;
  firstDelayMs?: number;
  maxDelayMs?: number;
}

export type SupervisorState = 'starting' | 'retrying' | 'up' | 'stopped';

export class StartSupervisor {
  state: SupervisorState = 'starting';
  attempts = 0;
  lastError: string | undefined;
  private readonly abort = new AbortController();
  private running: Promise<void> | undefined;

  constructor(private readonly options: SupervisorOptions) {}

  /** Starts trying; resolves after the first attempt (whatever its outcome), and never rejects. */
  async run(): Promise<void> {
    let first!: () => void;
    const firstDone = new Promise<void>((resolve) => {
      first = resolve;
    });
    this.running ??= this.loop(first);
    await firstDone;
  }

  /** Resolves once up (or stopped). */
  async untilSettled(): Promise<void> {
    await this.running;
  }

  stop(): void {
    if (this.state !== 'up') this.state = 'stopped';
    this.abort.abort();
  }

  check(): ReadinessCheck {
    if (this.state === 'up') return { ok: true };
    return {
      ok: false,
      detail:
        this.state === 'starting'
          ? 'starting'
          : `${this.state}${this.lastError ? `: ${this.lastError}` : ''} (attempt ${this.attempts})`,
    };
  }

  private async loop(first: () => void): Promise<void> {
    const { name, logger, firstDelayMs = 1_000, maxDelayMs = 30_000 } = this.options;
    let delay = firstDelayMs;
    for (;;) {
      if (this.abort.signal.aborted) break;
      this.attempts++;
      try {
        await this.options.start();
        if (this.abort.signal.aborted) break;
        this.state = 'up';
        this.lastError = undefined;
        if (this.attempts > 1) logger.info({ adapter: name, attempts: this.attempts }, 'adapter started');
        first();
        return;
      } catch (err) {
        this.lastError = (err as Error)?.message ?? String(err);
        this.state = 'retrying';
        logger.warn(
          { adapter: name, err, attempt: this.attempts, retryInMs: delay },
          'adapter could not start; retrying in the background (not ready meanwhile)',
        );
      }
      first();
      const jittered = delay * (0.8 + Math.random() * 0.4);
      try {
        await sleep(jittered, undefined, { signal: this.abort.signal, ref: false });
      } catch {
        break;
      }
      delay = Math.min(maxDelayMs, delay * 2);
    }
    this.state = 'stopped';
    first();
  }
}
