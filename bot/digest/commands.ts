/**
 * `digest subscribe [weekday] [HH:MM] [IANA zone] [en|ja]`, `digest unsubscribe`, `digest preview`,
 * `digest status`: parsing and the platform-neutral handling behind both adapters.
 */

import type { Corpus } from '../../knowledge/load.js';
import type { ClusterReport } from '../../knowledge/upgrade/cluster.js';
import type { Answer } from '../answer.js';
import { type Card, fields, text } from '../cards.js';
import type { Lang } from '../messages.js';
import { composeDigest, digestAnswer, localDate } from './compose.js';
import { isTimeZone, nextSlot } from './schedule.js';
import type { ChannelKey, Platform, Subscription, SubscriptionStore } from './store.js';

export const DIGEST_ACTIONS = ['subscribe', 'unsubscribe', 'preview', 'status'] as const;
export type DigestAction = (typeof DIGEST_ACTIONS)[number];

export interface DigestRequest {
  action: DigestAction;
  weekday: number;
  time: string;
  timeZone: string;
  lang?: Lang;
}

/** Who asks, and where: filled in by the adapter from the platform event. */
export interface ChannelContext {
  platform: Platform;
  /** Slack team id or Discord guild id; absent in a DM without one. */
  workspaceId?: string;
  channelId: string;
  channelName?: string;
  userId: string;
  userName?: string;
  /** Discord: the Manage Channels permission; Slack: anyone in the channel. */
  canManage: boolean;
}

export const DEFAULTS = { weekday: 1, time: '09:00', timeZone: 'UTC' } as const;

const WEEKDAYS: Record<string, number> = {};
[
  ['mon', 'monday', '月', '月曜', '月曜日'],
  ['tue', 'tues', 'tuesday', '火', '火曜', '火曜日'],
  ['wed', 'wednesday', '水', '水曜', '水曜日'],
  ['thu', 'thur', 'thurs', 'thursday', '木', '木曜', '木曜日'],
  ['fri', 'friday', '金', '金曜', '金曜日'],
  ['sat', 'saturday', '土', '土曜', '土曜日'],
  ['sun', 'sunday', '日', '日曜', '日曜日'],
].forEach((names, i) => {
  for (const n of names) WEEKDAYS[n] = i + 1;
});

const WEEKDAY_NAMES = {
  en: ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'],
  ja: ['月曜日', '火曜日', '水曜日', '木曜日', '金曜日', '土曜日', '日曜日'],
};

export type ParsedDigest = { ok: true; request: DigestRequest } | { ok: false; problems: string[] };

/** Reads the words after "digest". Every problem is reported, each with what to write instead. */
export function parseDigestCommand(rest: string, lang: Lang): ParsedDigest {
  const words = rest.trim().split(/\s+/).filter(Boolean);
  const first = (words[0] ?? 'preview').toLowerCase();
  const action = (DIGEST_ACTIONS as readonly string[]).includes(first) ? (first as DigestAction) : undefined;
  const ja = lang === 'ja';
  if (!action) {
    return {
      ok: false,
      problems: [
        ja
          ? `「${first}」は digest のサブコマンドではありません。subscribe・unsubscribe・preview・status のいずれかを指定してください。`
          : `"${first}" is not a digest command; use subscribe, unsubscribe, preview or status.`,
      ],
    };
  }
  const request: DigestRequest = { action, ...DEFAULTS };
  const problems: string[] = [];
  for (const word of words.slice(1)) {
    const lower = word.toLowerCase();
    if (WEEKDAYS[lower] !== undefined) request.weekday = WEEKDAYS[lower] as number;
    else if (/^\d{1,2}:\d{2}$/.test(word)) {
      const [h, m] = word.split(':').map(Number) as [number, number];
      if (h > 23 || m > 59)
        problems.push(
          ja
            ? `「${word}」は時刻として正しくありません。24 時間制の HH:MM（例: 09:00）で指定してください。`
            : `"${word}" is not a time of day; use 24-hour HH:MM such as 09:00.`,
        );
      else request.time = `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
    } else if (lower === 'en' || lower === 'ja') request.lang = lower;
    else if (word.includes('/') || /^(utc|gmt)$/i.test(word)) {
      const zone = /^(utc|gmt)$/i.test(word) ? 'UTC' : word;
      if (isTimeZone(zone)) request.timeZone = zone;
      else
        problems.push(
          ja
            ? `「${word}」は IANA タイムゾーン名ではありません（例: Asia/Tokyo、Europe/Berlin、UTC）。`
            : `"${word}" is not an IANA time zone; use a name such as Asia/Tokyo, Europe/Berlin or UTC.`,
        );
    } else if (/^\d/.test(word) || /day$/i.test(word) || /曜/.test(word)) {
      problems.push(
        ja
          ? `「${word}」は曜日・時刻として読めません。曜日は mon〜sun、時刻は HH:MM で指定してください。`
          : `"${word}" is neither a weekday (mon … sun) nor a time (HH:MM).`,
      );
    } else {
      problems.push(
        ja
          ? `「${word}」が分かりません。例: /k8s digest subscribe mon 09:00 Asia/Tokyo`
          : `I don't understand "${word}". Example: /k8s digest subscribe mon 09:00 Asia/Tokyo`,
      );
    }
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, request };
}

function describeSchedule(sub: Pick<Subscription, 'weekday' | 'time' | 'timeZone'>, lang: Lang): string {
  const day = WEEKDAY_NAMES[lang][sub.weekday - 1];
  return lang === 'ja'
    ? `毎週${day} ${sub.time}（${sub.timeZone}）`
    : `every ${day} at ${sub.time} (${sub.timeZone})`;
}

