/**
 * Is the data the bot answers from still current? It is not when no sync has succeeded for a while (or, with no
 * sync at all, when the data itself is old), or when a release day has passed that the data still shows as
 * planned. Pure: the corpus, today and the last successful sync in; a verdict with its reasons out.
 */
import { differenceInCalendarDays, parseISO } from 'date-fns';
import type { Corpus } from './load.js';

/** Days without a successful sync (or, without sync, since the data's date) before the data counts as old. */
export const DEFAULT_STALE_AFTER_DAYS = 7;

export interface Freshness {
  stale: boolean;
  dataAsOf: string;
  /** The last successful sync, when the bot syncs. */
  lastSyncAt: string | null;
  /** Days since the last successful sync, or since the data's date when there is none. */
  ageDays: number;
  /** A release whose planned day has passed but that the data does not show as released. */
  overdueRelease: { version: string; date: string } | null;
}

export function freshness(
  corpus: Pick<Corpus, 'dataAsOf' | 'releases'>,
  now: Date,
  lastSyncAt: string | null = null,
  staleAfterDays = DEFAULT_STALE_AFTER_DAYS,
): Freshness {
  const since = lastSyncAt ? parseISO(lastSyncAt) : parseISO(corpus.dataAsOf);
  const ageDays = Math.max(0, differenceInCalendarDays(now, since));
  const today = now.toISOString().slice(0, 10);
  const overdue = corpus.releases.find((r) => {
    const day = r.plannedReleaseDate ?? r.keyDates?.release;
    return !r.released && day !== undefined && day !== null && day < today;
  });
  const overdueRelease = overdue
    ? { version: overdue.version, date: (overdue.plannedReleaseDate ?? overdue.keyDates?.release) as string }
    : null;
  return {
    stale: ageDays > staleAfterDays || overdueRelease !== null,
    dataAsOf: corpus.dataAsOf,
    lastSyncAt,
    ageDays,
    overdueRelease,
  };
}
