/**
 * The Store on Kysely: the same queries for SQLite and PostgreSQL. Claims are single conditional upserts on the
 * unique key (INSERT … ON CONFLICT DO UPDATE … WHERE … RETURNING), atomic in both databases, so any number of
 * replicas can race for a (channel, week) and exactly one wins.
 */
import { type Kysely, Migrator, sql, type Transaction } from 'kysely';
import {
  type ChannelKey,
  Delivery,
  type DeliveryKey,
  type Platform,
  Subscription,
  type SubscriptionInput,
} from '../../bot/digest/store.js';
import { StoreError } from './errors.js';
import { migrationProvider } from './migrations.js';
import type { Store } from './port.js';
import type { Database, DeliveriesTable } from './tables.js';
import {
  type DeliveryOutcome,
  DeliveryState,
  Lease,
  MAX_THREAD_CONTEXT_BYTES,
  type SlackInstallationKey,
  type StoreDialect,
  ThreadContext,
  type ThreadKey,
} from './types.js';

const MAX_ERROR_CHARS = 500;
/** A replica's probe row outlives the replica by this much, then the pruning deletes it. */
const PROBE_ROW_TTL_MS = 10 * 60_000;
const iso = (d: Date, plusMs = 0) => new Date(d.getTime() + plusMs).toISOString();

function toSubscription(r: Database['subscriptions']): Subscription {
  return Subscription.parse({
    platform: r.platform,
    workspaceId: r.workspace_id,
    channelId: r.channel_id,
    channelName: r.channel_name ?? null,
    weekday: Number(r.weekday),
    time: r.time,
    timeZone: r.time_zone,
    lang: r.lang,
    createdBy: r.created_by,
    createdByName: r.created_by_name ?? null,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  });
}

function toDelivery(r: DeliveriesTable): Delivery {
  return Delivery.parse({
    platform: r.platform,
    workspaceId: r.workspace_id,
    channelId: r.channel_id,
    week: r.week,
    status: r.status,
    claimedBy: r.claimed_by,
    leaseUntil: r.lease_until,
    attempts: Number(r.attempts),
    firstAttemptAt: r.first_attempt_at,
    lastAttemptAt: r.last_attempt_at,
    unknownSince: r.unknown_since,
    nextAttemptAt: r.next_attempt_at,
    lastError: r.last_error,
    postedAt: r.posted_at,
    messageId: r.message_id,
  });
}

const channelWhere = (k: ChannelKey) =>
  ({ platform: k.platform, workspace_id: k.workspaceId, channel_id: k.channelId }) as const;

const installationId = (k: SlackInstallationKey): string =>
  k.isEnterpriseInstall && k.enterpriseId ? `enterprise:${k.enterpriseId}` : `team:${k.teamId ?? ''}`;

export interface KyselyStoreOptions {
  dialect: StoreDialect;
  /** Wraps every operation (SQLite: retry while another process holds the write lock). */
  guard?: <T>(operation: () => Promise<T>) => Promise<T>;
  /** PostgreSQL: the schema that holds the tables and the migration bookkeeping. */
  schema?: string;
}

export class KyselyStore implements Store {
  readonly dialect: StoreDialect;
  private readonly guard: <T>(operation: () => Promise<T>) => Promise<T>;
  private closed = false;

  constructor(
    readonly db: Kysely<Database>,
    private readonly options: KyselyStoreOptions,
  ) {
    this.dialect = options.dialect;
    this.guard = options.guard ?? ((op) => op());
  }

  private run<T>(operation: (db: Kysely<Database>) => Promise<T>): Promise<T> {
    if (this.closed) return Promise.reject(new StoreError('CLOSED', 'the store is closed'));
    return this.guard(() => operation(this.db));
  }

  private migrator(): Migrator {
    return new Migrator({
      db: this.db,
      provider: migrationProvider,
      ...(this.options.schema ? { migrationTableSchema: this.options.schema } : {}),
    });
  }

  /** Applies pending migrations; throws with the failing migration's error. */
  async migrate(): Promise<string[]> {
    const results = await this.run(async () => {
      const { error, results } = await this.migrator().migrateToLatest();
      if (error) throw error instanceof Error ? error : new Error(String(error));
      return results;
    });
    return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
  }

