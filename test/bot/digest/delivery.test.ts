import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Answer } from '../../../bot/answer.js';
import { type DigestPoster, DigestScheduler, PostError } from '../../../bot/digest/scheduler.js';
import { CLAIM_LEASE_MS, DigestStore, type Subscription } from '../../../bot/digest/store.js';
import { silentLogger } from '../../../bot/logger.js';
import { projectRoot } from '../../../knowledge/paths.js';
import { subscriptionInput } from '../../fakes/subscriptions.js';
import { realCorpus } from '../../helpers.js';

const MONDAY_0905 = new Date('2026-11-23T09:05:00Z');
const minutes = (d: Date, n: number) => new Date(d.getTime() + n * 60_000);

class RecordingPoster implements DigestPoster {
  readonly posts: Array<{ channel: string; answer: Answer }> = [];
  failures: Array<PostError | Error> = [];
  delayMs = 0;
  async post(sub: Subscription, answer: Answer) {
    if (this.delayMs) await new Promise((r) => setTimeout(r, this.delayMs));
    const failure = this.failures.shift();
    if (failure) throw failure;
    this.posts.push({ channel: sub.channelId, answer });
    return { messageId: `m${this.posts.length}` };
  }
}

function subscribe(store: DigestStore, channelId = 'C1') {
  return store.upsertSubscription(
    subscriptionInput({ channelId, createdByName: 'alice' }),
    new Date('2026-11-01T00:00:00Z'),
  );
}

