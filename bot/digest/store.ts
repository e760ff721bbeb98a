/**
 * Digest subscriptions and deliveries in SQLite (better-sqlite3), with versioned migrations.
 *
 * Exactly-once delivery of (channel, week):
 *   claimed  – one process won the row in an IMMEDIATE transaction; nothing was sent yet.
 *   posting  – recorded right before the platform call; if the process dies now the outcome is unknown.
 *   posted   – the platform accepted the message.
 *   failed   – the platform refused; retried with backoff at next_attempt_at.
 *   gone     – the channel no longer exists or removed the bot; the subscription was deleted.
 *   unknown  – a process died while posting; never retried, so nothing is ever posted twice.
 * A claim that never reached "posting" (a crash between claim and send) expires after CLAIM_LEASE_MS and
 * may be claimed again.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { z } from 'zod';
import { Lang } from '../messages.js';

export const Platform = z.enum(['slack', 'discord']);
export type Platform = z.infer<typeof Platform>;

export const Subscription = z.strictObject({
  platform: Platform,
  channelId: z.string().min(1),
  channelName: z.string().nullable(),
  guildId: z.string().nullable(),
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

export const DeliveryStatus = z.enum(['claimed', 'posting', 'posted', 'failed', 'gone', 'unknown']);
export type DeliveryStatus = z.infer<typeof DeliveryStatus>;

export const Delivery = z.strictObject({
  platform: Platform,
  channelId: z.string(),
  week: z.string(),
  status: DeliveryStatus,
  claimedBy: z.string().nullable(),
  claimedAt: z.string().nullable(),
  attempts: z.number().int(),
  nextAttemptAt: z.string().nullable(),
  lastError: z.string().nullable(),
  postedAt: z.string().nullable(),
  messageId: z.string().nullable(),
});
export type Delivery = z.infer<typeof Delivery>;

/** How long a claim that never started posting blocks others. */
export const CLAIM_LEASE_MS = 5 * 60_000;
export const MAX_ATTEMPTS = 6;

/** Versioned schema changes; each runs once, in order, inside a transaction. */
const MIGRATIONS: Array<{ version: number; sql: string }> = [
  {
    version: 1,
    sql: `
      CREATE TABLE subscriptions (
        platform TEXT NOT NULL CHECK (platform IN ('slack', 'discord')),
        channel_id TEXT NOT NULL,
        channel_name TEXT,
        guild_id TEXT,
        weekday INTEGER NOT NULL CHECK (weekday BETWEEN 1 AND 7),
        time TEXT NOT NULL,
        time_zone TEXT NOT NULL,
        lang TEXT NOT NULL,
        created_by TEXT NOT NULL,
        created_by_name TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (platform, channel_id)
      );
      CREATE TABLE deliveries (
        platform TEXT NOT NULL,
        channel_id TEXT NOT NULL,
        week TEXT NOT NULL,
        status TEXT NOT NULL,
        claimed_by TEXT,
        claimed_at TEXT,
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at TEXT,
        last_error TEXT,
        posted_at TEXT,
        message_id TEXT,
        PRIMARY KEY (platform, channel_id, week)
      );`,
  },
  {
    version: 2,
    sql: `CREATE INDEX deliveries_retry ON deliveries (status, next_attempt_at);`,
  },
];

type Row = Record<string, unknown>;

function toSubscription(r: Row): Subscription {
  return Subscription.parse({
    platform: r.platform,
    channelId: r.channel_id,
    channelName: r.channel_name ?? null,
    guildId: r.guild_id ?? null,
    weekday: r.weekday,
    time: r.time,
    timeZone: r.time_zone,
    lang: r.lang,
    createdBy: r.created_by,
    createdByName: r.created_by_name ?? null,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  });
}

function toDelivery(r: Row): Delivery {
  return Delivery.parse({
    platform: r.platform,
    channelId: r.channel_id,
    week: r.week,
    status: r.status,
    claimedBy: r.claimed_by ?? null,
    claimedAt: r.claimed_at ?? null,
    attempts: r.attempts,
    nextAttemptAt: r.next_attempt_at ?? null,
    lastError: r.last_error ?? null,
    postedAt: r.posted_at ?? null,
    messageId: r.message_id ?? null,
  });
}