  async migrations(): Promise<string[]> {
    const all = await this.run(() => this.migrator().getMigrations());
    return all.filter((m) => m.executedAt !== undefined).map((m) => m.name);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.db.destroy();
  }

  // Subscriptions

  async getSubscription(key: ChannelKey): Promise<Subscription | undefined> {
    const row = await this.run((db) =>
      db
        .selectFrom('subscriptions')
        .selectAll()
        .where((eb) => eb.and(channelWhere(key)))
        .executeTakeFirst(),
    );
    return row ? toSubscription(row) : undefined;
  }

  async listSubscriptions(platform?: Platform): Promise<Subscription[]> {
    const rows = await this.run((db) => {
      let q = db.selectFrom('subscriptions').selectAll();
      if (platform) q = q.where('platform', '=', platform);
      return q.orderBy('platform').orderBy('workspace_id').orderBy('channel_id').execute();
    });
    return rows.map(toSubscription);
  }

  async upsertSubscription(input: SubscriptionInput, now: Date): Promise<Subscription> {
    const at = now.toISOString();
    const values = {
      ...channelWhere(input),
      channel_name: input.channelName,
      weekday: input.weekday,
      time: input.time,
      time_zone: input.timeZone,
      lang: input.lang,
      created_by: input.createdBy,
      created_by_name: input.createdByName,
    };
    const row = await this.run((db) =>
      db
        .insertInto('subscriptions')
        .values({ ...values, created_at: at, updated_at: at })
        .onConflict((oc) =>
          oc.columns(['platform', 'workspace_id', 'channel_id']).doUpdateSet({ ...values, updated_at: at }),
        )
        .returningAll()
        .executeTakeFirstOrThrow(),
    );
    return toSubscription(row);
  }

  async deleteSubscription(key: ChannelKey): Promise<boolean> {
    const r = await this.run((db) =>
      db
        .deleteFrom('subscriptions')
        .where((eb) => eb.and(channelWhere(key)))
        .executeTakeFirst(),
    );
    return Number(r.numDeletedRows) > 0;
  }

  async adoptLegacyWorkspace(platform: Platform, workspaceId: string): Promise<number> {
    if (!workspaceId) return 0;
    return this.run((db) =>
      db.transaction().execute(async (trx) => {
        const subs = await trx
          .updateTable('subscriptions')
          .set({ workspace_id: workspaceId })
          .where('platform', '=', platform)
          .where('workspace_id', '=', '')
          .where(({ not, exists, selectFrom }) =>
            not(
              exists(
                selectFrom('subscriptions as s2')
                  .select('s2.channel_id')
                  .where('s2.platform', '=', platform)
                  .where('s2.workspace_id', '=', workspaceId)
                  .whereRef('s2.channel_id', '=', 'subscriptions.channel_id'),
              ),
            ),
          )
          .executeTakeFirst();
        await trx
          .updateTable('deliveries')
          .set({ workspace_id: workspaceId })
          .where('platform', '=', platform)
          .where('workspace_id', '=', '')
          .where(({ not, exists, selectFrom }) =>
            not(
              exists(
                selectFrom('deliveries as d2')
                  .select('d2.channel_id')
                  .where('d2.platform', '=', platform)
                  .where('d2.workspace_id', '=', workspaceId)
                  .whereRef('d2.channel_id', '=', 'deliveries.channel_id')
                  .whereRef('d2.week', '=', 'deliveries.week'),
              ),
            ),
          )
          .execute();
        return Number(subs.numUpdatedRows);
      }),
    );
  }

  // Deliveries

  async getDelivery(key: DeliveryKey): Promise<Delivery | undefined> {
    const row = await this.run((db) =>
      db
        .selectFrom('deliveries')
        .selectAll()
        .where((eb) => eb.and({ ...channelWhere(key), week: key.week }))
        .executeTakeFirst(),
    );
    return row ? toDelivery(row) : undefined;
  }

  async lastDelivery(key: ChannelKey): Promise<Delivery | undefined> {
    const row = await this.run((db) =>
      db
        .selectFrom('deliveries')
        .selectAll()
        .where((eb) => eb.and(channelWhere(key)))
        .orderBy('week', 'desc')
        .limit(1)
        .executeTakeFirst(),
    );
    return row ? toDelivery(row) : undefined;
  }

