/**
 * Every user-facing sentence and label, in English and Japanese, in one place.
 */
import { z } from 'zod';
import type { ErrorCode } from './errors.js';

export const Lang = z.enum(['en', 'ja']);
export type Lang = z.infer<typeof Lang>;

type Stage = 'alpha' | 'beta' | 'stable' | 'deprecated' | 'removed';

const en = {
  lang: 'en' as Lang,
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
    locked: (v: string) => `gate locked on from ${v}`,
    gateRemoved: (v: string) => `gate removed in ${v}`,
    patchDefault: 'default changed in a patch release',
  },
  describe: {
    kepIntro: (name: string, kep: number | null, sig: string | null) =>
      `${name} is a Kubernetes enhancement${kep !== null ? ` tracked as KEP-${kep}` : ''}${sig ? ` and owned by ${sig}` : ''}.`,
    gateIntro: (gate: string, readable: string) =>
      `${gate} is a Kubernetes feature gate (${readable}) with no KEP of its own in the data.`,
    coreIntro: (name: string) => `${name} is a long-standing part of Kubernetes.`,
    step: (stage: string, version: string, on: boolean | undefined) =>
      `${stage} in ${version}${on === false ? ' (off by default)' : on === true ? ' (on by default)' : ''}`,
    history: (steps: string) => `It went ${steps}.`,
    noHistory: 'No release has shipped it yet.',
    plans: (steps: string) => `Planned: ${steps}.`,
    gate: (gate: string, others: number) =>
      `It is controlled by the ${gate} feature gate${others > 0 ? ` (and ${others} more gate${others === 1 ? '' : 's'} for parts of it)` : ''}.`,
    withdrawn: (status: string) => `Its KEP was ${status}, so it never shipped as planned.`,
    replaced: 'Its KEP was replaced by another one, which carries the feature on.',
    deferred: 'Its KEP is deferred: nobody is working on it for now.',
  },
  gateStage: (stage: string, version: string, on: boolean | null, lockedIn: string | undefined) =>
    `${stage} ${version}${on === null ? '' : on ? ' (on)' : ' (off)'}${lockedIn ? ` (locked from ${lockedIn})` : ''}`,
  /** Joins list items: ", " in English, "、" in Japanese. */
  list: (items: string[]) => items.join(', '),
  kepStatus: {
    implemented: 'implemented',
    implementable: 'implementable',
    provisional: 'provisional',
    withdrawn: 'withdrawn',
    rejected: 'rejected',
    replaced: 'replaced',
    superseded: 'superseded',
    deferred: 'deferred',
    removed: 'removed',
  } as Record<string, string>,
  gateLine: (name: string, history: string, former: string[]) =>
    `${name}${former.length > 0 ? ` (formerly ${former.join(', ')})` : ''}: ${history}`,
  gateRemovedStep: (v: string) => `gate removed in ${v}`,
  gateFocus: (gate: string, history: string, feature: string, primary: boolean) =>
    primary
      ? `The ${gate} feature gate: ${history}.`
      : `${gate} is one of the feature gates of ${feature}: ${history}.`,
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
    actFirst: 'Act on these first: API versions no longer served',
    nowOn: 'Now on by default (no flag needed)',
    nowOff: 'Now off by default',
    target: 'Target release',
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
  moreSections: (n: number) => `…and ${n} more section${n === 1 ? '' : 's'}`,
  seeAll: 'see all',
  share: 'Share in channel',
  shareShort: 'Share',
  sharedBy: (who: string) => `Shared by ${who}`,
  followUp: {
    /** The note under an answer to a follow-up in a thread: the question it was read as. */
    readAs: (question: string) => `Follow-up read as: ${question}`,
    examplesTitle: (name: string) => `${name}: YAML examples`,
    noExamples: (name: string) =>
      `The data has no YAML example for ${name} (it may have no API object or field of its own).`,
  },
  details: 'details',
  /** A bracketed remark: " (x)" in English, "（x）" in Japanese. */
  paren: (x: string) => ` (${x})`,
  none: 'nothing recorded',
  asOf: (date: string) => `Data as of ${date} · k8s-feature-bot`,
  asOfStale: (date: string, overdue: { version: string; date: string } | null) =>
    `Data as of ${date}; it may be out of date${overdue ? ` (it still shows ${overdue.version}, due ${overdue.date}, as unreleased)` : ''} · k8s-feature-bot`,
  stale: (date: string, overdue: { version: string; date: string } | null) =>
    `These facts come from data as of ${date} and may be out of date${overdue ? ` (${overdue.version} was due on ${overdue.date} and the data does not show it yet)` : ''}; ask the bot's operators to run a sync (k8sbot sync).`,
  releaseTitle: (v: string, theme: string | undefined) => `Kubernetes ${v}${theme ? ` — ${theme}` : ''}`,
  releaseCounts: (ga: number, beta: number, alpha: number, removed: number) =>
    `${ga} went GA · ${beta} beta · ${alpha} new alpha · ${removed} removed`,
  unreleased: (v: string, date: string | null) =>
    `${v} is not released yet${date ? `; planned for ${date}` : ''}. Stages below are plans and can change.`,
  overdue: (v: string, date: string, asOf: string) =>
    `${v} was planned for ${date}, after the data I answer from (as of ${asOf}), so it has most likely been released since. Run k8sbot sync (or ask the bot's operators) to refresh the data; the stages below were plans.`,
  compareTitle: (from: string, to: string) => `Upgrading from ${from} to ${to}`,
  compareIntro: (from: string, to: string, steps: number) =>
    `What changed after ${from} up to and including ${to} (${steps} minor release${steps === 1 ? '' : 's'}): first what you must act on, then what changes by itself, then what is new.`,
  compareEol: (to: string, eol: string) =>
    `${to} reached end of life on ${eol}: it gets no more patches, so consider a newer target.`,
  compareNoRemovals: 'No API version stops being served on this path.',
  compareSkipWarning: (steps: number) =>
    `The control plane upgrades one minor release at a time: plan ${steps} upgrade steps.`,
  apiTitle: (gv: string, kind?: string) => `${kind ? `${kind} in ` : ''}${gv}`,
  apiRemoved: (gv: string, kind: string, v: string) =>
    `${kind} ${gv} is no longer served since Kubernetes ${v}.`,
  apiDeprecated: (gv: string, kind: string, v: string, removal: string | null) =>
    `${kind} ${gv} is deprecated since ${v}${removal ? ` and is removed in ${removal}` : ''}; it is still served until then.`,
  apiServed: (gv: string, newest: string) =>
    `${gv} is served as of Kubernetes ${newest}, and no deprecation of it is recorded.`,
  apiRemovedWith: (gv: string, feature: string, v: string | null) =>
    `${gv} is no longer served: it went away${v ? ` in Kubernetes ${v}` : ''} together with ${feature}.`,
  apiSuperseded: (gv: string, newer: string) =>
    `${gv} is no longer served: it was an early version that ${newer} replaced.`,
  apiNever: (gv: string, group: string, known: string) =>
    `Kubernetes never served ${gv}. The versions of ${group} I know are ${known}.`,
  apiKindNever: (gv: string, kind: string, known: string) =>
    `${gv} does not serve a kind called ${kind}. Its kinds are ${known}.`,
  apiKindChange: (from: string, fromKind: string, to: string, toKind: string) =>
    `This is not only an apiVersion change: ${fromKind} (${from}) was replaced by a different kind, ${toKind} (${to}). Recreate the objects as ${toKind}; its fields differ.`,
  apiChain: (stated: string, target: string) =>
    `The replacement named at the time, ${stated}, was itself removed later; move straight to ${target}.`,
  apiStatusLine: (kind: string, state: string) => `${kind}: ${state}`,
  apiState: {
    served: 'served',
    deprecated: 'deprecated, still served',
    removed: 'no longer served',
  } as Record<string, string>,
  apiKindsIn: (gv: string) => `Kinds of ${gv}:`,
  apiVersionsTitle: (kinds: string) => `${kinds}: API versions to move from`,
  apiVersionsIntro: (n: number) =>
    `${n} deprecated or removed API version${n === 1 ? '' : 's'}, each with where to move:`,
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
  category: {
    workloads: 'workloads',
    networking: 'networking',
    'config-storage': 'config and storage',
    policy: 'policy',
    security: 'security',
    'api-extensibility': 'API and extensibility',
    scheduling: 'scheduling',
    autoscaling: 'autoscaling',
    'cluster-lifecycle': 'cluster lifecycle',
    'node-runtime': 'nodes and runtime',
    observability: 'observability',
    cli: 'kubectl and CLI',
    'cloud-provider': 'cloud providers',
    project: 'project',
    other: 'other',
  } as Record<string, string>,
  helpExamplesTitle: 'Examples',
  helpCounts: (features: number, releases: number, newest: string, apis: number) =>
    `${features} features · ${releases} releases (1.0–${newest}) · ${apis} API removals`,
  helpExamples: [
    'feature petset — a feature card with its alpha → beta → GA history',
    'what changed in 1.24? — a release card',
    'compare 1.22 1.24 — what to know before upgrading',
    'api extensions/v1beta1 Ingress — is this apiVersion still served?',
    'search probe — the best matches with scores',
    'digest preview — this week’s release digest',
    'check 1.29 + manifests in a code block (or a shared YAML file) — will they survive the upgrade?',
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
    CHECK_TOO_LARGE: (d: Record<string, string>) =>
      `Those manifests are too large to check here (${d.size}; the limit is ${d.limit}). Check them in CI with k8sbot check, or send fewer at a time.`,
    CHECK_TOO_MANY_OBJECTS: (d: Record<string, string>) =>
      `Those manifests hold ${d.objects} objects; the limit here is ${d.limit}. Check them in CI with k8sbot check, or send fewer at a time.`,
    CHECK_VERSIONS: (d: Record<string, string>) =>
      `Check against a release between ${d.first} and ${d.last}, and give "from" a release before the target (for example: check 1.29 from 1.27).`,
    CLUSTER_NOT_CONFIGURED: () =>
      'No cluster is configured. The operators can set K8SBOT_KUBECONFIG (a kubeconfig file, or in-cluster) to show clusters here.',
    UNKNOWN_CLUSTER: (d: Record<string, string>) =>
      `There is no cluster called "${d.name}". Configured: ${d.known}.`,
  } as Record<ErrorCode, (d: Record<string, string>) => string>,
  direct: {
    yes: 'Yes',
    no: 'No',
    partly: 'Partly',
    /** "Yes — …". */
    lead: (verdict: string, sentence: string) => `${verdict} — ${sentence}`,
    stageIn: (name: string, v: string, stage: string) => `in ${v} ${name} is ${stage}`,
    onByDefault: ' and on by default',
    offByDefault: ' and off by default',
    defaultUnknown: ' (the data does not say whether it is on by default)',
    gap: ' ',
    enableGate: (gate: string) => `: turn on the feature gate ${gate}`,
    enableSomehow: ': it must be turned on',
    absent: (name: string, v: string) => `${name} is not in Kubernetes ${v}`,
    arrives: (v: string, stage: string) => `it arrives in ${v} (${stage})`,
    neverShipped: (name: string) => `${name} has not shipped in any release`,
    addon: (name: string, project: string, url: string) =>
      `${name} is not part of any Kubernetes release: it is an add-on (${project}) you install separately; check its own versions and the Kubernetes releases they support (${url})`,
    removed: (name: string, v: string) => `${name} was removed in ${v}`,
    stillThere: (name: string, v: string, stage: string) => `${name} is still there in ${v} (${stage})`,
    isStage: (name: string, stage: string, v: string, since: string) =>
      `${name} is ${stage} in ${v} (since ${since})`,
    notYet: (name: string, stage: string, v: string, current: string) =>
      `in ${v} ${name} is ${current}, not ${stage} yet`,
    past: (name: string, current: string, since: string, stage: string) =>
      `${name} is ${current} since ${since}, past ${stage}`,
    deprecatedSince: (name: string, v: string) => `${name} is deprecated since ${v}`,
    notDeprecated: (name: string, v: string, current: string) =>
      `${name} is not deprecated in ${v} (it is ${current})`,
    wentTo: (name: string, stage: string, v: string) => `${name} went ${stage} in ${v}`,
    firstAdded: (name: string, v: string, stage: string) => `${name} was first added in ${v} (${stage})`,
    onFrom: (name: string, v: string) => `${name} is on by default from ${v}`,
    notStageYet: (name: string, stage: string) => `${name} is not ${stage} yet`,
    neverOn: (name: string) => `${name} is not on by default in any release yet`,
    /** The history after the verdict: "alpha in 1.28, beta and on by default in 1.29, GA in 1.33". */
    step: (what: string, v: string, planned: boolean) => `${what} ${planned ? 'planned for' : 'in'} ${v}`,
    stepOn: 'on by default',
    stepBetaOn: 'beta and on by default',
    stepBetaOff: 'beta (off by default)',
    history: (steps: string) => `History: ${steps}.`,
    join: (parts: string[]) => parts.join(', '),
    end: '.',
    sep: '; ',
  },
  errorTitle: 'Sorry',
};

