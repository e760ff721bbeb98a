/** Digest wording, English and Japanese. */
import type { Lang } from '../messages.js';

const en = {
  title: (week: string) => `Kubernetes weekly digest — ${week}`,
  releasesTitle: 'Releases',
  nextTitle: 'Next release',
  headsUpTitle: 'Heads-up',
  spotlightTitle: 'Feature spotlight',
  quiet: 'nothing urgent this week',
  newest: (v: string, date: string, theme: string | undefined, patch: string | undefined) =>
    `Newest: Kubernetes ${v}${theme ? ` (${theme})` : ''}, released ${date}${patch ? `; latest patch ${patch}` : ''}`,
  supported: (v: string, eol: string) => `${v} is supported until ${eol}`,
  next: (v: string, date: string | null, passed: boolean) =>
    date
      ? passed
        ? `Kubernetes ${v} was planned for ${date}; my data does not record its release yet`
        : `Kubernetes ${v} is planned for ${date}`
      : `Kubernetes ${v} is in development; no date is set`,
  noNext: 'No upcoming release is in the data',
  milestone: (event: string, date: string) => `Next milestone: ${event} on ${date}`,
  event: { enhancementsFreeze: 'enhancements freeze', codeFreeze: 'code freeze', release: 'release day' },
  endOfLife: (v: string, eol: string, days: number) =>
    `${v} reaches end of life on ${eol} (in ${days} days): plan the upgrade`,
  removal: (api: string, v: string, replacement: string | null) =>
    `${api} stops being served in ${v}${replacement ? `; move to ${replacement}` : ''}`,
  graduating: (v: string, n: number) => `${n} feature${n === 1 ? '' : 's'} planned to graduate in ${v}`,
  graduatingTitle: (v: string) => `Planned to graduate in ${v}`,
};

type DigestMessages = typeof en;

const ja: DigestMessages = {
  title: (week) => `Kubernetes 週間ダイジェスト — ${week}`,
  releasesTitle: 'リリース',
  nextTitle: '次のリリース',
  headsUpTitle: '注意',
  spotlightTitle: '今週の機能',
  quiet: '今週は急ぎの対応はありません',
  newest: (v, date, theme, patch) =>
    `最新: Kubernetes ${v}${theme ? `（${theme}）` : ''}、${date} リリース${patch ? `。最新パッチは ${patch}` : ''}`,
  supported: (v, eol) => `${v} は ${eol} までサポート`,
  next: (v, date, passed) =>
    date
      ? passed
        ? `Kubernetes ${v} は ${date} に予定されていましたが、データにはまだリリースの記録がありません`
        : `Kubernetes ${v} は ${date} に予定`
      : `Kubernetes ${v} は開発中で、日程は未定です`,
  noNext: '予定されているリリースはデータにありません',
  milestone: (event, date) => `次の節目: ${date} の${event}`,
  event: {
    enhancementsFreeze: 'エンハンスメントフリーズ',
    codeFreeze: 'コードフリーズ',
    release: 'リリース日',
  },
  endOfLife: (v, eol, days) =>
    `${v} は ${eol} にサポート終了（あと ${days} 日）。アップグレードを計画してください`,
  removal: (api, v, replacement) =>
    `${api} は ${v} で提供終了${replacement ? `。${replacement} へ移行してください` : ''}`,
  graduating: (v, n) => `${v} で昇格予定の機能が ${n} 件あります`,
  graduatingTitle: (v) => `${v} で昇格予定`,
};

export function digestMessages(lang: Lang): DigestMessages {
  return lang === 'ja' ? ja : en;
}
