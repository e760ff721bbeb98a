/** The storage port's own data types (zod; the digest types are in bot/digest/store.ts). */
import { z } from 'zod';
import { DeliveryKey } from '../../bot/digest/store.js';
import { ThreadKey } from '../../bot/followup/threads.js';

/** A thread's value is small JSON; larger values are refused (StoreError VALUE_TOO_LARGE). */
export const MAX_THREAD_CONTEXT_BYTES = 8 * 1024;

/** The key is the core's (follow-ups in threads read and write through this store). */
export { ThreadKey };

export const ThreadContext = z.strictObject({
  ...ThreadKey.shape,
  value: z.json(),
  expiresAt: z.string(),
  updatedAt: z.string(),
});
export type ThreadContext = z.infer<typeof ThreadContext>;

export const Lease = z.strictObject({
  name: z.string().min(1),
  owner: z.string().min(1),
  expiresAt: z.string(),
  acquiredAt: z.string(),
  renewedAt: z.string(),
});
export type Lease = z.infer<typeof Lease>;

/** How one holder of a delivery ends its claim. */
export const DeliveryOutcome = z.discriminatedUnion('status', [
  z.strictObject({ status: z.literal('posted'), messageId: z.string().nullable() }),
  /** retryAt null: never again (a permanent refusal or too many attempts). */
  z.strictObject({ status: z.literal('failed'), error: z.string(), retryAt: z.string().nullable() }),
  z.strictObject({ status: z.literal('gone'), error: z.string() }),
  z.strictObject({ status: z.literal('unknown'), error: z.string() }),
  /** Give the claim back untouched (shutting down before sending). */
  z.strictObject({ status: z.literal('pending') }),
]);
export type DeliveryOutcome = z.infer<typeof DeliveryOutcome>;

/** The slice of a delivery row that decides whether it may be claimed now. */
export const DeliveryState = z.strictObject({
  ...DeliveryKey.shape,
  status: z.string(),
  leaseUntil: z.string().nullable(),
  nextAttemptAt: z.string().nullable(),
});
export type DeliveryState = z.infer<typeof DeliveryState>;

/** Bolt's installation, kept as JSON, found by team or enterprise. */
export const SlackInstallationKey = z.strictObject({
  teamId: z.string().nullable(),
  enterpriseId: z.string().nullable(),
  isEnterpriseInstall: z.boolean(),
});
export type SlackInstallationKey = z.infer<typeof SlackInstallationKey>;

export const StoreDialect = z.enum(['sqlite', 'postgres']);
export type StoreDialect = z.infer<typeof StoreDialect>;
