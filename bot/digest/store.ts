/**
 * The digest's storage port: the data types (zod, the only source of these types) and the async interface the
 * core needs for subscription commands. The implementations live in adapters/storage/ (SQLite, PostgreSQL);
 * the core never imports a database driver.
 *
 * A channel is keyed by platform + workspace + channel: the Slack team id or the Discord guild id ('' for a
 * Discord DM or a row from before workspaces were recorded).
 */
import { z } from 'zod';
import { Lang } from '../messages.js';

export const Platform = z.enum(['slack', 'discord']);
export type Platform = z.infer<typeof Platform>;

export const ChannelKey = z.strictObject({
  platform: Platform,
  /** Slack team id, Discord guild id, or '' when there is none. */
  workspaceId: z.string(),
  channelId: z.string().min(1),
});
export type ChannelKey = z.infer<typeof ChannelKey>;

export const Subscription = z.strictObject({
  ...ChannelKey.shape,
  channelName: z.string().nullable(),
  /** ISO weekday: 1 = Monday … 7 = Sunday. */
  weekday: z.number().int().min(1).max(7),
  /** HH:MM, 24-hour, in timeZone. */
  time: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/),
  timeZone: z.string().min(1),
  lang: Lang,
  createdBy: z.string().min(1),
  createdByName: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Subscription = z.infer<typeof Subscription>;

export const SubscriptionInput = Subscription.omit({ createdAt: true, updatedAt: true });
export type SubscriptionInput = z.infer<typeof SubscriptionInput>;

/**
 * pending  – due, nobody holds it.
 * claimed  – one replica holds it (until leaseUntil); nothing was sent for this claim yet.
 * posting  – a platform call is in flight (until leaseUntil); if the replica dies now the outcome is unknown.
 * posted   – the platform has the message (seen in its answer, or found by the check after an unknown outcome).
 * failed   – refused; retried at nextAttemptAt, or never again when nextAttemptAt is null.
 * gone     – the channel no longer exists or removed the bot; the subscription was deleted.
 * unknown  – the outcome could not be known (no check possible); never re-sent, alerted instead.
 */
export const DeliveryStatus = z.enum([
  'pending',
  'claimed',
  'posting',
  'posted',
  'failed',
  'gone',
  'unknown',
]);
export type DeliveryStatus = z.infer<typeof DeliveryStatus>;

export const DeliveryKey = z.strictObject({ ...ChannelKey.shape, week: z.string().regex(/^\d{4}-W\d{2}$/) });
export type DeliveryKey = z.infer<typeof DeliveryKey>;

export const Delivery = z.strictObject({
  ...DeliveryKey.shape,
  status: DeliveryStatus,
  claimedBy: z.string().nullable(),
  leaseUntil: z.string().nullable(),
  attempts: z.number().int().min(0),
  firstAttemptAt: z.string().nullable(),
  lastAttemptAt: z.string().nullable(),
  /** Set when an attempt's outcome was not known: the next holder checks the platform before sending. */
  unknownSince: z.string().nullable(),
  nextAttemptAt: z.string().nullable(),
  lastError: z.string().nullable(),
  postedAt: z.string().nullable(),
  messageId: z.string().nullable(),
});
export type Delivery = z.infer<typeof Delivery>;

/** What the digest commands need from storage. Every call may be slow or fail; callers bound it with a timeout. */
export interface SubscriptionStore {
  getSubscription(key: ChannelKey): Promise<Subscription | undefined>;
  upsertSubscription(input: SubscriptionInput, now: Date): Promise<Subscription>;
  deleteSubscription(key: ChannelKey): Promise<boolean>;
  lastDelivery(key: ChannelKey): Promise<Delivery | undefined>;
}
