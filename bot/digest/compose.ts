/**
 * The weekly release digest: a pure function of the corpus, a calendar date and a language.
 * Everything is computed from the data as seen on that date (releases after the date are "next", not "newest").
 */
import { differenceInCalendarDays, getISOWeek, getISOWeekYear, parseISO, startOfISOWeek } from 'date-fns';
import { apiName, changesIn } from '../../knowledge/changes.js';
import { freshness } from '../../knowledge/freshness.js';
import type { Corpus } from '../../knowledge/load.js';
import type { Feature, Release } from '../../knowledge/schema.js';
import type { ClusterReport } from '../../knowledge/upgrade/cluster.js';
import { compareVersions } from '../../knowledge/versions.js';
import type { Answer, DigestSection } from '../answer.js';
import { type Card, type CardChild, compact, text, truncatedList } from '../cards.js';
import { clusterLines } from '../cluster/card.js';
import { clusterMessages } from '../cluster/messages.js';
import { type Lang, messages } from '../messages.js';
import { digestMessages } from './messages.js';

/** End of life this close (in days) is a heads-up. */
export const EOL_WARNING_DAYS = 60;
const MAX_ITEMS = 8;

export interface Digest {
  week: string;
  date: string;
  lang: Lang;
  stale: boolean;
  newest?: Release;
  supported: Release[];
  next?: Release;
  nextMilestone?: { event: string; date: string };
  endingSoon: Release[];
  removalsNext: Corpus['apiRemovals'];
  graduatingNext: Feature[];
  spotlight?: Feature;
  sections: DigestSection[];
  card: Card;
}

/** "2026-W48" for a calendar date. */
export function isoWeek(date: string): string {
  const d = parseISO(date);
  return `${getISOWeekYear(d)}-W${String(getISOWeek(d)).padStart(2, '0')}`;
}

/** Weeks since the ISO week of 1970-01-01: consecutive weeks give consecutive numbers. */
export function weekSerial(date: string): number {
  const monday = startOfISOWeek(parseISO(date));
  return Math.round(differenceInCalendarDays(monday, startOfISOWeek(parseISO('1970-01-01'))) / 7);
}

/** One curated feature per week, rotating through them in id order; never the same two weeks in a row. */
export function spotlightFor(corpus: Corpus, date: string): Feature | undefined {
  const curated = corpus.features
    .filter((f) => f.curated && f.summary)
    .sort((a, b) => a.id.localeCompare(b.id));
  if (curated.length === 0) return undefined;
  return curated[weekSerial(date) % curated.length];
}

const releasedBy = (r: Release, date: string) =>
  r.released && r.releaseDate !== null && r.releaseDate <= date;

const MILESTONES = ['enhancementsFreeze', 'codeFreeze', 'release'] as const;

/**
 * `lastSyncAt`: the last successful sync, when the bot syncs; the digest warns when the data is old (no sync for
 * a week, or a release day it does not show) and its footer gives the data's date either way.
 * `clusters`: the configured live clusters, read before composing; they get a "your clusters" section.
 */