  async listDeliveries(weeks?: string[]): Promise<Delivery[]> {
    if (weeks && weeks.length === 0) return [];
    const rows = await this.run((db) => {
      let q = db.selectFrom('deliveries').selectAll();
      if (weeks) q = q.where('week', 'in', weeks);
      return q.orderBy('platform').orderBy('workspace_id').orderBy('channel_id').orderBy('week').execute();
    });
    return rows.map(toDelivery);
  }

  async deliveryStates(weeks: string[]) {
    if (weeks.length === 0) return [];
    const rows = await this.run((db) =>
      db
        .selectFrom('deliveries')
        .select([
          'platform',
          'workspace_id',
          'channel_id',
          'week',
          'status',
          'lease_until',
          'next_attempt_at',
        ])
        .where('week', 'in', weeks)
        .execute(),
    );
    return rows.map((r) =>
      DeliveryState.parse({
        platform: r.platform,
        workspaceId: r.workspace_id,
        channelId: r.channel_id,
        week: r.week,
        status: r.status,
        leaseUntil: r.lease_until,
        nextAttemptAt: r.next_attempt_at,
      }),
    );
  }

  async claimDelivery(
    key: DeliveryKey,
    worker: string,
    now: Date,
    leaseMs: number,
  ): Promise<Delivery | undefined> {
    const at = iso(now);
    const lease = iso(now, leaseMs);
    const row = await this.run((db) =>
      db
        .insertInto('deliveries')
        .values({
          ...channelWhere(key),
          week: key.week,
          status: 'claimed',
          claimed_by: worker,
          lease_until: lease,
          attempts: 0,
        })
        .onConflict((oc) =>
          oc
            .columns(['platform', 'workspace_id', 'channel_id', 'week'])
            .doUpdateSet({
              status: 'claimed',
              claimed_by: worker,
              lease_until: lease,
              // A post whose holder vanished may have reached the platform: the next holder checks first.
              unknown_since: sql<string | null>`CASE WHEN deliveries.status = 'posting'
                THEN COALESCE(deliveries.unknown_since, deliveries.last_attempt_at)
                ELSE deliveries.unknown_since END`,
            })
            .where((eb) =>
              eb.or([
                eb('deliveries.status', '=', 'pending'),
                eb.and([
                  eb('deliveries.status', '=', 'failed'),
                  eb('deliveries.next_attempt_at', 'is not', null),
                  eb('deliveries.next_attempt_at', '<=', at),
                ]),
                eb.and([
                  eb('deliveries.status', 'in', ['claimed', 'posting']),
                  eb('deliveries.lease_until', '<=', at),
                ]),
              ]),
            ),
        )
        .returningAll()
        .executeTakeFirst(),
    );
    return row ? toDelivery(row) : undefined;
  }

  private holderUpdate(
    db: Kysely<Database> | Transaction<Database>,
    key: DeliveryKey,
    worker: string,
    set: Partial<DeliveriesTable>,
  ) {
    return db
      .updateTable('deliveries')
      .set(set)
      .where((eb) => eb.and({ ...channelWhere(key), week: key.week, claimed_by: worker }))
      .where('status', 'in', ['claimed', 'posting'])
      .executeTakeFirst();
  }

  async startAttempt(key: DeliveryKey, worker: string, now: Date, leaseMs: number): Promise<boolean> {
    const at = iso(now);
    const r = await this.run((db) =>
      db
        .updateTable('deliveries')
        .set((eb) => ({
          status: 'posting',
          attempts: eb('attempts', '+', 1),
          first_attempt_at: eb.fn.coalesce('first_attempt_at', eb.val(at)),
          last_attempt_at: at,
          lease_until: iso(now, leaseMs),
        }))
        .where((eb) => eb.and({ ...channelWhere(key), week: key.week, claimed_by: worker }))
        .where('status', 'in', ['claimed', 'posting'])
        .executeTakeFirst(),
    );
    return Number(r.numUpdatedRows) > 0;
  }

  async extendLease(key: DeliveryKey, worker: string, now: Date, leaseMs: number): Promise<boolean> {
    const r = await this.run((db) => this.holderUpdate(db, key, worker, { lease_until: iso(now, leaseMs) }));
    return Number(r.numUpdatedRows) > 0;
  }

