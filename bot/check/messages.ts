/** The upgrade check's and the cluster card's wording, English and Japanese. */
import type { Lang } from '../messages.js';

const en = {
  title: (target: string, from: string | null) =>
    from ? `Upgrade check: Kubernetes ${from} → ${target}` : `Upgrade check: Kubernetes ${target}`,
  planned: (target: string) => `${target} is not released yet: its removals are plans and can still change.`,
  counts: (files: number, objects: number) =>
    `${objects} object${objects === 1 ? '' : 's'} in ${files} input${files === 1 ? '' : 's'}`,
  summary: (breaking: number, deprecated: number, notice: number, problems: number) =>
    [
      `${breaking} breaking`,
      `${deprecated} deprecated`,
      `${notice} note${notice === 1 ? '' : 's'}`,
      ...(problems > 0 ? [`${problems} unreadable`] : []),
    ].join(' · '),
  clean: (target: string) =>
    `Nothing found that is deprecated or removed in ${target}: no API version, field, annotation or feature gate to change.`,
  exitCode: (code: number) => `exit code ${code}`,
  section: {
    breaking: (target: string) => `Breaks on ${target}`,
    deprecated: (target: string) => `Deprecated in ${target}, still works`,
    notice: () => 'Notes',
  },
  problemsTitle: 'Could not be read',
  problem: (where: string, document: number, message: string) =>
    `${where} (document ${document}): ${message}`,
  helmTemplate: 'this is a chart template: run helm template … | k8sbot check - on its output',
  tooLargeDocument: (name: string, size: string) => `${name}: ${size}, over the size limit`,
  unreadable: (name: string) => `${name} could not be read`,
  fix: 'fix',
  annotation: (key: string) => `annotation ${key}`,
  // API findings
  apiRemoved: (api: string, v: string | null) =>
    v ? `${api} is no longer served (removed in ${v})` : `${api} is no longer served`,
  apiDeprecated: (api: string, d: string, r: string | null) =>
    `${api} is deprecated since ${d}${r ? ` and removed in ${r}` : ''}`,
  apiMove: (to: string, since: string | null) =>
    `change apiVersion to ${to}${since ? ` (served since ${since})` : ''}`,
  apiKindChange: (toKind: string, to: string) =>
    `recreate it as ${toKind} (${to}): the kind changes, and its fields differ`,
  apiNoReplacement: (kind: string) =>
    `${kind} has no replacement API: plan another mechanism before upgrading`,
  notInFrom: (from: string, since: string, until: string | null) =>
    `not served in ${from} yet: upgrade to ${since}${until ? `–${until}` : ''} first, move, then go on`,
  // rule findings
  ruleReplaced: (path: string, d: string | null, r: string | null, breaking: boolean) =>
    breaking
      ? `${path} is no longer honoured (since ${r})`
      : `${path} is deprecated${d ? ` since ${d}` : ''}${r ? `, ignored from ${r}` : ''}`,
  ruleRequires: (path: string, since: string | null, target: string) =>
    `${path} needs Kubernetes ${since ?? '?'} or later; ${target} does not have it (on by default)`,
  ruleNotice: (path: string) => `${path}`,
  fieldNotInFrom: (field: string, from: string, since: string) =>
    `${field} is not available in ${from} (from ${since}): upgrade to ${since} first, then switch`,
  // feature gates
  gate: {
    unknown: (name: string, component: string) => `feature gate ${name} (${component}) is not in the data`,
    'not-yet': (name: string, component: string, v: string | null) =>
      `feature gate ${name} (${component}) does not exist before ${v}: ${component} refuses to start`,
    removed: (name: string, component: string, v: string | null) =>
      `feature gate ${name} (${component}) was removed in ${v}: ${component} refuses to start with it set`,
    locked: (name: string, component: string, v: string | null, to: boolean | null) =>
      `feature gate ${name} (${component}) is locked to ${to} since ${v}: setting it to ${to === null ? '?' : !to} stops ${component} from starting`,
    'locked-same': (name: string, component: string, v: string | null) =>
      `feature gate ${name} (${component}) is locked since ${v}: setting it does nothing`,
    deprecated: (name: string, component: string, v: string | null) =>
      `feature gate ${name} (${component}) is deprecated since ${v}`,
  },
  gateFix: {
    unknown: 'check the spelling; a component refuses to start with a gate it does not know',
    'not-yet': 'remove it, or target a release that has it',
    removed: 'remove it from the feature gates before upgrading',
    locked: 'remove it from the feature gates before upgrading',
    'locked-same': (removed: string | null) =>
      `remove it before the gate is removed${removed ? ` (in ${removed})` : ''}`,
    deprecated: (removed: string | null) =>
      `stop relying on it${removed ? `; the gate is removed in ${removed}` : ''}`,
  },
  how: 'Paste manifests after the command in a code block (/k8s check 1.29 then ```…```), share a YAML file with me with check 1.29 as its message, or on Discord attach it to /k8s check. Nothing in it is fetched or run.',
  howTitle: 'Check manifests for an upgrade',
  objectWord: (kind: string, name: string | undefined, namespace: string | undefined) =>
    `${kind}${name ? ` ${namespace ? `${namespace}/` : ''}${name}` : ''}`,
};

