/**
 * Versioned schema changes, run by Kysely's Migrator: in order, each once, inside a transaction, under the
 * migration lock (PostgreSQL: an advisory lock, so replicas that start together migrate once; SQLite: the
 * database's write lock, retried while another process holds it).
 *
 * 001 recreates the schema of the bot's first SQLite releases (its tables already exist in such a file), so a
 * fresh database and an old file take the same path from there: 002 keys everything by workspace and moves
 * the old rows over.
 */
import { type Kysely, type Migration, type MigrationProvider, sql } from 'kysely';

const baseline: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('subscriptions')
      .ifNotExists()
      .addColumn('platform', 'text', (c) => c.notNull())
      .addColumn('channel_id', 'text', (c) => c.notNull())
      .addColumn('channel_name', 'text')
      .addColumn('guild_id', 'text')
      .addColumn('weekday', 'integer', (c) => c.notNull())
      .addColumn('time', 'text', (c) => c.notNull())
      .addColumn('time_zone', 'text', (c) => c.notNull())
      .addColumn('lang', 'text', (c) => c.notNull())
      .addColumn('created_by', 'text', (c) => c.notNull())
      .addColumn('created_by_name', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('subscriptions_v1_pk', ['platform', 'channel_id'])
      .execute();
    await db.schema
      .createTable('deliveries')
      .ifNotExists()
      .addColumn('platform', 'text', (c) => c.notNull())
      .addColumn('channel_id', 'text', (c) => c.notNull())
      .addColumn('week', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('claimed_by', 'text')
      .addColumn('claimed_at', 'text')
      .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('next_attempt_at', 'text')
      .addColumn('last_error', 'text')
      .addColumn('posted_at', 'text')
      .addColumn('message_id', 'text')
      .addPrimaryKeyConstraint('deliveries_v1_pk', ['platform', 'channel_id', 'week'])
      .execute();
  },
};

const workspaces: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('subscriptions_v2')
      .addColumn('platform', 'text', (c) => c.notNull())
      .addColumn('workspace_id', 'text', (c) => c.notNull())
      .addColumn('channel_id', 'text', (c) => c.notNull())
      .addColumn('channel_name', 'text')
      .addColumn('weekday', 'integer', (c) => c.notNull())
      .addColumn('time', 'text', (c) => c.notNull())
      .addColumn('time_zone', 'text', (c) => c.notNull())
      .addColumn('lang', 'text', (c) => c.notNull())
      .addColumn('created_by', 'text', (c) => c.notNull())
      .addColumn('created_by_name', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('subscriptions_pk', ['platform', 'workspace_id', 'channel_id'])
      .execute();
    await db.schema
      .createTable('deliveries_v2')
      .addColumn('platform', 'text', (c) => c.notNull())
      .addColumn('workspace_id', 'text', (c) => c.notNull())
      .addColumn('channel_id', 'text', (c) => c.notNull())
      .addColumn('week', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('claimed_by', 'text')
      .addColumn('lease_until', 'text')
      .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('first_attempt_at', 'text')
      .addColumn('last_attempt_at', 'text')
      .addColumn('unknown_since', 'text')
      .addColumn('next_attempt_at', 'text')
      .addColumn('last_error', 'text')
      .addColumn('posted_at', 'text')
      .addColumn('message_id', 'text')
      .addPrimaryKeyConstraint('deliveries_pk', ['platform', 'workspace_id', 'channel_id', 'week'])
      .execute();
    // Old rows: a Discord row's workspace is its guild; a Slack row's is unknown ('') until the bot adopts it
    // at start-up (single-token mode knows its team). A post in flight under the old version stays unknown.
    await sql`INSERT INTO subscriptions_v2 (platform, workspace_id, channel_id, channel_name, weekday, time,
        time_zone, lang, created_by, created_by_name, created_at, updated_at)
      SELECT platform, COALESCE(guild_id, ''), channel_id, channel_name, weekday, time, time_zone, lang,
        created_by, created_by_name, created_at, updated_at FROM subscriptions`.execute(db);
    await sql`INSERT INTO deliveries_v2 (platform, workspace_id, channel_id, week, status, claimed_by, lease_until,
        attempts, last_attempt_at, next_attempt_at, last_error, posted_at, message_id)
      SELECT d.platform,
        COALESCE((SELECT s.guild_id FROM subscriptions s WHERE s.platform = d.platform AND s.channel_id = d.channel_id), ''),
        d.channel_id, d.week,
        CASE WHEN d.status = 'posting' THEN 'unknown' ELSE d.status END,
        d.claimed_by, d.claimed_at, d.attempts, d.claimed_at, d.next_attempt_at,
        CASE WHEN d.status = 'posting' THEN 'in flight when an older version of the bot stopped' ELSE d.last_error END,
        d.posted_at, d.message_id
      FROM deliveries d`.execute(db);
    await db.schema.dropTable('deliveries').execute();
    await db.schema.dropTable('subscriptions').execute();
    await db.schema.dropTable('schema_migrations').ifExists().execute();
    await db.schema.alterTable('subscriptions_v2').renameTo('subscriptions').execute();
    await db.schema.alterTable('deliveries_v2').renameTo('deliveries').execute();
    await db.schema
      .createIndex('deliveries_week_status')
      .on('deliveries')
      .columns(['week', 'status'])
      .execute();
  },
};

const threadsLeasesInstallations: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('thread_contexts')
      .addColumn('platform', 'text', (c) => c.notNull())
      .addColumn('workspace_id', 'text', (c) => c.notNull())
      .addColumn('channel_id', 'text', (c) => c.notNull())
      .addColumn('thread_id', 'text', (c) => c.notNull())
      .addColumn('value', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('thread_contexts_pk', ['platform', 'workspace_id', 'channel_id', 'thread_id'])
      .execute();
    await db.schema
      .createIndex('thread_contexts_expiry')
      .on('thread_contexts')
      .column('expires_at')
      .execute();
    await db.schema
      .createTable('leases')
      .addColumn('name', 'text', (c) => c.primaryKey())
      .addColumn('owner', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'text', (c) => c.notNull())
      .addColumn('acquired_at', 'text', (c) => c.notNull())
      .addColumn('renewed_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('slack_installations')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('team_id', 'text')
      .addColumn('enterprise_id', 'text')
      .addColumn('installation', 'text', (c) => c.notNull())
      .addColumn('installed_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
  },
};

/**
 * Receipts of platform events already handled (Slack's retries and replays carry the same event id), so that
 * every replica sees them; each expires after a while and is pruned. Also holds each replica's readiness probe
 * row (a cheap write).
 */
const eventReceipts: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('event_receipts')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('expires_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('event_receipts_expiry').on('event_receipts').column('expires_at').execute();
  },
};

export const MIGRATIONS: Record<string, Migration> = {
  '001_baseline': baseline,
  '002_workspaces': workspaces,
  '003_threads_leases_installations': threadsLeasesInstallations,
  '004_event_receipts': eventReceipts,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => MIGRATIONS,
};
