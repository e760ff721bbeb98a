import { z } from 'zod';

/** Every way a question can fail; adapters and the CLI show the message for the code, never a stack trace. */
export const ErrorCode = z.enum([
  'INPUT_TOO_LONG',
  'FEATURE_NOT_FOUND',
  'UNKNOWN_RELEASE',
  'UNKNOWN_API',
  'BAD_COMPARE',
  'INTERNAL',
  'STORE_UNAVAILABLE',
  'CHECK_TOO_LARGE',
  'CHECK_TOO_MANY_OBJECTS',
  'CHECK_VERSIONS',
  'CLUSTER_NOT_CONFIGURED',
  'UNKNOWN_CLUSTER',
]);
export type ErrorCode = z.infer<typeof ErrorCode>;

export class BotError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly detail: Record<string, string> = {},
  ) {
    super(code);
    this.name = 'BotError';
  }
}

/** Longest question the bot reads; longer input gets an INPUT_TOO_LONG answer. */
export const MAX_INPUT_CHARS = 500;
