import { describe, expect, it } from 'vitest';
import { questionLabels } from '../../../adapters/observe/adapter-metrics.js';
import { meteredBot } from '../../../adapters/observe/metered-bot.js';
import { PrometheusMetrics } from '../../../adapters/observe/metrics.js';
import { instrumentStore } from '../../../adapters/storage/instrumented.js';
import { openSqliteStore } from '../../../adapters/storage/sqlite.js';
import { testBot } from '../../helpers.js';
import { sample } from '../../support/serve-process.js';

describe('metrics', () => {
  it('labels each question by what was asked and how it went', () => {
    const bot = testBot();
    const labels = (q: string) => questionLabels(bot.ask(q));
    expect(labels('feature petset')).toEqual({ intent: 'feature', outcome: 'answered' });
    expect(labels('release 1.24')).toEqual({ intent: 'release', outcome: 'answered' });
    expect(labels('compare 1.22 1.24')).toEqual({ intent: 'compare', outcome: 'answered' });
    expect(labels('api extensions/v1beta1 Ingress')).toEqual({ intent: 'api', outcome: 'answered' });
    expect(labels('search probe')).toEqual({ intent: 'search', outcome: 'answered' });
    expect(labels('help')).toEqual({ intent: 'help', outcome: 'answered' });
    expect(labels('release 1.99')).toEqual({ intent: 'release', outcome: 'unknown_release' });
    expect(labels('how do I bake bread')).toEqual({ intent: 'unknown', outcome: 'not_found' });
    expect(labels('x'.repeat(700))).toEqual({ intent: 'unknown', outcome: 'input_too_long' });
  });

  it('counts answers through the metered bot, and digest results, storage errors and syncs', async () => {
    const metrics = new PrometheusMetrics({ processMetrics: false });
    const bot = meteredBot(testBot(), metrics, 'discord');
    bot.ask('sts');
    await bot.respond('release 1.24');
    metrics.increment('posted', 'slack');
    metrics.increment('posted', 'slack');
    metrics.increment('unknown', 'discord');
    metrics.syncResult(true);
    metrics.syncResult(false);
    const store = instrumentStore(await openSqliteStore(':memory:'), (op) => metrics.storageError(op));
    await store.close();
    await expect(store.ping('r', new Date())).rejects.toThrow('the store is closed');
    await expect(store.getLease('x')).rejects.toThrow();
    const text = await metrics.render();
    expect(
      sample(text, 'k8sbot_questions_total', { platform: 'discord', intent: 'feature', outcome: 'answered' }),
    ).toBe(1);
    expect(
      sample(text, 'k8sbot_questions_total', { platform: 'discord', intent: 'release', outcome: 'answered' }),
    ).toBe(1);
    expect(sample(text, 'k8sbot_answer_duration_seconds_count', { platform: 'discord' })).toBe(2);
    expect(sample(text, 'k8sbot_digest_posts_total', { platform: 'slack', result: 'posted' })).toBe(2);
    expect(sample(text, 'k8sbot_digest_posts_total', { platform: 'discord', result: 'unknown' })).toBe(1);
    expect(sample(text, 'k8sbot_knowledge_syncs_total', { result: 'success' })).toBe(1);
    expect(sample(text, 'k8sbot_knowledge_syncs_total', { result: 'failure' })).toBe(1);
    expect(sample(text, 'k8sbot_storage_errors_total', { operation: 'ping' })).toBe(1);
    expect(sample(text, 'k8sbot_storage_errors_total', { operation: 'getLease' })).toBe(1);
  });

  it('reads the data age, last sync and readiness when scraped', async () => {
    const metrics = new PrometheusMetrics({
      processMetrics: false,
      clock: () => new Date('2026-12-01T00:00:00Z'),
    });
    let lastSyncAt: string | null = null;
    let ready = false;
    metrics.watchKnowledge(() => ({ dataAsOf: '2026-11-30', lastSyncAt, stale: lastSyncAt === null }));
    metrics.watchReadiness(() => ({ ready, checks: { store: { ok: ready }, slack: { ok: true } } }));
    let text = await metrics.render();
    expect(sample(text, 'k8sbot_knowledge_data_age_seconds')).toBe(86_400);
    expect(sample(text, 'k8sbot_knowledge_last_sync_success_timestamp_seconds')).toBe(0);
    expect(sample(text, 'k8sbot_knowledge_stale')).toBe(1);
    expect(sample(text, 'k8sbot_ready')).toBe(0);
    expect(sample(text, 'k8sbot_readiness_check', { check: 'store' })).toBe(0);
    lastSyncAt = '2026-11-30T06:00:00.000Z';
    ready = true;
    text = await metrics.render();
    expect(sample(text, 'k8sbot_knowledge_last_sync_success_timestamp_seconds')).toBe(
      Date.parse(lastSyncAt) / 1000,
    );
    expect(sample(text, 'k8sbot_knowledge_stale')).toBe(0);
    expect(sample(text, 'k8sbot_ready')).toBe(1);
  });
});
