/** A pino logger that keeps its lines in memory, so tests can assert what was logged (and what never was). */
import { Writable } from 'node:stream';
import { pino } from 'pino';
import type { Logger } from '../../bot/logger.js';
import { loggerOptions } from '../../bot/logger.js';

export interface LogLine {
  level: number;
  msg: string;
  [field: string]: unknown;
}

export const LEVEL = { debug: 20, info: 30, warn: 40, error: 50 } as const;

export function captureLogger(level = 'debug'): { logger: Logger; lines: LogLine[]; text: () => string } {
  const lines: LogLine[] = [];
  const raw: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) {
        raw.push(line);
        lines.push(JSON.parse(line) as LogLine);
      }
      done();
    },
  });
  const logger = pino(loggerOptions(level), stream);
  return { logger, lines, text: () => raw.join('\n') };
}
