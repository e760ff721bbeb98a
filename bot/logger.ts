import { pino } from 'pino';

/**
 * Structured logs on stderr (stdout carries answers in CLI mode). Fields that could hold credentials are
 * redacted wherever they appear, so a secret never reaches a log line.
 */
export const REDACT_PATHS = [
  '*.token',
  '*.botToken',
  '*.appToken',
  '*.signingSecret',
  '*.publicKey',
  '*.authorization',
  '*.headers.authorization',
  '*.headers["x-slack-signature"]',
  '*.headers["x-signature-ed25519"]',
  'token',
  'secret',
];

export type Logger = pino.Logger;

export function createLogger(level = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino(
    { name: 'k8s-feature-bot', level, redact: { paths: REDACT_PATHS, censor: '[redacted]' } },
    pino.destination(2),
  );
}

/** A logger that drops everything (tests, one-shot CLI answers). */
export const silentLogger: Logger = pino({ level: 'silent' });
