/**
 * The tables as Kysely sees them (the query builder's column types; the domain types are the zod schemas in
 * bot/digest/store.ts and ./types.ts). Times are ISO-8601 UTC text from `Date.toISOString()`, so text order is
 * time order in both SQLite and PostgreSQL; booleans are 0/1 integers; JSON is text.
 */
export interface SubscriptionsTable {
  platform: string;
  workspace_id: string;
  channel_id: string;
  channel_name: string | null;
  weekday: number;
  time: string;
  time_zone: string;
  lang: string;
  created_by: string;
  created_by_name: string | null;
  created_at: string;
  updated_at: string;
}

export interface DeliveriesTable {
  platform: string;
  workspace_id: string;
  channel_id: string;
  week: string;
  status: string;
  claimed_by: string | null;
  lease_until: string | null;
  attempts: number;
  first_attempt_at: string | null;
  last_attempt_at: string | null;
  unknown_since: string | null;
  next_attempt_at: string | null;
  last_error: string | null;
  posted_at: string | null;
  message_id: string | null;
}

export interface ThreadContextsTable {
  platform: string;
  workspace_id: string;
  channel_id: string;
  thread_id: string;
  value: string;
  expires_at: string;
  updated_at: string;
}

export interface LeasesTable {
  name: string;
  owner: string;
  expires_at: string;
  acquired_at: string;
  renewed_at: string;
}

export interface SlackInstallationsTable {
  /** "team:T123" or "enterprise:E123" (an org-wide install). */
  id: string;
  team_id: string | null;
  enterprise_id: string | null;
  installation: string;
  installed_at: string;
  updated_at: string;
}

export interface EventReceiptsTable {
  /** "slack:Ev123…", or "probe:<replica>" for the readiness probe's write. */
  id: string;
  expires_at: string;
}

export interface Database {
  subscriptions: SubscriptionsTable;
  deliveries: DeliveriesTable;
  thread_contexts: ThreadContextsTable;
  leases: LeasesTable;
  slack_installations: SlackInstallationsTable;
  event_receipts: EventReceiptsTable;
}