describe('digest delivery, exactly once', () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'k8sbot-digest-'));
    file = join(dir, 'k8sbot.sqlite');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const scheduler = (store: DigestStore, poster: DigestPoster, workerId: string) =>
    new DigestScheduler({
      store,
      corpus: realCorpus(),
      posters: { slack: poster },
      logger: silentLogger,
      workerId,
    });

  it('creates the database with versioned migrations on first start, and re-applies nothing later', () => {
    const store = new DigestStore(file);
    expect(store.schemaVersion()).toBe(2);
    store.close();
    const again = new DigestStore(file);
    expect(again.db.prepare('SELECT COUNT(*) AS n FROM schema_migrations').get()).toEqual({ n: 2 });
    again.close();
  });

  it('upgrades a database created by an older version', () => {
    const old = new Database(file);
    old.exec(`CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL);
      CREATE TABLE subscriptions (platform TEXT NOT NULL, channel_id TEXT NOT NULL, channel_name TEXT, guild_id TEXT, weekday INTEGER NOT NULL,
        time TEXT NOT NULL, time_zone TEXT NOT NULL, lang TEXT NOT NULL, created_by TEXT NOT NULL, created_by_name TEXT,
        created_at TEXT NOT NULL, updated_at TEXT NOT NULL, PRIMARY KEY (platform, channel_id));
      CREATE TABLE deliveries (platform TEXT NOT NULL, channel_id TEXT NOT NULL, week TEXT NOT NULL, status TEXT NOT NULL, claimed_by TEXT,
        claimed_at TEXT, attempts INTEGER NOT NULL DEFAULT 0, next_attempt_at TEXT, last_error TEXT, posted_at TEXT, message_id TEXT,
        PRIMARY KEY (platform, channel_id, week));
      INSERT INTO schema_migrations VALUES (1, '2026-01-01T00:00:00Z');`);
    old.close();
    const store = new DigestStore(file);
    expect(store.schemaVersion()).toBe(2);
    expect(
      store.db
        .prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND name = 'deliveries_retry'")
        .get(),
    ).toEqual({ name: 'deliveries_retry' });
    store.close();
  });

  it('posts a due digest once, and not again after a restart in the same week', async () => {
    const store = new DigestStore(file);
    subscribe(store);
    const poster = new RecordingPoster();
    expect(await scheduler(store, poster, 'a').runOnce(minutes(MONDAY_0905, -10))).toMatchObject({ due: 0 });
    expect(await scheduler(store, poster, 'a').runOnce(MONDAY_0905)).toMatchObject({ due: 1, posted: 1 });
    expect(poster.posts[0]?.answer.digest?.week).toBe('2026-W48');
    store.close();

    const restarted = new DigestStore(file);
    expect(await scheduler(restarted, poster, 'b').runOnce(minutes(MONDAY_0905, 30))).toMatchObject({
      due: 1,
      posted: 0,
      skipped: 1,
    });
    expect(poster.posts).toHaveLength(1);
    expect(restarted.getDelivery('slack', 'C1', '2026-W48')).toMatchObject({
      status: 'posted',
      messageId: 'm1',
      attempts: 1,
    });
    restarted.close();
  });

  it('catches up when the bot starts later in the same week', async () => {
    const store = new DigestStore(file);
    subscribe(store);
    const poster = new RecordingPoster();
    await scheduler(store, poster, 'a').runOnce(new Date('2026-11-26T17:00:00Z'));
    expect(poster.posts.map((p) => p.answer.digest?.date)).toEqual(['2026-11-23']);
    store.close();
  });

  it('two schedulers on one database file post each channel once', async () => {
    const a = new DigestStore(file);
    const b = new DigestStore(file);
    for (const c of ['C1', 'C2', 'C3', 'C4']) subscribe(a, c);
    const pa = new RecordingPoster();
    const pb = new RecordingPoster();
    pa.delayMs = 15;
    pb.delayMs = 15;
    await Promise.all([
      scheduler(a, pa, 'a').runOnce(MONDAY_0905),
      scheduler(b, pb, 'b').runOnce(MONDAY_0905),
    ]);
    const channels = [...pa.posts, ...pb.posts].map((p) => p.channel).sort();
    expect(channels).toEqual(['C1', 'C2', 'C3', 'C4']);
    a.close();
    b.close();
  });

  it('two bot processes sharing the database file post each channel once', async () => {
    const store = new DigestStore(file);
    for (const c of ['C1', 'C2', 'C3', 'C4', 'C5', 'C6']) subscribe(store, c);
    store.close();
    const log = join(dir, 'posts.log');
    const run = () =>
      new Promise<number>((resolve) => {
        const child = spawn(
          process.execPath,
          ['--import', 'tsx', 'test/fixtures/scheduler-worker.ts', file, log, MONDAY_0905.toISOString()],
          { cwd: projectRoot, stdio: 'ignore' },
        );
        child.on('exit', (code) => resolve(code ?? 1));
      });
    expect(await Promise.all([run(), run()])).toEqual([0, 0]);
    const posted = readFileSync(log, 'utf8').trim().split('\n').sort();
    expect(posted).toEqual(['C1', 'C2', 'C3', 'C4', 'C5', 'C6']);
  });

  it('retries a failed post with backoff', async () => {
    const store = new DigestStore(file);
    subscribe(store);
    const poster = new RecordingPoster();
    poster.failures.push(new PostError('slack: internal_error', false));
    const s = scheduler(store, poster, 'a');
    expect(await s.runOnce(MONDAY_0905)).toMatchObject({ failed: 1 });
    expect(store.getDelivery('slack', 'C1', '2026-W48')).toMatchObject({
      status: 'failed',
      attempts: 1,
      nextAttemptAt: '2026-11-23T09:06:00.000Z',
    });
    expect(await s.runOnce(minutes(MONDAY_0905, 0.5))).toMatchObject({ posted: 0, skipped: 1 });
    expect(await s.runOnce(minutes(MONDAY_0905, 1))).toMatchObject({ posted: 1 });
    expect(store.getDelivery('slack', 'C1', '2026-W48')).toMatchObject({ status: 'posted', attempts: 2 });
    expect(poster.posts).toHaveLength(1);
    store.close();
  });

  it('waits at least as long as the platform’s Retry-After', async () => {
    const store = new DigestStore(file);
    subscribe(store);
    const poster = new RecordingPoster();
    poster.failures.push(new PostError('rate limited', false, 5 * 60_000));
    await scheduler(store, poster, 'a').runOnce(MONDAY_0905);
    expect(store.getDelivery('slack', 'C1', '2026-W48')?.nextAttemptAt).toBe('2026-11-23T09:10:00.000Z');
    store.close();
  });

  it('unsubscribes a channel that is gone, and logs it', async () => {
    const store = new DigestStore(file);
    subscribe(store);
    const poster = new RecordingPoster();
    poster.failures.push(new PostError('slack: channel_not_found', true));
    expect(await scheduler(store, poster, 'a').runOnce(MONDAY_0905)).toMatchObject({ gone: 1 });
    expect(store.getSubscription('slack', 'C1')).toBeUndefined();
    expect(store.getDelivery('slack', 'C1', '2026-W48')?.status).toBe('gone');
    store.close();
  });

  it('never posts twice when a process died while posting; a claim that never started posting expires', async () => {
    const store = new DigestStore(file);
    subscribe(store, 'C1');
    subscribe(store, 'C2');
    // Process X claimed C1 and died before sending; it claimed C2, started posting and died.
    expect(store.claim('slack', 'C1', '2026-W48', 'x', MONDAY_0905)).toBe(true);
    expect(store.claim('slack', 'C2', '2026-W48', 'x', MONDAY_0905)).toBe(true);
    expect(store.startPosting('slack', 'C2', '2026-W48', 'x', MONDAY_0905)).toBe(true);
    const poster = new RecordingPoster();
    const y = scheduler(store, poster, 'y');
    expect(await y.runOnce(minutes(MONDAY_0905, 1))).toMatchObject({ posted: 0, skipped: 2 });
    const later = new Date(MONDAY_0905.getTime() + CLAIM_LEASE_MS + 60_000);
    expect(await y.runOnce(later)).toMatchObject({ posted: 1 });
    expect(poster.posts.map((p) => p.channel)).toEqual(['C1']);
    expect(store.getDelivery('slack', 'C2', '2026-W48')?.status).toBe('unknown');
    expect(await y.runOnce(minutes(later, 30))).toMatchObject({ posted: 0 });
    store.close();
  });
});
