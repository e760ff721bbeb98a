/**
 * Every user-facing sentence and label, in English and Japanese, in one place.
 */
import { z } from 'zod';
import type { ErrorCode } from './errors.js';

export const Lang = z.enum(['en', 'ja']);
export type Lang = z.infer<typeof Lang>;

type Stage = 'alpha' | 'beta' | 'stable' | 'deprecated' | 'removed';

const en = {
  stage: {
    alpha: 'alpha',
    beta: 'beta',
    stable: 'GA',
    deprecated: 'deprecated',
    removed: 'removed',
  } as Record<Stage, string>,
  status: {
    stable: (v: string) => `GA since ${v}`,
    beta: (v: string) => `beta since ${v}`,
    alpha: (v: string) => `alpha since ${v}`,
    deprecated: (v: string) => `deprecated since ${v}`,
    removed: (v: string) => `removed in ${v}`,
    planned: (stage: string, v: string) => `${stage} planned for ${v}`,
    kep: (status: string) => `KEP ${status}`,
  },
  detail: {
    as: (name: string) => `as ${name}`,
    off: 'off by default',
    on: 'on by default',
    planned: 'planned',
    unconfirmed: 'KEP target, not confirmed by a release',
  },
  formerly: (names: string) => `formerly ${names}`,
  addon: (project: string) =>
    `Not part of Kubernetes itself: ${project} is an add-on that you install separately.`,
  label: {
    timeline: 'History',
    gates: 'Feature gates',
    keps: 'KEPs',
    api: 'API',
    aliases: 'Also known as',
    oldApis: 'Old API versions',
    sig: 'SIG',
    status: 'KEP status',
    example: 'Example',
    removedExample: 'Example for an API that is no longer served',
    related: 'Related',
    limits: 'Cluster size limits',
    released: 'Released',
    planned: 'Planned release',
    eol: 'End of life',
    patch: 'Latest patch',
    theme: 'Theme',
    highlights: 'Highlights',
    ga: 'Went GA',
    beta: 'Went beta',
    alpha: 'New in alpha',
    deprecated: 'Deprecated',
    removed: 'Removed',
    apiRemovals: 'API versions no longer served',
    apiDeprecations: 'API versions deprecated',
    plannedGa: 'Planned to go GA',
    plannedBeta: 'Planned to go beta',
    plannedAlpha: 'Planned alpha',
    announcement: 'Release announcement',
    sigRelease: 'Release team notes',
    changelog: 'Changelog',
    deprecationGuide: 'Deprecated API migration guide',
    deprecatedIn: 'Deprecated in',
    removedIn: 'Removed in',
    replacement: 'Replacement',
    availableSince: 'Replacement available since',
    results: 'Matches',
  },
  nowOnByDefault: 'now on by default',
  nowOffByDefault: 'off by default',
  more: (n: number) => `…and ${n} more`,
  none: 'nothing recorded',
  asOf: (date: string) => `Data as of ${date} · k8s-feature-bot`,
  stale: (date: string) =>
    `These facts come from data as of ${date} and may be out of date; ask the bot's operators to update its data.`,
  releaseTitle: (v: string, theme: string | undefined) => `Kubernetes ${v}${theme ? ` — ${theme}` : ''}`,
  releaseCounts: (ga: number, beta: number, alpha: number, removed: number) =>
    `${ga} went GA · ${beta} beta · ${alpha} new alpha · ${removed} removed`,
  unreleased: (v: string, date: string | null) =>
    `${v} is not released yet${date ? `; planned for ${date}` : ''}. Stages below are plans and can change.`,
  compareTitle: (from: string, to: string) => `Upgrading from ${from} to ${to}`,
  compareIntro: (from: string, to: string, steps: number) =>
    `What changed after ${from} up to and including ${to} (${steps} minor release${steps === 1 ? '' : 's'}). Act on the API removals before you upgrade.`,
  compareSkipWarning: (steps: number) =>
    `The control plane upgrades one minor release at a time: plan ${steps} upgrade steps.`,
  apiTitle: (gv: string, kind?: string) => `${kind ? `${kind} in ` : ''}${gv}`,
  apiRemoved: (gv: string, kind: string, v: string) =>
    `${kind} ${gv} is no longer served since Kubernetes ${v}.`,
  apiDeprecated: (gv: string, kind: string, v: string, removal: string | null) =>
    `${kind} ${gv} is deprecated since ${v}${removal ? ` and is removed in ${removal}` : ''}; it is still served until then.`,
  apiServed: (gv: string, newest: string) =>
    `No deprecation or removal is recorded for ${gv}; it is served as of Kubernetes ${newest}.`,
  apiNoReplacement: (kind: string) =>
    `${kind} has no replacement API. Plan a different mechanism before you upgrade.`,
  apiHint: (from: string, to: string, v: string) =>
    `Change apiVersion: ${from} to apiVersion: ${to} in manifests, charts and operators before upgrading to ${v}, then check the field changes in the migration guide.`,
  apiKindsIntro: (gv: string, n: number) =>
    `${gv} served ${n} kind${n === 1 ? '' : 's'} that are deprecated or removed:`,
  pspHint:
    'PodSecurityPolicy has no API replacement: enforce the Pod Security Standards with Pod Security Admission (namespace labels) or a policy engine.',
  searchTitle: (q: string) => `Search: ${q}`,
  searchNone: (q: string) => `Nothing in the corpus matches "${q}".`,
  didYouMean: 'Did you mean:',
  notFoundTitle: 'No answer found',
  notFound: (q: string) => `I could not find a Kubernetes feature, release or API for "${q}".`,
  notFoundHint:
    'Try a feature name (statefulset), a version (1.24), an apiVersion (batch/v1beta1) or `help`.',
  helpTitle: 'k8s-feature-bot',
  helpIntro: 'Ask about Kubernetes features, releases and API versions, in English or Japanese.',
  helpExamples: [
    'feature petset — a feature card with its alpha → beta → GA history',
    'what changed in 1.24? — a release card',
    'compare 1.22 1.24 — what to know before upgrading',
    'api extensions/v1beta1 Ingress — is this apiVersion still served?',
    'search probe — the best matches with scores',
    'digest preview — this week’s release digest',
  ],
  error: {
    INPUT_TOO_LONG: (d: Record<string, string>) =>
      `That question is too long (${d.length} characters). Please keep it under ${d.limit} characters.`,
    FEATURE_NOT_FOUND: (d: Record<string, string>) => `No feature matches "${d.query}".`,
    UNKNOWN_RELEASE: (d: Record<string, string>) =>
      `There is no Kubernetes ${d.version} in my data. Known releases: ${d.first} to ${d.last}.`,
    UNKNOWN_API: (d: Record<string, string>) =>
      `I know nothing about ${d.api}. Check the group and version (for example apps/v1 or batch/v1beta1).`,
    BAD_COMPARE: (d: Record<string, string>) =>
      `To compare releases give two known versions between ${d.first} and ${d.last}, for example "compare 1.22 1.24".`,
    INTERNAL: () =>
      'Something went wrong on my side while answering. The error was logged; please try again.',
    STORE_UNAVAILABLE: () =>
      'The digest settings could not be reached in time, so I cannot confirm this digest command. Questions about features and releases still work; please try again in a minute and check with "digest status".',
  } as Record<ErrorCode, (d: Record<string, string>) => string>,
  errorTitle: 'Sorry',
};

