/** The cluster card's and the digest section's wording, English and Japanese. */
import type { Lang } from '../messages.js';

const en = {
  title: (name: string, version: string | null) =>
    `Cluster ${name}${version ? `: Kubernetes ${version}` : ''}`,
  listTitle: 'Clusters',
  version: 'Version',
  endOfLife: 'End of life',
  eol: (date: string, days: number) =>
    days < 0 ? `${date} (${-days} days ago: no more patches)` : `${date} (in ${days} days)`,
  noEol: 'not in the data',
  next: 'Next minor',
  unreachable: (message: string) => `The cluster could not be read: ${message}`,
  breaks: (next: string) => `Breaks on ${next}`,
  deprecated: (next: string) => `Deprecated in ${next}`,
  nothing: (next: string) =>
    `Nothing known to break on ${next}: no object uses an API version it removes, and no feature gate set here is removed or locked.`,
  object: (
    kind: string,
    ns: string | undefined,
    name: string,
    api: string,
    source: string,
    to: string | null,
  ) =>
    `${kind} ${ns ? `${ns}/` : ''}${name}: ${source === 'last-applied' ? 'last applied as' : 'managed as'} ${api}${to ? ` → ${to}` : ' (no replacement API)'}`,
  served: (api: string, removedIn: string | null, deprecatedIn: string | null) =>
    `serves ${api}${removedIn ? ` (removed in ${removedIn})` : deprecatedIn ? ` (deprecated since ${deprecatedIn})` : ''}`,
  gatesTitle: 'Feature gates (from /metrics)',
  gatesLine: (enabled: number, changed: number) =>
    `${enabled} enabled; ${changed} set against the default of this release`,
  gateChanged: (name: string, stage: string, enabled: boolean) =>
    `${name}=${enabled}${stage ? ` (${stage.toLowerCase()})` : ''}`,
  problemsTitle: 'Could not be read (check the ClusterRole)',
  checkedAt: (at: string) => `checked ${at}`,
  digestLine: (
    name: string,
    version: string,
    eol: string | null,
    days: number | null,
    next: string,
    objects: number,
    apis: number,
    gates: number,
  ) =>
    `${name}: Kubernetes ${version}${eol && days !== null ? (days < 0 ? `, past end of life (${eol})` : `, end of life ${eol} (in ${days} days)`) : ''}; on ${next}: ${
      objects + apis + gates === 0
        ? 'nothing known to break'
        : `${[
            objects ? `${objects} object${objects === 1 ? '' : 's'}` : '',
            apis ? `${apis} served API${apis === 1 ? '' : 's'}` : '',
            gates ? `${gates} feature gate${gates === 1 ? '' : 's'}` : '',
          ]
            .filter(Boolean)
            .join(', ')} break`
    }`,
  digestUnreachable: (name: string, message: string) => `${name}: could not be read (${message})`,
  digestTitle: 'Your clusters',
};

export type ClusterMessages = typeof en;

const ja: ClusterMessages = {
  title: (name, version) => `クラスタ ${name}${version ? `: Kubernetes ${version}` : ''}`,
  listTitle: 'クラスタ',
  version: 'バージョン',
  endOfLife: 'サポート終了',
  eol: (date, days) =>
    days < 0 ? `${date}（${-days} 日前に終了。パッチは出ません）` : `${date}（あと ${days} 日）`,
  noEol: 'データにありません',
  next: '次のマイナー',
  unreachable: (message) => `クラスタを読めませんでした: ${message}`,
  breaks: (next) => `${next} で動かなくなるもの`,
  deprecated: (next) => `${next} で非推奨`,
  nothing: (next) =>
    `${next} で動かなくなるものは見つかりません。削除される API バージョンを使うオブジェクトも、削除・固定されるフィーチャーゲートの設定もありません。`,
  object: (kind, ns, name, api, source, to) =>
    `${kind} ${ns ? `${ns}/` : ''}${name}: ${source === 'last-applied' ? '最後に適用した' : '管理している'} apiVersion は ${api}${to ? ` → ${to}` : '（代わりの API なし）'}`,
  served: (api, removedIn, deprecatedIn) =>
    `${api} を提供中${removedIn ? `（${removedIn} で削除）` : deprecatedIn ? `（${deprecatedIn} から非推奨）` : ''}`,
  gatesTitle: 'フィーチャーゲート（/metrics より）',
  gatesLine: (enabled, changed) => `有効 ${enabled} 件、このリリースのデフォルトと違う設定 ${changed} 件`,
  gateChanged: (name, stage, enabled) => `${name}=${enabled}${stage ? `（${stage.toLowerCase()}）` : ''}`,
  problemsTitle: '読めなかったもの（ClusterRole を確認してください）',
  checkedAt: (at) => `確認: ${at}`,
  digestLine: (name, version, eol, days, next, objects, apis, gates) =>
    `${name}: Kubernetes ${version}${eol && days !== null ? (days < 0 ? `、サポート終了済み（${eol}）` : `、サポート終了 ${eol}（あと ${days} 日）`) : ''}。${next} では${
      objects + apis + gates === 0
        ? '動かなくなるものは見つかっていません'
        : `${[objects ? `オブジェクト ${objects} 件` : '', apis ? `提供中の API ${apis} 件` : '', gates ? `フィーチャーゲート ${gates} 件` : ''].filter(Boolean).join('、')}が動かなくなります`
    }`,
  digestUnreachable: (name, message) => `${name}: 読めませんでした（${message}）`,
  digestTitle: 'あなたのクラスタ',
};

export function clusterMessages(lang: Lang): ClusterMessages {
  return lang === 'ja' ? ja : en;
}
