import { pino } from 'pino';

/**
 * Structured logs on stderr (stdout carries answers in CLI mode). Nothing secret and nothing from a request's
 * headers reaches a log line, at any depth:
 *  - `scrub` (pino's log formatter) walks every logged object: values under keys that name credentials are
 *    replaced, request/response objects and header maps are omitted, token-shaped strings are masked, and errors
 *    become { type, message, code } — no stack traces (a stack names files, not causes, and can carry data);
 *  - REDACT_PATHS (pino's redact) stays as a second line for the well-known places.
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

export const REDACTED = '[redacted]';
export const OMITTED = '[omitted]';

/** Keys whose values are credentials (compared case-insensitively, without - and _). */
const SECRET_KEY =
  /token|secret|password|passwd|authorization|cookie|signature|privatekey|apikey|databaseurl|credential/;
/** Keys that hold a request, a response or its headers: never logged. */
const OMITTED_KEYS = new Set([
  'headers',
  'rawheaders',
  'req',
  'request',
  'res',
  'response',
  'socket',
  'config',
]);
/** Token-shaped strings (Slack tokens, bearer credentials, a URL's password) and what replaces them. */
const SECRET_TEXT: Array<[RegExp, string]> = [
  [/\bx(?:ox[abposr]|app)-[\w-]+/g, REDACTED],
  [/\b(Bearer|Bot|Basic)\s+[\w.~+/=-]{8,}/g, `$1 ${REDACTED}`],
  [/(\w+:\/\/[^:/\s@]+:)[^@\s/]+@/g, `$1${REDACTED}@`],
];
const MAX_DEPTH = 8;

function maskText(text: string): string {
  let out = text;
  for (const [pattern, replacement] of SECRET_TEXT) out = out.replace(pattern, replacement);
  return out;
}

function errorFields(err: Error, seen: WeakSet<object>, depth: number): Record<string, unknown> {
  const out: Record<string, unknown> = { type: err.name, message: maskText(err.message) };
  const extra = err as unknown as Record<string, unknown>;
  for (const key of ['code', 'statusCode', 'status']) {
    const v = extra[key];
    if (typeof v === 'string' || typeof v === 'number') out[key] = v;
  }
  if (err.cause !== undefined) out.cause = scrubValue(err.cause, seen, depth + 1);
  return out;
}

function scrubValue(value: unknown, seen: WeakSet<object>, depth: number): unknown {
  if (typeof value === 'string') return maskText(value);
  if (value === null || typeof value !== 'object') return value;
  if (seen.has(value)) return '[circular]';
  if (depth >= MAX_DEPTH) return '[deep]';
  seen.add(value);
  if (value instanceof Error) return errorFields(value, seen, depth);
  if (Array.isArray(value)) return value.map((v) => scrubValue(v, seen, depth + 1));
  if (value instanceof Date) return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    const k = key.toLowerCase().replace(/[-_]/g, '');
    if (k === 'stack') continue;
    if (OMITTED_KEYS.has(k)) out[key] = OMITTED;
    else if (SECRET_KEY.test(k)) out[key] = REDACTED;
    else out[key] = scrubValue(v, seen, depth + 1);
  }
  return out;
}

/** A copy of a log object that is safe to write (see the module comment). */
export function scrub(object: Record<string, unknown>): Record<string, unknown> {
  return scrubValue(object, new WeakSet(), 0) as Record<string, unknown>;
}

/** The options every logger of the bot uses (tests build theirs from the same). */
export function loggerOptions(level: string): pino.LoggerOptions {
  return {
    name: 'k8s-feature-bot',
    level,
    redact: { paths: REDACT_PATHS, censor: REDACTED },
    formatters: { log: scrub, bindings: scrub },
    // `scrub` has already made errors safe; pino's own serializer would bring the stack back.
    serializers: { err: (err: unknown) => err },
    hooks: {
      // A message string can carry a token too (Bolt's log lines are strings), and so can an error logged alone.
      logMethod(args, method) {
        const [first, ...rest] = args as unknown[];
        const safe =
          first instanceof Error && rest.length === 0
            ? [{ err: first }, maskText(first.message)]
            : (args as unknown[]).map((a) => (typeof a === 'string' ? maskText(a) : a));
        method.apply(this, safe as Parameters<typeof method>);
      },
    },
  };
}

export type Logger = pino.Logger;

export function createLogger(level = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino(loggerOptions(level), pino.destination(2));
}

/** A logger that drops everything (tests, one-shot CLI answers). */
export const silentLogger: Logger = pino({ level: 'silent' });
