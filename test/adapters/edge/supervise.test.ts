import { describe, expect, it } from 'vitest';
import { StartSupervisor } from '../../../adapters/edge/supervise.js';
import { captureLogger } from '../../support/logs.js';

describe('start-up retried in the background', () => {
  it('retries with growing delays until the start succeeds, saying why it is not up meanwhile', async () => {
    const log = captureLogger();
    const at: number[] = [];
    let failures = 3;
    const supervisor = new StartSupervisor({
      name: 'slack',
      logger: log.logger,
      firstDelayMs: 40,
      start: async () => {
        at.push(Date.now());
        if (failures-- > 0) throw new Error('auth.test: 503');
      },
    });
    expect(supervisor.check()).toEqual({ ok: false, detail: 'starting' });
    await supervisor.run();
    expect(supervisor.check()).toEqual({ ok: false, detail: 'retrying: auth.test: 503 (attempt 1)' });
    await supervisor.untilSettled();
    expect(supervisor.check()).toEqual({ ok: true });
    expect(at).toHaveLength(4);
    const gaps = at.slice(1).map((t, i) => t - (at[i] as number));
    expect(gaps[2]).toBeGreaterThan(gaps[0] as number);
    expect(log.lines.map((l) => l.msg)).toEqual([
      ...Array(3).fill('adapter could not start; retrying in the background (not ready meanwhile)'),
      'adapter started',
    ]);
  });

  it('stops retrying when stopped', async () => {
    let attempts = 0;
    const supervisor = new StartSupervisor({
      name: 'slack',
      logger: captureLogger().logger,
      firstDelayMs: 10_000,
      start: async () => {
        attempts++;
        throw new Error('down');
      },
    });
    await supervisor.run();
    supervisor.stop();
    await supervisor.untilSettled();
    expect(attempts).toBe(1);
    expect(supervisor.state).toBe('stopped');
  });
});
