/**
 * The request bodies the bot accepts from Slack, as zod schemas: only the shapes it handles, each with the
 * fields its handlers (and Bolt's routing) read. Anything else — `null`, an array, a command whose text is not
 * a string, an event without a type — is refused with 400 before Bolt sees it, so no input can reach code that
 * would throw on it. Unknown extra fields are kept (Slack adds fields over time).
 */
import { z } from 'zod';

const Id = z.string().min(1).max(255);

export const SlashCommandBody = z.looseObject({
  command: z.string().min(1).max(64),
  text: z.string().optional(),
  team_id: Id,
  channel_id: Id,
  user_id: Id,
  channel_name: z.string().optional(),
  user_name: z.string().optional(),
  response_url: z.string().optional(),
  trigger_id: z.string().optional(),
  enterprise_id: z.string().optional(),
  is_enterprise_install: z.string().optional(),
});

export const BlockActionsBody = z.looseObject({
  type: z.literal('block_actions'),
  user: z.looseObject({ id: Id, username: z.string().optional(), name: z.string().optional() }),
  team: z.looseObject({ id: Id }).nullable().optional(),
  enterprise: z.looseObject({ id: Id }).nullable().optional(),
  is_enterprise_install: z.boolean().optional(),
  channel: z.looseObject({ id: Id }).optional(),
  container: z.looseObject({}).optional(),
  response_url: z.string().optional(),
  actions: z
    .array(
      z.looseObject({
        type: z.string(),
        action_id: z.string(),
        block_id: z.string().optional(),
        value: z.string().optional(),
      }),
    )
    .min(1)
    .max(25),
});

export const EventCallbackBody = z.looseObject({
  type: z.literal('event_callback'),
  event_id: Id,
  team_id: z.string().optional(),
  enterprise_id: z.string().nullable().optional(),
  authorizations: z.array(z.looseObject({ is_enterprise_install: z.boolean().optional() })).optional(),
  event: z.looseObject({
    type: z.string().min(1),
    channel: z.union([z.string(), z.looseObject({ id: z.string() })]).optional(),
    channel_id: z.string().optional(),
    item: z.looseObject({}).optional(),
    text: z.string().optional(),
    ts: z.string().optional(),
    thread_ts: z.string().optional(),
    event_ts: z.string().optional(),
    channel_type: z.string().optional(),
  }),
});

export const UrlVerificationBody = z.looseObject({
  type: z.literal('url_verification'),
  challenge: z.string().max(1000),
});

/** Slack says it is rate limiting the app's events; nothing to do but acknowledge. */
export const RateLimitedBody = z.looseObject({ type: z.literal('app_rate_limited') });

export const SlackBody = z.union([
  SlashCommandBody,
  BlockActionsBody,
  EventCallbackBody,
  UrlVerificationBody,
  RateLimitedBody,
]);
export type SlackBody = z.infer<typeof SlackBody>;
