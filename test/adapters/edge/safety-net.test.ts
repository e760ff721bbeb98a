import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../../knowledge/paths.js';

describe('the process-level safety net', () => {
  it('logs an unhandled rejection and an uncaught exception, counts them, and keeps the process running', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'test/fixtures/safety-net.ts'], {
      cwd: projectRoot,
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ unhandled_rejection: 1, uncaught_exception: 1 });
    const lines = r.stderr
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { msg: string; err?: { type: string; message: string } });
    expect(lines.map((l) => l.msg)).toEqual([
      'unhandled promise rejection; still serving',
      'uncaught exception; still serving',
    ]);
    expect(lines[0]?.err).toEqual({ type: 'Error', message: 'rejected while holding [redacted]' });
    expect(lines[1]?.err).toEqual({
      type: 'TypeError',
      message: "Cannot read properties of null (reading 'type')",
    });
    expect(r.stderr).not.toMatch(/xoxb-1111|\bat .+:\d+:\d+/);
  });
});
