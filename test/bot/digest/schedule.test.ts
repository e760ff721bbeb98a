import { describe, expect, it } from 'vitest';
import { parseDigestCommand } from '../../../bot/digest/commands.js';
import { dueSlot, isTimeZone, lastSlot, nextSlot } from '../../../bot/digest/schedule.js';
import { subscription } from '../../fakes/subscriptions.js';

const sub = subscription;

describe('when a digest is due', () => {
  it('is not due before the slot, due after it, and due again only the next week', () => {
    const s = sub();
    expect(dueSlot(s, new Date('2026-11-23T08:59:00Z'))).toBeUndefined();
    expect(dueSlot(s, new Date('2026-11-23T09:00:00Z'))).toMatchObject({
      week: '2026-W48',
      date: '2026-11-23',
    });
    expect(dueSlot(s, new Date('2026-11-25T12:00:00Z'))?.week).toBe('2026-W48');
    expect(dueSlot(s, new Date('2026-11-30T09:00:00Z'))?.week).toBe('2026-W49');
  });

  it('catches up within the same week, never for a past week', () => {
    const s = sub();
    expect(dueSlot(s, new Date('2026-11-29T23:59:00Z'))?.week).toBe('2026-W48');
    expect(dueSlot(s, new Date('2026-11-30T08:00:00Z'))).toBeUndefined();
  });

  it('uses the subscriber’s time zone: Monday 09:00 in Tokyo is Monday 00:00 UTC', () => {
    const s = sub({ timeZone: 'Asia/Tokyo' });
    expect(lastSlot(s, new Date('2026-11-23T00:00:00Z'))?.at.toISOString()).toBe('2026-11-23T00:00:00.000Z');
    expect(dueSlot(s, new Date('2026-11-22T23:59:00Z'))).toBeUndefined();
  });

  it('follows daylight saving changes: 09:00 New York is 14:00 UTC in winter and 13:00 UTC in summer', () => {
    const s = sub({ timeZone: 'America/New_York' });
    expect(nextSlot(s, new Date('2026-03-02T00:00:00Z'))?.at.toISOString()).toBe('2026-03-02T14:00:00.000Z');
    expect(nextSlot(s, new Date('2026-03-09T00:00:00Z'))?.at.toISOString()).toBe('2026-03-09T13:00:00.000Z');
    expect(nextSlot(s, new Date('2026-11-02T00:00:00Z'))?.at.toISOString()).toBe('2026-11-02T14:00:00.000Z');
  });

  it('uses the local week: Sunday 23:30 in Tokyo is Sunday 14:30 UTC, and the week ends at Tokyo midnight', () => {
    const s = sub({ weekday: 7, time: '23:30', timeZone: 'Asia/Tokyo' });
    const slot = dueSlot(s, new Date('2026-11-29T14:45:00Z'));
    expect(slot).toMatchObject({ week: '2026-W48', date: '2026-11-29' });
    expect(slot?.at.toISOString()).toBe('2026-11-29T14:30:00.000Z');
    // 15:00 UTC is already Monday in Tokyo: a new week, so last week's digest is no longer caught up.
    expect(dueSlot(s, new Date('2026-11-29T15:00:00Z'))).toBeUndefined();
  });

  it('does not deliver for a slot before the channel subscribed', () => {
    const s = sub({ createdAt: '2026-11-25T10:00:00.000Z' });
    expect(dueSlot(s, new Date('2026-11-26T10:00:00Z'))).toBeUndefined();
    expect(dueSlot(s, new Date('2026-11-30T09:00:00Z'))?.week).toBe('2026-W49');
  });
});

describe('digest subscribe arguments', () => {
  it('defaults to Monday 09:00 UTC', () => {
    expect(parseDigestCommand('subscribe', 'en')).toEqual({
      ok: true,
      request: { action: 'subscribe', weekday: 1, time: '09:00', timeZone: 'UTC' },
    });
  });

  it('reads weekday, time, zone and language in any order', () => {
    expect(parseDigestCommand('subscribe Asia/Tokyo 8:05 friday ja', 'en')).toEqual({
      ok: true,
      request: { action: 'subscribe', weekday: 5, time: '08:05', timeZone: 'Asia/Tokyo', lang: 'ja' },
    });
    expect(parseDigestCommand('subscribe 水曜 10:00', 'ja')).toMatchObject({
      ok: true,
      request: { weekday: 3, time: '10:00' },
    });
  });

  it('names every invalid day, time and zone with what to write instead', () => {
    const r = parseDigestCommand('subscribe someday 24:61 Europe/Atlantis', 'en');
    expect(r).toEqual({
      ok: false,
      problems: [
        '"someday" is neither a weekday (mon … sun) nor a time (HH:MM).',
        '"24:61" is not a time of day; use 24-hour HH:MM such as 09:00.',
        '"Europe/Atlantis" is not an IANA time zone; use a name such as Asia/Tokyo, Europe/Berlin or UTC.',
      ],
    });
    expect(parseDigestCommand('frobnicate', 'en')).toEqual({
      ok: false,
      problems: ['"frobnicate" is not a digest command; use subscribe, unsubscribe, preview or status.'],
    });
  });

  it('knows IANA zone names', () => {
    expect(isTimeZone('Asia/Tokyo')).toBe(true);
    expect(isTimeZone('America/Argentina/Buenos_Aires')).toBe(true);
    expect(isTimeZone('Mars/Olympus')).toBe(false);
    expect(isTimeZone('+09:00')).toBe(false);
  });
});
