/**
 * When a subscription's digest is due. Pure functions of a subscription and an instant; croner does the
 * time-zone and daylight-saving arithmetic.
 */
import { Cron } from 'croner';
import { isoWeek, localDate } from './compose.js';
import type { Subscription } from './store.js';

export interface Slot {
  /** The instant this week's digest is scheduled for. */
  at: Date;
  /** ISO week of that instant in the subscriber's time zone ("2026-W48"). */
  week: string;
  /** Calendar date of that instant in the subscriber's time zone. */
  date: string;
}

function cronFor(sub: Pick<Subscription, 'weekday' | 'time' | 'timeZone'>): Cron {
  const [hh, mm] = sub.time.split(':');
  return new Cron(`${Number(mm)} ${Number(hh)} * * ${sub.weekday % 7}`, {
    timezone: sub.timeZone,
    paused: true,
  });
}

type Schedule = Pick<Subscription, 'weekday' | 'time' | 'timeZone'>;

/** Runs `pick` on the subscription's weekly cron and describes the instant it returns. */
function slot(sub: Schedule, pick: (job: Cron) => Date | null | undefined): Slot | undefined {
  const job = cronFor(sub);
  try {
    const at = pick(job);
    if (!at) return undefined;
    const date = localDate(at, sub.timeZone);
    return { at, week: isoWeek(date), date };
  } finally {
    job.stop();
  }
}

/** The most recent scheduled slot at or before `now`. */
export function lastSlot(sub: Schedule, now: Date): Slot | undefined {
  return slot(sub, (job) => job.previousRuns(1, new Date(now.getTime() + 1000))[0]);
}

/** The next scheduled slot after `now`. */
export function nextSlot(sub: Schedule, now: Date): Slot | undefined {
  return slot(sub, (job) => job.nextRun(now));
}

/**
 * This week's slot if it is due now: it has passed, it falls in the current ISO week of the subscriber's
 * zone (a bot that was down catches up within the same week, never for a past week), and it is not older
 * than the subscription itself.
 */
export function dueSlot(sub: Subscription, now: Date): Slot | undefined {
  const slot = lastSlot(sub, now);
  if (!slot) return undefined;
  if (slot.week !== isoWeek(localDate(now, sub.timeZone))) return undefined;
  if (slot.at.getTime() < Date.parse(sub.createdAt)) return undefined;
  return slot;
}

/** True for an IANA time zone name the runtime knows ("Asia/Tokyo", "UTC"). */
export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return /^[A-Za-z_]+(?:\/[A-Za-z0-9_+-]+)*$/.test(name);
  } catch {
    return false;
  }
}