  async finishDelivery(
    key: DeliveryKey,
    worker: string,
    outcome: DeliveryOutcome,
    now: Date,
  ): Promise<boolean> {
    const at = iso(now);
    const error = (e: string) => e.slice(0, MAX_ERROR_CHARS);
    const set: Partial<DeliveriesTable> = (() => {
      switch (outcome.status) {
        case 'posted':
          return {
            status: 'posted',
            posted_at: at,
            message_id: outcome.messageId,
            last_error: null,
            next_attempt_at: null,
            unknown_since: null,
            lease_until: null,
          };
        case 'failed':
          return {
            status: 'failed',
            last_error: error(outcome.error),
            next_attempt_at: outcome.retryAt,
            lease_until: null,
          };
        case 'gone':
          return {
            status: 'gone',
            last_error: error(outcome.error),
            next_attempt_at: null,
            lease_until: null,
          };
        case 'unknown':
          return {
            status: 'unknown',
            last_error: error(outcome.error),
            next_attempt_at: null,
            lease_until: null,
          };
        case 'pending':
          return { status: 'pending', claimed_by: null, lease_until: null };
      }
    })();
    if (outcome.status !== 'gone') {
      const r = await this.run((db) => this.holderUpdate(db, key, worker, set));
      return Number(r.numUpdatedRows) > 0;
    }
    return this.run((db) =>
      db.transaction().execute(async (trx) => {
        const r = await this.holderUpdate(trx, key, worker, set);
        const won = Number(r.numUpdatedRows) > 0;
        if (won) {
          await trx
            .deleteFrom('subscriptions')
            .where((eb) => eb.and(channelWhere(key)))
            .execute();
        }
        return won;
      }),
    );
  }

  async setUnknownSince(key: DeliveryKey, worker: string, since: string | null): Promise<boolean> {
    const r = await this.run((db) => this.holderUpdate(db, key, worker, { unknown_since: since }));
    return Number(r.numUpdatedRows) > 0;
  }

  async holdClaim(key: DeliveryKey, worker: string, now: Date, leaseMs: number): Promise<boolean> {
    const r = await this.run((db) =>
      this.holderUpdate(db, key, worker, { status: 'claimed', lease_until: iso(now, leaseMs) }),
    );
    return Number(r.numUpdatedRows) > 0;
  }

  // Thread context

  async getThreadContext(key: ThreadKey, now: Date): Promise<ThreadContext | undefined> {
    const row = await this.run((db) =>
      db
        .selectFrom('thread_contexts')
        .selectAll()
        .where((eb) => eb.and({ ...channelWhere(key), thread_id: key.threadId }))
        .where('expires_at', '>', iso(now))
        .executeTakeFirst(),
    );
    if (!row) return undefined;
    return ThreadContext.parse({
      ...key,
      value: JSON.parse(row.value),
      expiresAt: row.expires_at,
      updatedAt: row.updated_at,
    });
  }

  async putThreadContext(key: ThreadKey, value: unknown, ttlMs: number, now: Date): Promise<ThreadContext> {
    const context = ThreadContext.parse({ ...key, value, expiresAt: iso(now, ttlMs), updatedAt: iso(now) });
    const json = JSON.stringify(context.value);
    const bytes = Buffer.byteLength(json);
    if (bytes > MAX_THREAD_CONTEXT_BYTES) {
      throw new StoreError(
        'VALUE_TOO_LARGE',
        `thread context is ${bytes} bytes; at most ${MAX_THREAD_CONTEXT_BYTES} are kept`,
      );
    }
    const row = { value: json, expires_at: context.expiresAt, updated_at: context.updatedAt };
    await this.run((db) =>
      db
        .insertInto('thread_contexts')
        .values({ ...channelWhere(key), thread_id: key.threadId, ...row })
        .onConflict((oc) =>
          oc.columns(['platform', 'workspace_id', 'channel_id', 'thread_id']).doUpdateSet(row),
        )
        .execute(),
    );
    return context;
  }

  async deleteThreadContext(key: ThreadKey): Promise<boolean> {
    const r = await this.run((db) =>
      db
        .deleteFrom('thread_contexts')
        .where((eb) => eb.and({ ...channelWhere(key), thread_id: key.threadId }))
        .executeTakeFirst(),
    );
    return Number(r.numDeletedRows) > 0;
  }