function card(title: string, lines: string[], extra?: ReturnType<typeof fields>, warning = false): Card {
  return {
    title,
    children: [...lines.map((l) => text(l, warning ? 'warning' : 'plain')), ...(extra ? [extra] : [])],
  };
}

const channelKey = (c: ChannelContext): ChannelKey => ({
  platform: c.platform,
  workspaceId: c.workspaceId ?? '',
  channelId: c.channelId,
});

/**
 * Runs digest commands. `answer` is synchronous and store-free (previews; the CLI); `run` reads and writes
 * subscriptions through the async store, for a channel.
 */
export class DigestService {
  constructor(
    /** The corpus, or a getter for the one a running server currently answers from. */
    private readonly corpus: Corpus | (() => Corpus),
    readonly store?: SubscriptionStore,
    /** The configured live clusters' last reports, for the "your clusters" section of a preview. */
    private readonly clusters?: () => ClusterReport[],
  ) {}

  private preview(request: DigestRequest, query: string, lang: Lang, now: Date, sub?: Subscription): Answer {
    const zone = sub?.timeZone ?? request.timeZone;
    return digestAnswer(
      composeDigest(
        typeof this.corpus === 'function' ? this.corpus() : this.corpus,
        localDate(now, zone),
        request.lang ?? sub?.lang ?? lang,
        null,
        this.clusters?.() ?? [],
      ),
      query,
    );
  }

  /** Without a store: a preview, or where subscriptions live. */
  answer(request: DigestRequest, query: string, lang: Lang, now: Date): Answer {
    if (request.action === 'preview') return this.preview(request, query, lang, now);
    const ja = lang === 'ja';
    return {
      query,
      kind: 'digest',
      lang,
      card: card(
        ja ? 'ダイジェスト' : 'Digest',
        [
          ja
            ? '購読は Slack か Discord のチャンネルで /k8s digest subscribe を実行してください。'
            : 'Subscriptions live in a Slack or Discord channel: run /k8s digest subscribe there.',
        ],
        undefined,
        true,
      ),
    };
  }

  /** A digest command from a channel, against the store. */
  async run(
    request: DigestRequest,
    query: string,
    lang: Lang,
    now: Date,
    channel: ChannelContext,
  ): Promise<Answer> {
    const store = this.store;
    if (!store) return this.answer(request, query, lang, now);
    const ja = lang === 'ja';
    const reply = (c: Card): Answer => ({ query, kind: 'digest', lang, card: c });
    const key = channelKey(channel);
    const existing = await store.getSubscription(key);
    if (request.action === 'preview') return this.preview(request, query, lang, now, existing);
    if (request.action === 'status') {
      if (!existing) {
        return reply(
          card(ja ? 'ダイジェスト: 未購読' : 'Digest: not subscribed', [
            ja
              ? 'このチャンネルは週間ダイジェストを購読していません。/k8s digest subscribe で購読できます。'
              : 'This channel does not get the weekly digest. Run /k8s digest subscribe to start.',
          ]),
        );
      }
      const next = nextSlot(existing, now);
      const last = await store.lastDelivery(key);
      return reply(
        card(
          ja ? 'ダイジェスト: 購読中' : 'Digest: subscribed',
          [
            ja
              ? `このチャンネルには${describeSchedule(existing, 'ja')}に届きます。`
              : `This channel gets the digest ${describeSchedule(existing, 'en')}.`,
          ],
          fields([
            [ja ? '次回' : 'Next', next ? `${next.date} ${existing.time} (${existing.timeZone})` : undefined],
            [
              ja ? '前回' : 'Last',
              last ? `${last.week}: ${last.status}${last.postedAt ? ` (${last.postedAt})` : ''}` : undefined,
            ],
            [ja ? '言語' : 'Language', existing.lang],
            [ja ? '設定した人' : 'Set up by', existing.createdByName ?? existing.createdBy],
          ]),
        ),
      );
    }
    if (!channel.canManage) {
      return reply(
        card(
          ja ? '権限がありません' : 'Not allowed',
          [
            ja
              ? 'このチャンネルの購読を変更するには「チャンネルの管理」権限が必要です。'
              : 'Changing this channel’s digest needs the Manage Channels permission.',
          ],
          undefined,
          true,
        ),
      );
    }
    if (request.action === 'unsubscribe') {
      const removed = await store.deleteSubscription(key);
      return reply(
        card(ja ? 'ダイジェスト' : 'Digest', [
          removed
            ? ja
              ? 'このチャンネルの週間ダイジェストを停止しました。'
              : 'This channel will no longer get the weekly digest.'
            : ja
              ? 'このチャンネルは購読していませんでした。'
              : 'This channel was not subscribed.',
        ]),
      );
    }
    const sub = await store.upsertSubscription(
      {
        ...key,
        channelName: channel.channelName ?? null,
        weekday: request.weekday,
        time: request.time,
        timeZone: request.timeZone,
        lang: request.lang ?? existing?.lang ?? lang,
        createdBy: channel.userId,
        createdByName: channel.userName ?? null,
      },
      now,
    );
    const next = nextSlot(sub, now);
    return reply(
      card(
        ja ? 'ダイジェストを購読しました' : 'Digest subscribed',
        [
          ja
            ? `このチャンネルには${describeSchedule(sub, 'ja')}に週間ダイジェストが届きます。`
            : `This channel will get the weekly digest ${describeSchedule(sub, 'en')}.`,
        ],
        fields([
          [ja ? '次回' : 'Next', next ? `${next.date} ${sub.time} (${sub.timeZone})` : undefined],
          [ja ? '設定した人' : 'Set up by', sub.createdByName ?? sub.createdBy],
        ]),
      ),
    );
  }
}