export type Messages = typeof en;

const ja: Messages = {
  stage: { alpha: 'アルファ', beta: 'ベータ', stable: 'GA', deprecated: '非推奨', removed: '削除' },
  status: {
    stable: (v) => `${v} から GA`,
    beta: (v) => `${v} からベータ`,
    alpha: (v) => `${v} からアルファ`,
    deprecated: (v) => `${v} から非推奨`,
    removed: (v) => `${v} で削除`,
    planned: (stage, v) => `${v} で${stage}予定`,
    kep: (status) => `KEP: ${status}`,
  },
  detail: {
    as: (name) => `${name} として`,
    off: 'デフォルト無効',
    on: 'デフォルト有効',
    planned: '予定',
    unconfirmed: 'KEP 上の目標（リリースでは未確認）',
  },
  formerly: (names) => `旧称 ${names}`,
  addon: (project) => `Kubernetes 本体には含まれません。${project} は別途インストールするアドオンです。`,
  label: {
    timeline: '経緯',
    gates: 'フィーチャーゲート',
    keps: 'KEP',
    api: 'API',
    aliases: '別名',
    oldApis: '旧 API バージョン',
    sig: 'SIG',
    status: 'KEP の状態',
    example: '例',
    removedExample: '提供が終了した API の例',
    related: '関連',
    limits: 'クラスタ規模の上限',
    released: 'リリース日',
    planned: 'リリース予定日',
    eol: 'サポート終了',
    patch: '最新パッチ',
    theme: 'テーマ',
    highlights: '注目点',
    ga: 'GA になった機能',
    beta: 'ベータになった機能',
    alpha: '新しいアルファ機能',
    deprecated: '非推奨になったもの',
    removed: '削除されたもの',
    apiRemovals: '提供終了した API バージョン',
    apiDeprecations: '非推奨になった API バージョン',
    plannedGa: 'GA 予定',
    plannedBeta: 'ベータ予定',
    plannedAlpha: 'アルファ予定',
    announcement: 'リリースのお知らせ',
    sigRelease: 'リリースチームの資料',
    changelog: '変更履歴',
    deprecationGuide: '非推奨 API 移行ガイド',
    deprecatedIn: '非推奨',
    removedIn: '削除',
    replacement: '移行先',
    availableSince: '移行先が使えるバージョン',
    results: '候補',
  },
  nowOnByDefault: 'デフォルト有効に変更',
  nowOffByDefault: 'デフォルト無効',
  more: (n) => `…ほか ${n} 件`,
  none: '記録なし',
  asOf: (date) => `データ時点: ${date} · k8s-feature-bot`,
  stale: (date) =>
    `この内容は ${date} 時点のデータに基づくため、古い可能性があります。ボットの運用者にデータの更新を依頼してください。`,
  releaseTitle: (v, theme) => `Kubernetes ${v}${theme ? ` — ${theme}` : ''}`,
  releaseCounts: (ga, beta, alpha, removed) =>
    `GA ${ga} 件 · ベータ ${beta} 件 · 新アルファ ${alpha} 件 · 削除 ${removed} 件`,
  unreleased: (v, date) =>
    `${v} はまだリリースされていません${date ? `（${date} 予定）` : ''}。以下は予定であり、変わることがあります。`,
  compareTitle: (from, to) => `${from} から ${to} へのアップグレード`,
  compareIntro: (from, to, steps) =>
    `${from} より後から ${to} までの変更点です（マイナーリリース ${steps} 回分）。アップグレード前に API の削除に対応してください。`,
  compareSkipWarning: (steps) =>
    `コントロールプレーンは 1 マイナーずつしか上げられません。${steps} 段階のアップグレードを計画してください。`,
  apiTitle: (gv, kind) => `${kind ? `${kind} (` : ''}${gv}${kind ? ')' : ''}`,
  apiRemoved: (gv, kind, v) => `${kind} ${gv} は Kubernetes ${v} で提供が終了しました。`,
  apiDeprecated: (gv, kind, v, removal) =>
    `${kind} ${gv} は ${v} から非推奨です${removal ? `。${removal} で削除されます` : ''}。それまでは利用できます。`,
  apiServed: (gv, newest) =>
    `${gv} について非推奨や削除の記録はありません。Kubernetes ${newest} 時点で利用できます。`,
  apiNoReplacement: (kind) =>
    `${kind} には代わりになる API がありません。アップグレード前に別の仕組みを用意してください。`,
  apiHint: (from, to, v) =>
    `${v} へ上げる前に、マニフェスト・チャート・オペレーターの apiVersion: ${from} を apiVersion: ${to} に書き換え、移行ガイドでフィールドの変更点を確認してください。`,
  apiKindsIntro: (gv, n) => `${gv} で非推奨または削除になった種類は ${n} 件です:`,
  pspHint:
    'PodSecurityPolicy には代わりの API がありません。Pod Security Admission（名前空間のラベル）かポリシーエンジンで Pod Security Standards を適用してください。',
  searchTitle: (q) => `検索: ${q}`,
  searchNone: (q) => `「${q}」に一致するものは見つかりませんでした。`,
  didYouMean: 'もしかして:',
  notFoundTitle: '見つかりませんでした',
  notFound: (q) => `「${q}」に当てはまる Kubernetes の機能・リリース・API が見つかりませんでした。`,
  notFoundHint:
    '機能名（statefulset）、バージョン（1.24）、apiVersion（batch/v1beta1）、または help を試してください。',
  helpTitle: 'k8s-feature-bot',
  helpIntro: 'Kubernetes の機能・リリース・API バージョンについて、日本語か英語で質問できます。',
  helpExamples: [
    'feature petset — 機能カード（アルファ → ベータ → GA の経緯）',
    '1.24の変更点 — リリースカード',
    'compare 1.22 1.24 — アップグレード前に知っておくこと',
    'api extensions/v1beta1 Ingress — この apiVersion はまだ使える？',
    'search probe — スコア付きの検索結果',
    'digest preview — 今週のリリースダイジェスト',
  ],
  error: {
    INPUT_TOO_LONG: (d) => `質問が長すぎます（${d.length} 文字）。${d.limit} 文字以内でお願いします。`,
    FEATURE_NOT_FOUND: (d) => `「${d.query}」に一致する機能はありません。`,
    UNKNOWN_RELEASE: (d) =>
      `Kubernetes ${d.version} はデータにありません。既知のリリースは ${d.first} から ${d.last} です。`,
    UNKNOWN_API: (d) =>
      `${d.api} については分かりません。グループとバージョン（例: apps/v1、batch/v1beta1）を確認してください。`,
    BAD_COMPARE: (d) =>
      `リリースを比べるには ${d.first} から ${d.last} の間のバージョンを 2 つ指定してください（例: compare 1.22 1.24）。`,
    INTERNAL: () => '回答中に内部エラーが起きました。記録済みです。もう一度お試しください。',
    STORE_UNAVAILABLE: () =>
      'ダイジェストの設定に時間内にアクセスできなかったため、このコマンドの結果を確認できません。機能やリリースの質問はそのまま使えます。1 分ほどしてから再度お試しいただき、「digest status」で確認してください。',
  },
  errorTitle: 'ごめんなさい',
};

export function messages(lang: Lang): Messages {
  return lang === 'ja' ? ja : en;
}