  async pruneThreadContexts(now: Date): Promise<number> {
    const r = await this.run((db) =>
      db.deleteFrom('thread_contexts').where('expires_at', '<=', iso(now)).executeTakeFirst(),
    );
    return Number(r.numDeletedRows);
  }

  // Leases

  async acquireLease(name: string, owner: string, ttlMs: number, now: Date): Promise<boolean> {
    const at = iso(now);
    const row = await this.run((db) =>
      db
        .insertInto('leases')
        .values({ name, owner, expires_at: iso(now, ttlMs), acquired_at: at, renewed_at: at })
        .onConflict((oc) =>
          oc
            .column('name')
            .doUpdateSet({
              owner,
              expires_at: iso(now, ttlMs),
              renewed_at: at,
              acquired_at: sql<string>`CASE WHEN leases.owner = ${owner} THEN leases.acquired_at ELSE ${at} END`,
            })
            .where((eb) => eb.or([eb('leases.owner', '=', owner), eb('leases.expires_at', '<=', at)])),
        )
        .returning('owner')
        .executeTakeFirst(),
    );
    return row?.owner === owner;
  }

  async releaseLease(name: string, owner: string): Promise<boolean> {
    const r = await this.run((db) =>
      db.deleteFrom('leases').where('name', '=', name).where('owner', '=', owner).executeTakeFirst(),
    );
    return Number(r.numDeletedRows) > 0;
  }

  async getLease(name: string): Promise<Lease | undefined> {
    const row = await this.run((db) =>
      db.selectFrom('leases').selectAll().where('name', '=', name).executeTakeFirst(),
    );
    return row
      ? Lease.parse({
          name: row.name,
          owner: row.owner,
          expiresAt: row.expires_at,
          acquiredAt: row.acquired_at,
          renewedAt: row.renewed_at,
        })
      : undefined;
  }

  // Event receipts and the probe

  async claimEventReceipt(id: string, now: Date, ttlMs: number): Promise<boolean> {
    const expires = iso(now, ttlMs);
    const row = await this.run((db) =>
      db
        .insertInto('event_receipts')
        .values({ id, expires_at: expires })
        .onConflict((oc) =>
          oc
            .column('id')
            .doUpdateSet({ expires_at: expires })
            .where('event_receipts.expires_at', '<=', iso(now)),
        )
        .returning('id')
        .executeTakeFirst(),
    );
    return row !== undefined;
  }

  async pruneEventReceipts(now: Date): Promise<number> {
    const r = await this.run((db) =>
      db.deleteFrom('event_receipts').where('expires_at', '<=', iso(now)).executeTakeFirst(),
    );
    return Number(r.numDeletedRows);
  }

  async ping(replica: string, now: Date): Promise<void> {
    const expires = iso(now, PROBE_ROW_TTL_MS);
    await this.run((db) =>
      db
        .insertInto('event_receipts')
        .values({ id: `probe:${replica}`, expires_at: expires })
        .onConflict((oc) => oc.column('id').doUpdateSet({ expires_at: expires }))
        .execute(),
    );
  }

  // Slack installations

  async saveSlackInstallation(key: SlackInstallationKey, installation: unknown, now: Date): Promise<void> {
    const at = iso(now);
    const row = {
      team_id: key.teamId,
      enterprise_id: key.enterpriseId,
      installation: JSON.stringify(installation),
      updated_at: at,
    };
    await this.run((db) =>
      db
        .insertInto('slack_installations')
        .values({ id: installationId(key), ...row, installed_at: at })
        .onConflict((oc) => oc.column('id').doUpdateSet(row))
        .execute(),
    );
  }

  async getSlackInstallation(key: SlackInstallationKey): Promise<unknown | undefined> {
    const row = await this.run((db) =>
      db
        .selectFrom('slack_installations')
        .select('installation')
        .where('id', '=', installationId(key))
        .executeTakeFirst(),
    );
    return row ? (JSON.parse(row.installation) as unknown) : undefined;
  }

  async deleteSlackInstallation(key: SlackInstallationKey): Promise<boolean> {
    const r = await this.run((db) =>
      db.deleteFrom('slack_installations').where('id', '=', installationId(key)).executeTakeFirst(),
    );
    return Number(r.numDeletedRows) > 0;
  }
}