export type SubscriptionInput = Omit<Subscription, 'createdAt' | 'updatedAt'>;

export class DigestStore {
  readonly db: Database.Database;

  constructor(path: string) {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('busy_timeout = 5000');
    this.db.pragma('foreign_keys = ON');
    this.migrate();
  }

  /** Applies the migrations this database has not seen yet; returns the schema version. */
  migrate(): number {
    this.db.exec(
      'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)',
    );
    const applied = new Set(
      (this.db.prepare('SELECT version FROM schema_migrations').all() as Array<{ version: number }>).map(
        (r) => r.version,
      ),
    );
    for (const m of MIGRATIONS) {
      if (applied.has(m.version)) continue;
      this.db
        .transaction(() => {
          // Another process may have applied it between our read and our lock.
          if (this.db.prepare('SELECT 1 FROM schema_migrations WHERE version = ?').get(m.version)) return;
          this.db.exec(m.sql);
          this.db
            .prepare('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)')
            .run(m.version, new Date().toISOString());
        })
        .immediate();
    }
    return this.schemaVersion();
  }

  schemaVersion(): number {
    const row = this.db.prepare('SELECT MAX(version) AS v FROM schema_migrations').get() as {
      v: number | null;
    };
    return row.v ?? 0;
  }

  close(): void {
    this.db.close();
  }

  upsertSubscription(s: SubscriptionInput, now: Date): Subscription {
    const at = now.toISOString();
    this.db
      .prepare(
        `INSERT INTO subscriptions (platform, channel_id, channel_name, guild_id, weekday, time, time_zone, lang,
           created_by, created_by_name, created_at, updated_at)
         VALUES (@platform, @channelId, @channelName, @guildId, @weekday, @time, @timeZone, @lang,
           @createdBy, @createdByName, @at, @at)
         ON CONFLICT (platform, channel_id) DO UPDATE SET
           channel_name = excluded.channel_name, guild_id = excluded.guild_id, weekday = excluded.weekday,
           time = excluded.time, time_zone = excluded.time_zone, lang = excluded.lang,
           created_by = excluded.created_by, created_by_name = excluded.created_by_name, updated_at = excluded.updated_at`,
      )
      .run({ ...s, at });
    return this.getSubscription(s.platform, s.channelId) as Subscription;
  }

  getSubscription(platform: Platform, channelId: string): Subscription | undefined {
    const row = this.db
      .prepare('SELECT * FROM subscriptions WHERE platform = ? AND channel_id = ?')
      .get(platform, channelId) as Row | undefined;
    return row ? toSubscription(row) : undefined;
  }

  listSubscriptions(platform?: Platform): Subscription[] {
    const rows = (
      platform
        ? this.db.prepare('SELECT * FROM subscriptions WHERE platform = ? ORDER BY channel_id').all(platform)
        : this.db.prepare('SELECT * FROM subscriptions ORDER BY platform, channel_id').all()
    ) as Row[];
    return rows.map(toSubscription);
  }

  deleteSubscription(platform: Platform, channelId: string): boolean {
    return (
      this.db
        .prepare('DELETE FROM subscriptions WHERE platform = ? AND channel_id = ?')
        .run(platform, channelId).changes > 0
    );
  }

  getDelivery(platform: Platform, channelId: string, week: string): Delivery | undefined {
    const row = this.db
      .prepare('SELECT * FROM deliveries WHERE platform = ? AND channel_id = ? AND week = ?')
      .get(platform, channelId, week) as Row | undefined;
    return row ? toDelivery(row) : undefined;
  }

  lastDelivery(platform: Platform, channelId: string): Delivery | undefined {
    const row = this.db
      .prepare('SELECT * FROM deliveries WHERE platform = ? AND channel_id = ? ORDER BY week DESC LIMIT 1')
      .get(platform, channelId) as Row | undefined;
    return row ? toDelivery(row) : undefined;
  }

