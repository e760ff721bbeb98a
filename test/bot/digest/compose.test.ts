import { describe, expect, it } from 'vitest';
import { composeDigest, isoWeek, spotlightFor } from '../../../bot/digest/compose.js';
import { realCorpus, testBot } from '../../helpers.js';

const corpus = realCorpus();

describe('composeDigest', () => {
  it('2025-10-01 (English): newest 1.34, supported minors, next milestone, end of life and removals ahead', () => {
    const d = composeDigest(corpus, '2025-10-01', 'en');
    expect(d.week).toBe('2025-W40');
    expect(d.stale).toBe(false);
    expect(d.newest?.version).toBe('1.34');
    expect(d.supported.map((r) => r.version)).toEqual(['1.31', '1.32', '1.33', '1.34']);
    expect(d.next?.version).toBe('1.35');
    expect(d.nextMilestone).toEqual({ event: 'enhancementsFreeze', date: '2025-10-16' });
    expect(d.endingSoon.map((r) => r.version)).toEqual(['1.31']);
    expect(d.removalsNext.map((a) => `${a.group}/${a.version} ${a.kind}`)).toEqual([
      'storage.k8s.io/v1alpha1 VolumeAttributesClass',
      'storagemigration.k8s.io/v1alpha1 StorageVersionMigration',
    ]);
    const sections = Object.fromEntries(d.sections.map((s) => [s.id, s.items]));
    expect(sections.releases?.[0]).toBe(
      "Newest: Kubernetes 1.34 (Of Wind & Will (O' WaW)), released 2025-08-27",
    );
    expect(sections.next).toEqual([
      'Kubernetes 1.35 is planned for 2025-12-17',
      'Next milestone: enhancements freeze on 2025-10-16',
    ]);
    expect(sections.headsUp?.[0]).toBe(
      '1.31 reaches end of life on 2025-11-11 (in 41 days): plan the upgrade',
    );
  });

  it('2025-10-01 (Japanese) says the same in Japanese', () => {
    const d = composeDigest(corpus, '2025-10-01', 'ja');
    expect(d.card.title).toBe('Kubernetes 週間ダイジェスト — 2025-W40');
    const sections = Object.fromEntries(d.sections.map((s) => [s.id, s.items]));
    expect(sections.next).toEqual([
      'Kubernetes 1.35 は 2025-12-17 に予定',
      '次の節目: 2025-10-16 のエンハンスメントフリーズ',
    ]);
    expect(sections.headsUp?.[0]).toBe(
      '1.31 は 2025-11-11 にサポート終了（あと 41 日）。アップグレードを計画してください',
    );
  });

  it('says plainly that the data may be out of date: a week without a sync, or a release day it does not show', () => {
    const fresh = composeDigest(corpus, '2026-08-24', 'en');
    const overdue = composeDigest(corpus, '2026-08-27', 'en');
    const old = composeDigest(corpus, '2026-11-23', 'en');
    expect(fresh.stale).toBe(false);
    expect(overdue.stale).toBe(true);
    expect(old.stale).toBe(true);
    expect(JSON.stringify(overdue.card)).toContain(
      'These facts come from data as of 2026-08-22 and may be out of date (1.37 was due on 2026-08-26 and the data does not show it yet)',
    );
    expect(JSON.stringify(fresh.card)).not.toContain('may be out of date');
    expect(old.card.footer).toContain('it may be out of date');
    // A sync that succeeded yesterday confirms the data, but a release day it does not show still makes it old.
    expect(composeDigest(corpus, '2026-08-25', 'en', '2026-08-24T10:00:00Z').stale).toBe(false);
    expect(composeDigest(corpus, '2026-11-23', 'ja').card.children[0]).toMatchObject({
      style: 'warning',
      text: expect.stringContaining('古くなっている可能性があります'),
    });
  });

  it('says when the next release was due but the data does not record it yet', () => {
    const items = composeDigest(corpus, '2026-11-23', 'en').sections.find((s) => s.id === 'next')?.items;
    expect(items).toEqual([
      'Kubernetes 1.37 was planned for 2026-08-26; my data does not record its release yet',
    ]);
  });

  it('rotates the spotlight deterministically by week and never repeats it two weeks in a row', () => {
    const mondays = Array.from({ length: 120 }, (_, i) =>
      new Date(Date.UTC(2026, 0, 5 + 7 * i)).toISOString().slice(0, 10),
    );
    const picks = mondays.map((d) => spotlightFor(corpus, d)?.id);
    for (let i = 1; i < picks.length; i++) expect(picks[i], mondays[i]).not.toBe(picks[i - 1]);
    expect(spotlightFor(corpus, '2026-11-23')?.id).toBe(spotlightFor(corpus, '2026-11-29')?.id);
    expect(new Set(picks).size).toBeGreaterThan(60);
  });

  it('numbers ISO weeks across the year boundary', () => {
    expect(isoWeek('2026-12-31')).toBe('2026-W53');
    expect(isoWeek('2027-01-03')).toBe('2026-W53');
    expect(isoWeek('2027-01-04')).toBe('2027-W01');
  });

  it('is the "digest preview" answer with its week and sections', () => {
    const a = testBot(new Date('2026-11-23T09:00:00Z')).ask('digest preview');
    expect(a.kind).toBe('digest');
    expect(a.digest).toMatchObject({ week: '2026-W48', date: '2026-11-23', stale: true });
    expect(a.digest?.sections.map((s) => s.id)).toEqual(['releases', 'next', 'headsUp', 'spotlight']);
  });
});
