import { describe, expect, it } from 'vitest';
import { Bot } from '../../bot/bot.js';
import { type ChannelContext, DigestService } from '../../bot/digest/commands.js';
import type { Subscription, SubscriptionInput, SubscriptionStore } from '../../bot/digest/store.js';
import { realCorpus, realIndex } from '../helpers.js';

const NOW = new Date('2026-11-23T09:00:00Z');
const channel: ChannelContext = {
  platform: 'slack',
  workspaceId: 'T1',
  channelId: 'C1',
  userId: 'U1',
  userName: 'alice',
  canManage: true,
};

/** An in-memory SubscriptionStore; `delayMs` makes every call slow, `fail` makes it throw. */
class MemoryStore implements SubscriptionStore {
  readonly rows = new Map<string, Subscription>();
  calls = 0;
  constructor(private readonly behaviour: { delayMs?: number; fail?: boolean } = {}) {}
  private async io(): Promise<void> {
    this.calls++;
    if (this.behaviour.delayMs) await new Promise((r) => setTimeout(r, this.behaviour.delayMs));
    if (this.behaviour.fail) throw new Error('connection refused');
  }
  async getSubscription(key: { channelId: string }) {
    await this.io();
    return this.rows.get(key.channelId);
  }
  async upsertSubscription(input: SubscriptionInput, now: Date) {
    await this.io();
    const row = { ...input, createdAt: now.toISOString(), updatedAt: now.toISOString() };
    this.rows.set(input.channelId, row);
    return row;
  }
  async deleteSubscription(key: { channelId: string }) {
    await this.io();
    return this.rows.delete(key.channelId);
  }
  async lastDelivery() {
    await this.io();
    return undefined;
  }
}

const bot = (store: SubscriptionStore, storeTimeoutMs = 200) =>
  new Bot({
    corpus: realCorpus(),
    index: realIndex(),
    clock: () => NOW,
    storeTimeoutMs,
    digest: new DigestService(realCorpus(), store),
  });

describe('Bot.respond: digest commands on the async store, everything else from memory', () => {
  it('subscribes and reports through the store', async () => {
    const store = new MemoryStore();
    const b = bot(store);
    const sub = await b.respond('digest subscribe tue 08:30 Asia/Tokyo', { channel });
    expect(sub.card.title).toBe('Digest subscribed');
    expect(store.rows.get('C1')).toMatchObject({
      workspaceId: 'T1',
      weekday: 2,
      time: '08:30',
      createdBy: 'U1',
    });
    const status = await b.respond('digest status', { channel });
    expect(status.card.title).toBe('Digest: subscribed');
  });

  it('answers a slow store with a clear message within the timeout, and never waits for it longer', async () => {
    const store = new MemoryStore({ delayMs: 5_000 });
    const started = Date.now();
    const answer = await bot(store, 200).respond('digest subscribe', { channel });
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(answer).toMatchObject({ kind: 'error', error: { code: 'STORE_UNAVAILABLE' } });
    expect(answer.error?.message).toContain('could not be reached in time');
    expect(answer.card.children).toEqual([expect.objectContaining({ type: 'text' })]);
  });

  it('answers a failing store with the same message, in Japanese for a Japanese question', async () => {
    const answer = await bot(new MemoryStore({ fail: true })).respond('digest status', {
      channel,
      lang: 'ja',
    });
    expect(answer.error?.code).toBe('STORE_UNAVAILABLE');
    expect(answer.error?.message).toContain('ダイジェストの設定');
  });

  it('never touches the store for knowledge questions, digest previews without a channel, or bad digest commands', async () => {
    const store = new MemoryStore({ fail: true });
    const b = bot(store);
    expect((await b.respond('feature petset', { channel })).feature?.id).toBe('statefulset');
    expect((await b.respond('digest preview')).digest?.week).toBe('2026-W48');
    expect((await b.respond('digest subscribe funday', { channel })).card.title).toBe(
      'Check the digest command',
    );
    expect(store.calls).toBe(0);
  });

  it('keeps ask synchronous and store-free: subscriptions are for chat channels', () => {
    const store = new MemoryStore({ fail: true });
    const answer = bot(store).ask('digest subscribe', { channel });
    expect(answer.card.children[0]).toMatchObject({
      text: expect.stringContaining('Slack or Discord channel'),
    });
    expect(store.calls).toBe(0);
  });
});
