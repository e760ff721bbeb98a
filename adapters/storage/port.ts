/**
 * The storage port: one async interface over subscriptions, digest deliveries, thread context, leases and
 * Slack installations. Implemented once on Kysely (./kysely-store.ts) for SQLite and PostgreSQL.
 */
import type {
  Delivery,
  DeliveryKey,
  Platform,
  Subscription,
  SubscriptionStore,
} from '../../bot/digest/store.js';
import type { ThreadContextStore } from '../../bot/followup/threads.js';
import type {
  DeliveryOutcome,
  DeliveryState,
  Lease,
  SlackInstallationKey,
  StoreDialect,
  ThreadContext,
  ThreadKey,
} from './types.js';

export interface Store extends SubscriptionStore, ThreadContextStore {
  readonly dialect: StoreDialect;

  listSubscriptions(platform?: Platform): Promise<Subscription[]>;
  /** Gives rows written before workspaces were recorded (workspace '') to this workspace. Returns rows moved. */
  adoptLegacyWorkspace(platform: Platform, workspaceId: string): Promise<number>;

  getDelivery(key: DeliveryKey): Promise<Delivery | undefined>;
  listDeliveries(weeks?: string[]): Promise<Delivery[]>;
  /** What decides claimability, for the given weeks (one cheap read per scheduler pass). */
  deliveryStates(weeks: string[]): Promise<DeliveryState[]>;
  /**
   * Claims (channel, week) for `worker` until now + leaseMs, atomically (one conditional upsert on the unique
   * key): a new row, a pending or due failed row, or a claim or post whose lease expired (which sets
   * unknownSince: the holder must check the platform before sending). Undefined when someone else holds it or it
   * is settled.
   */
  claimDelivery(key: DeliveryKey, worker: string, now: Date, leaseMs: number): Promise<Delivery | undefined>;
  /** Marks an attempt as started (status posting, attempts + 1). False when the claim was lost. */
  startAttempt(key: DeliveryKey, worker: string, now: Date, leaseMs: number): Promise<boolean>;
  /** Extends the holder's lease (leaseMs 0 hands it over at once). False when the claim was lost. */
  extendLease(key: DeliveryKey, worker: string, now: Date, leaseMs: number): Promise<boolean>;
  /** The attempt is known not to have posted: back to claimed (nothing in flight) until now + leaseMs. */
  holdClaim(key: DeliveryKey, worker: string, now: Date, leaseMs: number): Promise<boolean>;
  /**
   * Records when an attempt's outcome became unknown (null: checked, it did not post). Kept across later refused
   * attempts, so whoever holds the delivery next checks the platform before sending.
   */
  setUnknownSince(key: DeliveryKey, worker: string, since: string | null): Promise<boolean>;
  /** Settles the holder's claim; `gone` also deletes the subscription. False when the claim was lost. */
  finishDelivery(key: DeliveryKey, worker: string, outcome: DeliveryOutcome, now: Date): Promise<boolean>;

  getThreadContext(key: ThreadKey, now: Date): Promise<ThreadContext | undefined>;
  /** Stores a small JSON value (at most MAX_THREAD_CONTEXT_BYTES) until now + ttlMs. */
  putThreadContext(key: ThreadKey, value: unknown, ttlMs: number, now: Date): Promise<ThreadContext>;
  deleteThreadContext(key: ThreadKey): Promise<boolean>;
  /** Deletes expired thread context; returns how many rows went. */
  pruneThreadContexts(now: Date): Promise<number>;

  /** Takes or renews a named lease; true while `owner` holds it until now + ttlMs. */
  acquireLease(name: string, owner: string, ttlMs: number, now: Date): Promise<boolean>;
  releaseLease(name: string, owner: string): Promise<boolean>;
  getLease(name: string): Promise<Lease | undefined>;

  saveSlackInstallation(key: SlackInstallationKey, installation: unknown, now: Date): Promise<void>;
  getSlackInstallation(key: SlackInstallationKey): Promise<unknown | undefined>;
  deleteSlackInstallation(key: SlackInstallationKey): Promise<boolean>;

  /**
   * Records that an event was handled until now + ttlMs; true for the first caller (on any replica), false while
   * an unexpired receipt exists. Slack's retries and replays of one event id are handled once.
   */
  claimEventReceipt(id: string, now: Date, ttlMs: number): Promise<boolean>;
  /** Deletes expired receipts; returns how many rows went. */
  pruneEventReceipts(now: Date): Promise<number>;
  /** A cheap write (this replica's probe row), for the readiness check: rejects when the store cannot write. */
  ping(replica: string, now: Date): Promise<void>;

  /** Names of the migrations applied, in order. */
  migrations(): Promise<string[]>;
  close(): Promise<void>;
}
