import { spawn } from 'node:child_process';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { projectRoot } from '../../../knowledge/paths.js';
import { STORE_KINDS, type StoreTarget, storeTarget } from '../../support/stores.js';

function openInProcess(kind: string, location: string): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'test/fixtures/open-store.ts', kind, location],
      { cwd: projectRoot, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      err += d.toString();
    });
    child.on('exit', (code) => resolve({ code: code ?? 1, out, err }));
  });
}

describe.each(STORE_KINDS)('%s migrations', (kind) => {
  let target: StoreTarget;
  afterEach(() => target.cleanup());

  it('run once when several replicas start together on an empty database', async () => {
    target = await storeTarget(kind, 'migrate');
    const inProcess = await Promise.all(Array.from({ length: 3 }, () => target.open()));
    const processes = await Promise.all(
      Array.from({ length: 4 }, () => openInProcess(kind, target.location)),
    );
    for (const p of processes) expect(p.err, p.err).toBe('');
    expect(processes.map((p) => p.code)).toEqual([0, 0, 0, 0]);
    expect(processes.map((p) => JSON.parse(p.out))).toEqual(
      Array.from({ length: 4 }, () => ({ total: 4, appliedAfterOpen: [] })),
    );
    const store = inProcess[0];
    if (!store) throw new Error('no store');
    expect(await store.migrations()).toHaveLength(4);
    const rows =
      kind === 'postgres'
        ? await store.db
            .selectFrom('kysely_migration' as never)
            .selectAll()
            .execute()
        : await store.db
            .selectFrom('kysely_migration' as never)
            .selectAll()
            .execute();
    expect(rows).toHaveLength(4);
    await Promise.all(inProcess.map((s) => s.close()));
  });
});

describe('an SQLite file from an earlier version', () => {
  it('is upgraded: rows keyed by workspace, a post that was in flight stays unknown', async () => {
    const target = await storeTarget('sqlite', 'legacy');
    const old = new Database(target.location);
    old.exec(`CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL);
      CREATE TABLE subscriptions (platform TEXT NOT NULL, channel_id TEXT NOT NULL, channel_name TEXT, guild_id TEXT, weekday INTEGER NOT NULL,
        time TEXT NOT NULL, time_zone TEXT NOT NULL, lang TEXT NOT NULL, created_by TEXT NOT NULL, created_by_name TEXT,
        created_at TEXT NOT NULL, updated_at TEXT NOT NULL, PRIMARY KEY (platform, channel_id));
      CREATE TABLE deliveries (platform TEXT NOT NULL, channel_id TEXT NOT NULL, week TEXT NOT NULL, status TEXT NOT NULL, claimed_by TEXT,
        claimed_at TEXT, attempts INTEGER NOT NULL DEFAULT 0, next_attempt_at TEXT, last_error TEXT, posted_at TEXT, message_id TEXT,
        PRIMARY KEY (platform, channel_id, week));
      CREATE INDEX deliveries_retry ON deliveries (status, next_attempt_at);
      INSERT INTO schema_migrations VALUES (1, '2026-01-01T00:00:00Z'), (2, '2026-01-01T00:00:00Z');
      INSERT INTO subscriptions VALUES ('slack', 'C1', 'general', NULL, 1, '09:00', 'UTC', 'en', 'U1', 'alice', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z');
      INSERT INTO subscriptions VALUES ('discord', '300', NULL, '200', 2, '10:00', 'Asia/Tokyo', 'ja', 'U2', NULL, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z');
      INSERT INTO deliveries VALUES ('slack', 'C1', '2026-W47', 'posted', 'w', '2026-11-16T09:00:00Z', 1, NULL, NULL, '2026-11-16T09:00:01Z', '1.2');
      INSERT INTO deliveries VALUES ('discord', '300', '2026-W47', 'posting', 'w', '2026-11-17T01:00:00Z', 1, NULL, NULL, NULL, NULL);`);
    old.close();
    const store = await target.open();
    expect(await store.migrations()).toHaveLength(4);
    expect(await store.listSubscriptions()).toEqual([
      expect.objectContaining({ platform: 'discord', workspaceId: '200', channelId: '300', lang: 'ja' }),
      expect.objectContaining({
        platform: 'slack',
        workspaceId: '',
        channelId: 'C1',
        channelName: 'general',
      }),
    ]);
    expect(await store.listDeliveries()).toEqual([
      expect.objectContaining({ platform: 'discord', workspaceId: '200', status: 'unknown', attempts: 1 }),
      expect.objectContaining({ platform: 'slack', workspaceId: '', status: 'posted', messageId: '1.2' }),
    ]);
    expect(await store.adoptLegacyWorkspace('slack', 'T1')).toBe(1);
    expect(await store.lastDelivery({ platform: 'slack', workspaceId: 'T1', channelId: 'C1' })).toMatchObject(
      {
        week: '2026-W47',
        status: 'posted',
      },
    );
    await store.close();
    await target.cleanup();
  });
});
