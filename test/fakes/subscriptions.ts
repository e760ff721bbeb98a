/** Digest subscriptions for tests: Monday 09:00 UTC in Slack channel C1 of workspace T1, in English, unless overridden. */
import type { Subscription, SubscriptionInput } from '../../bot/digest/store.js';

export function subscriptionInput(over: Partial<SubscriptionInput> = {}): SubscriptionInput {
  return {
    platform: 'slack',
    workspaceId: 'T1',
    channelId: 'C1',
    channelName: null,
    weekday: 1,
    time: '09:00',
    timeZone: 'UTC',
    lang: 'en',
    createdBy: 'U1',
    createdByName: null,
    ...over,
  };
}

export function subscription(over: Partial<Subscription> = {}): Subscription {
  return {
    ...subscriptionInput(over),
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    ...over,
  };
}
