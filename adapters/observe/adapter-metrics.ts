/**
 * What the chat adapters count: each question (platform, intent, outcome), how long the answer took, and how
 * long the platform waited for its acknowledgement. The answering core knows nothing of this: adapters time
 * their calls into it. The labels come from the Answer, so their values are a small fixed set.
 */
import { z } from 'zod';
import type { Answer, AnswerKind } from '../../bot/answer.js';
import type { ErrorCode } from '../../bot/errors.js';

export const MetricPlatform = z.enum(['slack', 'discord']);
export type MetricPlatform = z.infer<typeof MetricPlatform>;

export const QuestionIntent = z.enum([
  'feature',
  'release',
  'compare',
  'api',
  'search',
  'help',
  'digest',
  'check',
  'cluster',
  'unknown',
]);
export type QuestionIntent = z.infer<typeof QuestionIntent>;

export const QuestionOutcome = z.enum([
  'answered',
  'not_found',
  'input_too_long',
  'feature_not_found',
  'unknown_release',
  'unknown_api',
  'bad_compare',
  'internal',
  'store_unavailable',
  'check_too_large',
  'check_too_many_objects',
  'check_versions',
  'cluster_not_configured',
  'unknown_cluster',
]);
export type QuestionOutcome = z.infer<typeof QuestionOutcome>;

export interface AdapterMetrics {
  /** One question answered on a platform, and how long the core took (seconds). */
  question(platform: MetricPlatform, answer: Answer, seconds: number): void;
  /** How long the platform waited for its acknowledgement (seconds). */
  ack(platform: MetricPlatform, seconds: number): void;
}

export const NO_ADAPTER_METRICS: AdapterMetrics = {
  question: () => {},
  ack: () => {},
};

/** An error code says which intent failed, where one is known. */
const ERROR_INTENT: Record<ErrorCode, QuestionIntent> = {
  INPUT_TOO_LONG: 'unknown',
  FEATURE_NOT_FOUND: 'feature',
  UNKNOWN_RELEASE: 'release',
  UNKNOWN_API: 'api',
  BAD_COMPARE: 'compare',
  INTERNAL: 'unknown',
  STORE_UNAVAILABLE: 'digest',
  CHECK_TOO_LARGE: 'check',
  CHECK_TOO_MANY_OBJECTS: 'check',
  CHECK_VERSIONS: 'check',
  CLUSTER_NOT_CONFIGURED: 'cluster',
  UNKNOWN_CLUSTER: 'cluster',
};

const KIND_INTENT: Record<Exclude<AnswerKind, 'error'>, QuestionIntent> = {
  feature: 'feature',
  release: 'release',
  compare: 'compare',
  api: 'api',
  search: 'search',
  help: 'help',
  digest: 'digest',
  check: 'check',
  cluster: 'cluster',
  not_found: 'unknown',
};

export function questionLabels(answer: Answer): { intent: QuestionIntent; outcome: QuestionOutcome } {
  if (answer.kind === 'error') {
    const code = answer.error?.code ?? 'INTERNAL';
    return { intent: ERROR_INTENT[code], outcome: QuestionOutcome.parse(code.toLowerCase()) };
  }
  return {
    intent: KIND_INTENT[answer.kind],
    outcome: answer.kind === 'not_found' ? 'not_found' : 'answered',
  };
}

/** Seconds since a performance.now() mark. */
export function secondsSince(start: number): number {
  return (performance.now() - start) / 1000;
}