export function composeDigest(
  corpus: Corpus,
  date: string,
  lang: Lang,
  lastSyncAt: string | null = null,
  clusters: ClusterReport[] = [],
): Digest {
  const m = messages(lang);
  const d = digestMessages(lang);
  const week = isoWeek(date);
  const released = corpus.releases.filter((r) => releasedBy(r, date));
  const newest = released.at(-1);
  const supported = released.filter((r) => r.endOfLife && r.endOfLife >= date);
  const next = corpus.releases.find(
    (r) => !releasedBy(r, date) && (!newest || compareVersions(r.version, newest.version) > 0),
  );
  const nextMilestone = next?.keyDates
    ? MILESTONES.map((event) => ({ event, date: next.keyDates?.[event] }))
        .filter((e): e is { event: (typeof MILESTONES)[number]; date: string } => typeof e.date === 'string')
        .find((e) => e.date >= date)
    : undefined;
  const endingSoon = supported.filter(
    (r) => r.endOfLife && differenceInCalendarDays(parseISO(r.endOfLife), parseISO(date)) <= EOL_WARNING_DAYS,
  );
  const removalsNext = next ? corpus.apiRemovals.filter((a) => a.removedIn === next.version) : [];
  const planned = next ? changesIn(corpus, next.version, { planned: !next.released }) : undefined;
  const graduatingNext = planned ? [...planned.stable, ...planned.beta].map((c) => c.feature) : [];
  const spotlight = spotlightFor(corpus, date);
  const fresh = freshness(corpus, parseISO(`${date}T12:00:00Z`), lastSyncAt);
  const stale = fresh.stale;

  const nextDate = next?.releaseDate ?? next?.plannedReleaseDate ?? null;
  const sections: DigestSection[] = [
    {
      id: 'releases',
      title: d.releasesTitle,
      items: compact([
        newest
          ? d.newest(newest.version, newest.releaseDate ?? '', newest.themes[0], patchAsOf(newest, date))
          : undefined,
        ...supported.map((r) => d.supported(r.version, r.endOfLife ?? '')),
      ]),
    },
    {
      id: 'next',
      title: d.nextTitle,
      items: next
        ? compact([
            d.next(next.version, nextDate, nextDate !== null && nextDate < date),
            nextMilestone ? d.milestone(d.event[nextMilestone.event], nextMilestone.date) : undefined,
          ])
        : [d.noNext],
    },
    {
      id: 'headsUp',
      title: d.headsUpTitle,
      items: [
        ...endingSoon.map((r) =>
          d.endOfLife(
            r.version,
            r.endOfLife ?? '',
            differenceInCalendarDays(parseISO(r.endOfLife ?? date), parseISO(date)),
          ),
        ),
        ...removalsNext.map((a) =>
          d.removal(
            apiName(a),
            next?.version ?? '',
            a.replacement ? apiName({ ...a.replacement, kind: a.replacement.kind ?? a.kind }) : null,
          ),
        ),
        ...(graduatingNext.length > 0 ? [d.graduating(next?.version ?? '', graduatingNext.length)] : []),
      ],
    },
    ...(clusters.length > 0
      ? [
          {
            id: 'clusters' as const,
            title: clusterMessages(lang).digestTitle,
            items: clusterLines(clusters, lang),
          },
        ]
      : []),
    {
      id: 'spotlight',
      title: d.spotlightTitle,
      items: spotlight?.summary ? [`${spotlight.name}: ${spotlight.summary[lang]}`] : [],
    },
  ];

  const children: CardChild[] = compact<CardChild>([
    stale ? text(m.stale(corpus.dataAsOf, fresh.overdueRelease), 'warning') : undefined,
    truncatedList(d.releasesTitle, sections[0]?.items ?? [], MAX_ITEMS),
    truncatedList(d.nextTitle, sections[1]?.items ?? [], MAX_ITEMS),
    (sections[2]?.items.length ?? 0) > 0
      ? truncatedList(d.headsUpTitle, sections[2]?.items ?? [], MAX_ITEMS)
      : text(`${d.headsUpTitle}: ${d.quiet}`, 'muted'),
    clusters.length > 0
      ? truncatedList(clusterMessages(lang).digestTitle, clusterLines(clusters, lang), MAX_ITEMS)
      : undefined,
    graduatingNext.length > 0
      ? truncatedList(
          d.graduatingTitle(next?.version ?? ''),
          graduatingNext.map((f) => f.name),
          MAX_ITEMS,
          next?.sigReleaseUrl,
        )
      : undefined,
    spotlight?.summary
      ? text(`${d.spotlightTitle}: ${spotlight.name}\n${spotlight.summary[lang]}`)
      : undefined,
    spotlight
      ? { type: 'actions', actions: [{ kind: 'feature', label: spotlight.name, value: spotlight.id }] }
      : undefined,
  ]);
  const card: Card = {
    lang,
    title: d.title(week),
    subtitle: date,
    children,
    footer: stale ? m.asOfStale(corpus.dataAsOf, fresh.overdueRelease) : m.asOf(corpus.dataAsOf),
  };

  return {
    week,
    date,
    lang,
    stale,
    ...(newest ? { newest } : {}),
    supported,
    ...(next ? { next } : {}),
    ...(nextMilestone ? { nextMilestone } : {}),
    endingSoon,
    removalsNext,
    graduatingNext,
    ...(spotlight ? { spotlight } : {}),
    sections,
    card,
  };
}

/** The latest patch, when it was out by the digest date. */
function patchAsOf(r: Release, date: string): string | undefined {
  return r.latestPatch && (!r.latestPatchDate || r.latestPatchDate <= date) ? r.latestPatch : undefined;
}

export function digestAnswer(digest: Digest, query: string): Answer {
  return {
    query,
    kind: 'digest',
    lang: digest.lang,
    digest: { week: digest.week, date: digest.date, stale: digest.stale, sections: digest.sections },
    card: digest.card,
  };
}

/** Today's calendar date in a time zone, as YYYY-MM-DD. */
export function localDate(now: Date, timeZone = 'UTC'): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(now);
}