  /**
   * Claims (channel, week) for this worker, atomically. True only for the one worker that may post it:
   * a new row, a failed row whose retry time has come, or a claim that expired before posting started.
   */
  claim(platform: Platform, channelId: string, week: string, worker: string, now: Date): boolean {
    const at = now.toISOString();
    const leaseExpired = new Date(now.getTime() - CLAIM_LEASE_MS).toISOString();
    return this.db
      .transaction(() => {
        const inserted = this.db
          .prepare(
            `INSERT INTO deliveries (platform, channel_id, week, status, claimed_by, claimed_at, attempts)
             VALUES (?, ?, ?, 'claimed', ?, ?, 0) ON CONFLICT DO NOTHING`,
          )
          .run(platform, channelId, week, worker, at).changes;
        if (inserted > 0) return true;
        return (
          this.db
            .prepare(
              `UPDATE deliveries SET status = 'claimed', claimed_by = ?, claimed_at = ?
               WHERE platform = ? AND channel_id = ? AND week = ?
                 AND ((status = 'failed' AND next_attempt_at IS NOT NULL AND next_attempt_at <= ?)
                   OR (status = 'claimed' AND claimed_at <= ?))`,
            )
            .run(worker, at, platform, channelId, week, at, leaseExpired).changes > 0
        );
      })
      .immediate();
  }

  /** Marks the start of the platform call; only the claiming worker can. */
  startPosting(platform: Platform, channelId: string, week: string, worker: string, now: Date): boolean {
    return (
      this.db
        .prepare(
          `UPDATE deliveries SET status = 'posting', attempts = attempts + 1, claimed_at = ?
           WHERE platform = ? AND channel_id = ? AND week = ? AND status = 'claimed' AND claimed_by = ?`,
        )
        .run(now.toISOString(), platform, channelId, week, worker).changes > 0
    );
  }

  markPosted(
    platform: Platform,
    channelId: string,
    week: string,
    worker: string,
    messageId: string | null,
    now: Date,
  ): void {
    this.db
      .prepare(
        `UPDATE deliveries SET status = 'posted', posted_at = ?, message_id = ?, last_error = NULL, next_attempt_at = NULL
         WHERE platform = ? AND channel_id = ? AND week = ? AND claimed_by = ?`,
      )
      .run(now.toISOString(), messageId, platform, channelId, week, worker);
  }

  /** Records a refused post; schedules the next attempt with exponential backoff, or gives up. */
  markFailed(
    platform: Platform,
    channelId: string,
    week: string,
    worker: string,
    error: string,
    now: Date,
    retryAfterMs?: number,
  ): Delivery {
    const current = this.getDelivery(platform, channelId, week);
    const attempts = current?.attempts ?? 1;
    const backoff = Math.max(retryAfterMs ?? 0, Math.min(60 * 60_000, 60_000 * 2 ** (attempts - 1)));
    const next = attempts >= MAX_ATTEMPTS ? null : new Date(now.getTime() + backoff).toISOString();
    this.db
      .prepare(
        `UPDATE deliveries SET status = 'failed', last_error = ?, next_attempt_at = ?
         WHERE platform = ? AND channel_id = ? AND week = ? AND claimed_by = ?`,
      )
      .run(error.slice(0, 500), next, platform, channelId, week, worker);
    return this.getDelivery(platform, channelId, week) as Delivery;
  }

  /** The channel is gone or removed the bot: record it and drop the subscription, atomically. */
  markGone(platform: Platform, channelId: string, week: string, worker: string, error: string): void {
    this.db
      .transaction(() => {
        this.db
          .prepare(
            `UPDATE deliveries SET status = 'gone', last_error = ?, next_attempt_at = NULL
             WHERE platform = ? AND channel_id = ? AND week = ? AND claimed_by = ?`,
          )
          .run(error.slice(0, 500), platform, channelId, week, worker);
        this.deleteSubscription(platform, channelId);
      })
      .immediate();
  }

  /** Posts that were in flight when a process died: their outcome is unknown and they are never retried. */
  expireInFlight(now: Date): Delivery[] {
    const before = new Date(now.getTime() - CLAIM_LEASE_MS).toISOString();
    const rows = this.db
      .prepare(
        `UPDATE deliveries SET status = 'unknown' WHERE status = 'posting' AND claimed_at <= ? RETURNING *`,
      )
      .all(before) as Row[];
    return rows.map(toDelivery);
  }
}