export type CheckMessages = typeof en;

const ja: CheckMessages = {
  title: (target, from) =>
    from
      ? `アップグレードチェック: Kubernetes ${from} → ${target}`
      : `アップグレードチェック: Kubernetes ${target}`,
  planned: (target) => `${target} はまだリリースされていません。削除予定は変わることがあります。`,
  counts: (files, objects) => `${files} 件の入力にオブジェクト ${objects} 件`,
  summary: (breaking, deprecated, notice, problems) =>
    [
      `動かなくなるもの ${breaking} 件`,
      `非推奨 ${deprecated} 件`,
      `注意 ${notice} 件`,
      ...(problems > 0 ? [`読めなかったもの ${problems} 件`] : []),
    ].join(' · '),
  clean: (target) =>
    `${target} で非推奨または削除になるものは見つかりませんでした。変更が必要な API バージョン・フィールド・アノテーション・フィーチャーゲートはありません。`,
  exitCode: (code) => `終了コード ${code}`,
  section: {
    breaking: (target) => `${target} で動かなくなるもの`,
    deprecated: (target) => `${target} で非推奨・まだ動くもの`,
    notice: () => '注意',
  },
  problemsTitle: '読めなかったもの',
  problem: (where, document, message) => `${where}（ドキュメント ${document}）: ${message}`,
  helmTemplate:
    'チャートのテンプレートです。helm template … | k8sbot check - でその出力をチェックしてください',
  tooLargeDocument: (name, size) => `${name}: ${size}（サイズの上限を超えています）`,
  unreadable: (name) => `${name} を読めませんでした`,
  fix: '対処',
  annotation: (key) => `アノテーション ${key}`,
  apiRemoved: (api, v) => (v ? `${api} は提供されていません（${v} で削除）` : `${api} は提供されていません`),
  apiDeprecated: (api, d, r) => `${api} は ${d} から非推奨です${r ? `（${r} で削除）` : ''}`,
  apiMove: (to, since) => `apiVersion を ${to} に変更${since ? `（${since} から提供）` : ''}`,
  apiKindChange: (toKind, to) =>
    `${toKind}（${to}）として作り直してください。種類が変わり、フィールドも異なります`,
  apiNoReplacement: (kind) =>
    `${kind} には代わりの API がありません。アップグレード前に別の仕組みを用意してください`,
  notInFrom: (from, since, until) =>
    `${from} ではまだ提供されていません。先に ${since}${until ? `〜${until}` : ''} へ上げて移行してから先へ進んでください`,
  ruleReplaced: (path, d, r, breaking) =>
    breaking
      ? `${path} は ${r} から無視されます`
      : `${path} は${d ? ` ${d} から` : ''}非推奨です${r ? `（${r} から無視）` : ''}`,
  ruleRequires: (path, since, target) =>
    `${path} には Kubernetes ${since ?? '?'} 以降が必要です。${target} にはありません（デフォルト有効では）`,
  ruleNotice: (path) => `${path}`,
  fieldNotInFrom: (field, from, since) =>
    `${field} は ${from} では使えません（${since} から）。先に ${since} へ上げてから切り替えてください`,
  gate: {
    unknown: (name, component) => `フィーチャーゲート ${name}（${component}）はデータにありません`,
    'not-yet': (name, component, v) =>
      `フィーチャーゲート ${name}（${component}）は ${v} より前には存在しません。${component} が起動しません`,
    removed: (name, component, v) =>
      `フィーチャーゲート ${name}（${component}）は ${v} で削除されました。設定したままだと ${component} が起動しません`,
    locked: (name, component, v, to) =>
      `フィーチャーゲート ${name}（${component}）は ${v} から ${to} に固定されています。${to === null ? '?' : !to} にすると ${component} が起動しません`,
    'locked-same': (name, component, v) =>
      `フィーチャーゲート ${name}（${component}）は ${v} から固定されており、設定しても意味がありません`,
    deprecated: (name, component, v) => `フィーチャーゲート ${name}（${component}）は ${v} から非推奨です`,
  },
  gateFix: {
    unknown: '綴りを確認してください。知らないゲートがあるとコンポーネントは起動しません',
    'not-yet': '削除するか、そのゲートがあるリリースを対象にしてください',
    removed: 'アップグレード前にフィーチャーゲートから削除してください',
    locked: 'アップグレード前にフィーチャーゲートから削除してください',
    'locked-same': (removed) =>
      `ゲートが削除される前に設定を外してください${removed ? `（${removed} で削除）` : ''}`,
    deprecated: (removed) =>
      `使わないようにしてください${removed ? `。ゲートは ${removed} で削除されます` : ''}`,
  },
  how: 'コマンドの後にコードブロックでマニフェストを貼り付けるか（/k8s check 1.29 の後に ```…```）、check 1.29 をメッセージにして YAML ファイルを共有するか、Discord では /k8s check に添付してください。中身を取得したり実行したりすることはありません。',
  howTitle: 'アップグレード前にマニフェストをチェック',
  objectWord: (kind, name, namespace) =>
    `${kind}${name ? ` ${namespace ? `${namespace}/` : ''}${name}` : ''}`,
};

export function checkMessages(lang: Lang): CheckMessages {
  return lang === 'ja' ? ja : en;
}