export type Messages = typeof en;

const ja: Messages = {
  lang: 'ja',
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
    locked: (v) => `${v} からゲートは常に有効`,
    gateRemoved: (v) => `${v} でゲート削除`,
    patchDefault: 'パッチリリースでデフォルトを変更',
  },
  describe: {
    kepIntro: (name, kep, sig) =>
      `「${name}」は${sig ? ` ${sig} が担当する` : ''} Kubernetes の機能拡張${kep !== null ? `（KEP-${kep}）` : ''}です。`,
    gateIntro: (gate) =>
      `${gate} は Kubernetes のフィーチャーゲートで、データには対応する KEP がありません。`,
    coreIntro: (name) => `${name} は Kubernetes に以前からある機能です。`,
    step: (stage, version, on) =>
      `${version} で${/^[A-Za-z]/.test(stage) ? ` ${stage} ` : stage}${on === false ? '（デフォルト無効）' : on === true ? '（デフォルト有効）' : ''}`,
    history: (steps) => `${steps}になりました。`,
    noHistory: 'まだどのリリースにも含まれていません。',
    plans: (steps) => `予定: ${steps}。`,
    gate: (gate, others) =>
      `フィーチャーゲート ${gate} で制御します${others > 0 ? `（ほかに一部を制御するゲートが ${others} 個あります）` : ''}。`,
    withdrawn: (status) => `KEP は${status}となり、計画どおりには提供されませんでした。`,
    replaced: 'KEP は別の KEP に置き換えられ、機能はそちらで引き継がれています。',
    deferred: 'KEP は延期されており、現在は進められていません。',
  },
  gateStage: (stage, version, on, lockedIn) =>
    `${stage} ${version}${on === null ? '' : on ? '（有効）' : '（無効）'}${lockedIn ? `（${lockedIn} から固定）` : ''}`,
  list: (items) => items.join('、'),
  kepStatus: {
    implemented: '実装済み',
    implementable: '実装予定',
    provisional: '検討中',
    withdrawn: '取り下げ',
    rejected: '却下',
    replaced: '置き換え済み',
    superseded: '後継の KEP あり',
    deferred: '延期',
    removed: '削除',
  },
  gateLine: (name, history, former) =>
    `${name}${former.length > 0 ? `（旧称 ${former.join('、')}）` : ''}: ${history}`,
  gateRemovedStep: (v) => `${v} でゲート削除`,
  gateFocus: (gate, history, feature, primary) =>
    primary
      ? `フィーチャーゲート ${gate}: ${history}。`
      : `${gate} は「${feature}」のフィーチャーゲートの一つです: ${history}。`,
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
    actFirst: '最初に対応: 提供が終了する API バージョン',
    nowOn: '既定で有効になったもの（設定不要）',
    nowOff: '既定で無効になったもの',
    target: 'アップグレード先',
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
  moreSections: (n) => `…ほか ${n} セクション`,
  seeAll: 'すべて見る',
  share: 'チャンネルに共有',
  shareShort: '共有',
  sharedBy: (who) => `${who} さんが共有`,
  followUp: {
    readAs: (question) => `続きの質問として回答: ${question}`,
    examplesTitle: (name) => `${name} の YAML の例`,
    noExamples: (name) =>
      `${name} の YAML の例はデータにありません（独自の API オブジェクトやフィールドがない機能かもしれません）。`,
  },
  details: '詳細',
  paren: (x) => `（${x}）`,
  none: '記録なし',
  asOf: (date) => `データ時点: ${date} · k8s-feature-bot`,
  asOfStale: (date, overdue) =>
    `データ時点: ${date}（古くなっている可能性があります${overdue ? `。${overdue.date} 予定の ${overdue.version} がまだ未リリースのままです` : ''}）· k8s-feature-bot`,
  stale: (date, overdue) =>
    `この内容は ${date} 時点のデータに基づいており、古くなっている可能性があります${overdue ? `（${overdue.date} 予定の ${overdue.version} がまだデータに反映されていません）` : ''}。ボットの運用担当者にデータの同期（k8sbot sync）を依頼してください。`,
  releaseTitle: (v, theme) => `Kubernetes ${v}${theme ? ` — ${theme}` : ''}`,
  releaseCounts: (ga, beta, alpha, removed) =>
    `GA ${ga} 件 · ベータ ${beta} 件 · 新アルファ ${alpha} 件 · 削除 ${removed} 件`,
  unreleased: (v, date) =>
    `${v} はまだリリースされていません${date ? `（${date} 予定）` : ''}。以下は予定であり、変わることがあります。`,
  overdue: (v, date, asOf) =>
    `${v} は ${date} にリリース予定でした。回答に使っているデータ（${asOf} 時点）より後の日付なので、すでにリリースされている可能性が高いです。k8sbot sync でデータを更新してください（またはボットの運用担当者に依頼してください）。以下のステージは予定です。`,
  compareTitle: (from, to) => `${from} から ${to} へのアップグレード`,
  compareIntro: (from, to, steps) =>
    `${from} より後から ${to} までの変更点です（マイナーリリース ${steps} 回分）。まず対応が必要なもの、次に自動で変わるもの、最後に新機能の順に示します。`,
  compareEol: (to, eol) =>
    `${to} は ${eol} にサポートが終了しており、パッチは出ません。より新しいバージョンを目標にすることを検討してください。`,
  compareNoRemovals: 'このアップグレードで提供が終了する API バージョンはありません。',
  compareSkipWarning: (steps) =>
    `コントロールプレーンは 1 マイナーずつしか上げられません。${steps} 段階のアップグレードを計画してください。`,
  apiTitle: (gv, kind) => `${kind ? `${kind} (` : ''}${gv}${kind ? ')' : ''}`,
  apiRemoved: (gv, kind, v) => `${kind} ${gv} は Kubernetes ${v} で提供が終了しました。`,
  apiDeprecated: (gv, kind, v, removal) =>
    `${kind} ${gv} は ${v} から非推奨です${removal ? `。${removal} で削除されます` : ''}。それまでは利用できます。`,
  apiServed: (gv, newest) => `${gv} は Kubernetes ${newest} 時点で提供されており、非推奨の記録はありません。`,
  apiRemovedWith: (gv, feature, v) =>
    `${gv} は提供されていません。${v ? `Kubernetes ${v} で` : ''}${feature}とともに廃止されました。`,
  apiSuperseded: (gv, newer) =>
    `${gv} は提供されていません。初期のバージョンで、${newer} に置き換えられました。`,
  apiNever: (gv, group, known) =>
    `${gv} は Kubernetes で提供されたことがありません。${group} の既知のバージョンは ${known} です。`,
  apiKindNever: (gv, kind, known) =>
    `${gv} には ${kind} という種類はありません。この API の種類は ${known} です。`,
  apiKindChange: (from, fromKind, to, toKind) =>
    `apiVersion を変えるだけでは移行できません。${fromKind}（${from}）は別の種類 ${toKind}（${to}）に置き換えられました。${toKind} としてオブジェクトを作り直してください（フィールドも異なります）。`,
  apiChain: (stated, target) =>
    `当時の移行先 ${stated} も後に削除されたので、${target} に直接移行してください。`,
  apiStatusLine: (kind, state) => `${kind}: ${state}`,
  apiState: { served: '提供中', deprecated: '非推奨（提供中）', removed: '提供終了' },
  apiKindsIn: (gv) => `${gv} の種類:`,
  apiVersionsTitle: (kinds) => `${kinds}: 移行が必要な API バージョン`,
  apiVersionsIntro: (n) =>
    `非推奨または削除になった API バージョンが ${n} 件あります（それぞれの移行先つき）:`,
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
  category: {
    workloads: 'ワークロード',
    networking: 'ネットワーク',
    'config-storage': '設定とストレージ',
    policy: 'ポリシー',
    security: 'セキュリティ',
    'api-extensibility': 'API と拡張',
    scheduling: 'スケジューリング',
    autoscaling: 'オートスケーリング',
    'cluster-lifecycle': 'クラスターのライフサイクル',
    'node-runtime': 'ノードとランタイム',
    observability: 'オブザーバビリティ',
    cli: 'kubectl と CLI',
    'cloud-provider': 'クラウドプロバイダー',
    project: 'プロジェクト',
    other: 'その他',
  },
  helpExamplesTitle: '例',
  helpCounts: (features, releases, newest, apis) =>
    `機能 ${features} 件 · リリース ${releases} 件（1.0〜${newest}）· 提供終了した API ${apis} 件`,
  helpExamples: [
    'feature petset — 機能カード（アルファ → ベータ → GA の経緯）',
    '1.24の変更点 — リリースカード',
    'compare 1.22 1.24 — アップグレード前に知っておくこと',
    'api extensions/v1beta1 Ingress — この apiVersion はまだ使える？',
    'search probe — スコア付きの検索結果',
    'digest preview — 今週のリリースダイジェスト',
    'check 1.29 + コードブロックのマニフェスト（または YAML ファイル）— アップグレード後も動く？',
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
    CHECK_TOO_LARGE: (d) =>
      `マニフェストが大きすぎてここではチェックできません（${d.size}、上限は ${d.limit}）。CI で k8sbot check を使うか、分けて送ってください。`,
    CHECK_TOO_MANY_OBJECTS: (d) =>
      `マニフェストにオブジェクトが ${d.objects} 件あります。ここでの上限は ${d.limit} 件です。CI で k8sbot check を使うか、分けて送ってください。`,
    CHECK_VERSIONS: (d) =>
      `${d.first} から ${d.last} の間のリリースを対象にし、from には対象より前のリリースを指定してください（例: check 1.29 from 1.27）。`,
    CLUSTER_NOT_CONFIGURED: () =>
      'クラスタが設定されていません。運用担当者が K8SBOT_KUBECONFIG（kubeconfig ファイル、または in-cluster）を設定すると、ここに表示できます。',
    UNKNOWN_CLUSTER: (d) => `「${d.name}」というクラスタはありません。設定済み: ${d.known}。`,
  },
  direct: {
    yes: 'はい',
    no: 'いいえ',
    partly: '条件つきで可能',
    lead: (verdict, sentence) => `${verdict}。${sentence}`,
    stageIn: (name, v, stage) => `${v} の ${name} は${stage}`,
    onByDefault: 'で、既定で有効です',
    offByDefault: 'で、既定では無効です',
    defaultUnknown: '（既定で有効かどうかはデータにありません）',
    gap: '',
    enableGate: (gate) => `（フィーチャーゲート ${gate} を有効にしてください）`,
    enableSomehow: '（有効にする設定が必要です）',
    absent: (name, v) => `${name} は Kubernetes ${v} にはまだありません`,
    arrives: (v, stage) => `${v} で入ります（${stage}）`,
    neverShipped: (name) => `${name} はまだどのリリースにも入っていません`,
    addon: (name, project, url) =>
      `${name} は Kubernetes のリリースには含まれません。別途インストールするアドオン（${project}）なので、対応する Kubernetes のバージョンはプロジェクト側で確認してください（${url}）`,
    removed: (name, v) => `${name} は ${v} で削除されました`,
    stillThere: (name, v, stage) => `${name} は ${v} でもまだあります（${stage}）`,
    isStage: (name, stage, v, since) => `${v} の ${name} は${stage}です（${since} から）`,
    notYet: (name, stage, v, current) => `${v} の ${name} は${current}で、まだ${stage}ではありません`,
    past: (name, current, since, stage) =>
      `${name} は ${since} から${current}で、${stage}の段階は終わっています`,
    deprecatedSince: (name, v) => `${name} は ${v} から非推奨です`,
    notDeprecated: (name, v, current) => `${v} の ${name} は非推奨ではありません（${current}）`,
    wentTo: (name, stage, v) => `${name} は ${v} で${stage}になりました`,
    firstAdded: (name, v, stage) => `${name} は ${v} で初めて入りました（${stage}）`,
    onFrom: (name, v) => `${name} は ${v} から既定で有効です`,
    notStageYet: (name, stage) => `${name} はまだ${stage}ではありません`,
    neverOn: (name) => `${name} はまだどのリリースでも既定で有効ではありません`,
    step: (what, v, planned) => `${v} で${what}${planned ? '（予定）' : ''}`,
    stepOn: '既定で有効',
    stepBetaOn: 'ベータ・既定で有効',
    stepBetaOff: 'ベータ（既定で無効）',
    history: (steps) => `経緯: ${steps}。`,
    join: (parts) => parts.join('、'),
    end: '。',
    sep: '。',
  },
  errorTitle: 'ごめんなさい',
};

export function messages(lang: Lang): Messages {
  return lang === 'ja' ? ja : en;
}
