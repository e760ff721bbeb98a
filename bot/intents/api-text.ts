/**
 * Reading API versions out of what people write: "batch/v1beta1", "Batch V1Beta1", "apps/v1beat1" (a typo),
 * kubectl's warning "policy/v1beta1 PodDisruptionBudget is deprecated in v1.21+, unavailable in v1.25+; use
 * policy/v1", and statements such as "CronJob batch/v1beta1 removed in 1.25", "Update PodDisruptionBudget to
 * policy/v1", "Deployment no longer served under extensions". Pure; all lookups are Maps.
 */
import { type ApiCatalog, apiCatalog, type KindStatus } from '../../knowledge/api-catalog.js';
import { typoDistance } from '../../knowledge/search.js';
import { singular } from '../../knowledge/text.js';
import type { ViewContext } from '../views/context.js';

export interface ApiMention {
  group: string;
  version: string;
  /** Where in the text, for "first one wins". */
  at: number;
}

/** kubectl's short names for kinds that have had API versions removed or deprecated. */
const SHORT_NAMES = new Map<string, string>([
  ['deploy', 'Deployment'],
  ['ds', 'DaemonSet'],
  ['rs', 'ReplicaSet'],
  ['sts', 'StatefulSet'],
  ['cj', 'CronJob'],
  ['hpa', 'HorizontalPodAutoscaler'],
  ['pdb', 'PodDisruptionBudget'],
  ['psp', 'PodSecurityPolicy'],
  ['netpol', 'NetworkPolicy'],
  ['ing', 'Ingress'],
  ['crd', 'CustomResourceDefinition'],
  ['crds', 'CustomResourceDefinition'],
  ['pc', 'PriorityClass'],
  ['csr', 'CertificateSigningRequest'],
  ['ep', 'Endpoints'],
  ['ev', 'Event'],
  ['sc', 'StorageClass'],
]);

/** Words that make a mention of a kind a question about its API versions, on their own. */
const API_CHANGE =
  /\bdeprecat|\bunavailable|no longer served|not served|\bapi ?version|\bapiversion|ベータ版\s*API|提供されなく|提供終了|非推奨|廃止/i;
/** Words that do so only next to an API version ("bump v1beta1 to v1", "Update PodDisruptionBudget to policy/v1"). */
const API_MOVE =
  /migrat|bump|upgrad|updat|\buse\b|->|→|instead|in favou?r of|replac|remov|削除|移行|\bto\s+[a-z0-9.-]+\/v\d/i;
const API_VERSION_TOKEN = /(?<![\w.-])v\d+(?:(?:alpha|beta)\d*)?(?![\w.-])|[a-z]\/v\d/i;

const GROUP_VERSION = /(?<![\w./-])([a-z][a-z0-9-]*(?:\.[a-z0-9-]+)*)\/(v[0-9a-z]{1,12})(?![\w-])/gi;
const SPACED = /\b([a-z][a-z0-9-]*(?:\.[a-z0-9-]+)*)\s+(v\d+(?:(?:alpha|beta)\d*)?)(?![\w.-])/gi;
const REVERSED = /(?<![\w./-])(v\d+(?:(?:alpha|beta)\d*)?)\s+([a-z][a-z0-9-]{4,})(?![\w./-])/gi;
const BARE_VERSION = /(?<![\w./-])(v\d+(?:(?:alpha|beta)\d*)?)(?![\w./-])/gi;

interface Vocabulary {
  kinds: Map<string, string>;
  /** "networking" → "networking.k8s.io", "batch" → "batch". */
  groupsByLabel: Map<string, string>;
  catalog: ApiCatalog;
  /** Every kind of every group/version. */
  everyKind: KindStatus[];
}

const vocabularies = new WeakMap<object, Vocabulary>();

function vocabulary(ctx: ViewContext): Vocabulary {
  let v = vocabularies.get(ctx.corpus);
  if (!v) {
    const catalog = apiCatalog(ctx.corpus);
    const kinds = new Map<string, string>();
    for (const gv of catalog.all()) for (const k of gv.kinds) kinds.set(k.kind.toLowerCase(), k.kind);
    const groupsByLabel = new Map<string, string>();
    for (const g of catalog.groups) {
      groupsByLabel.set(g, g);
      const label = g.split('.')[0] as string;
      if (!groupsByLabel.has(label)) groupsByLabel.set(label, g);
    }
    v = { kinds, groupsByLabel, catalog, everyKind: catalog.all().flatMap((gv) => gv.kinds) };
    vocabularies.set(ctx.corpus, v);
  }
  return v;
}

/** A short group with a typo ("app/v1") next to a kind it serves ("Deployment"): the one group that fits. */
function shortTypo(written: string, text: string, v: Vocabulary): string | undefined {
  const kinds = new Set(
    [...text.matchAll(/\b[A-Z][A-Za-z0-9]+\b/g)].map((m) => v.kinds.get(m[0].toLowerCase())).filter(Boolean),
  );
  if (kinds.size === 0) return undefined;
  const fits = [...v.catalog.groups].filter(
    (g) =>
      g.length >= 3 &&
      typoDistance(written, g.split('.')[0] as string) === 1 &&
      v.catalog.all().some((gv) => gv.group === g && gv.kinds.some((k) => kinds.has(k.kind))),
  );
  return fits.length === 1 ? fits[0] : undefined;
}

/** A group written with another ending ("autoscaler" for autoscaling, "apiextension"): one group shares its stem. */
function byStem(written: string, v: Vocabulary): string | undefined {
  if (written.length < 7 || written.includes('.')) return undefined;
  const stem = written.slice(0, 7);
  const matches = [...v.groupsByLabel].filter(([label]) => label.startsWith(stem) && !label.includes('.'));
  return matches.length === 1 ? matches[0]?.[1] : undefined;
}

/** The known group/version a written one means, typos corrected ("apps/v1beat1" → apps/v1beta1). */
function resolve(
  group: string,
  version: string,
  v: Vocabulary,
  text = '',
): { group: string; version: string } | undefined {
  const g = group.toLowerCase();
  let known = v.groupsByLabel.get(g) ?? (g.length < 5 ? shortTypo(g, text, v) : undefined);
  if (!known && g.length >= 5) {
    let best: [string, number] | undefined;
    for (const candidate of v.catalog.groups) {
      const d = typoDistance(g, candidate);
      if (d <= 2 && (!best || d < best[1])) best = [candidate, d];
    }
    known = best?.[0] ?? byStem(g, v);
  }
  if (!known) return undefined;
  const ver = version.toLowerCase();
  const versions = v.catalog.versionsOf(known);
  if (versions.includes(ver)) return { group: known, version: ver };
  if (/^v\d+(?:alpha|beta)?\d*$/.test(ver)) {
    // "v1beta" names the first beta.
    const prefix = versions.find((x) => x.startsWith(ver) && /\d$/.test(x));
    if (prefix && /(?:alpha|beta)$/.test(ver)) return { group: known, version: prefix };
  }
  let best: [string, number] | undefined;
  for (const candidate of versions) {
    const d = typoDistance(ver, candidate);
    if (d <= 2 && (!best || d < best[1])) best = [candidate, d];
  }
  // A version the group never had but that is well formed is kept as written: "never existed" is an answer.
  if (/^v\d+(?:(?:alpha|beta)\d+)?$/.test(ver)) return { group: known, version: ver };
  return best ? { group: known, version: best[0] } : undefined;
}

const MOVE_TARGET = /(?:\bto|→|->|\buse|\busing|in favou?r of)\s+(?:(?:the|an?)\s+)?(?:[A-Z][A-Za-z]+\s+)?$/i;

/** Whether the API written at `at` is where to move ("Update PodDisruptionBudget to policy/v1"), not what to leave. */
export function isMoveTarget(text: string, at: number): boolean {
  return MOVE_TARGET.test(text.slice(Math.max(0, at - 32), at));
}

/** group/version mentions, in order: "batch/v1beta1", "Batch V1Beta1". */
export function apiMentions(text: string, ctx: ViewContext): ApiMention[] {
  const v = vocabulary(ctx);
  const out: ApiMention[] = [];
  for (const m of text.matchAll(GROUP_VERSION)) {
    const r = resolve(m[1] ?? '', m[2] ?? '', v, text);
    if (r) out.push({ ...r, at: m.index ?? 0 });
  }
  const label = (word: string) => {
    const w = word.toLowerCase();
    return v.groupsByLabel.get(w) ?? byStem(w, v);
  };
  for (const m of text.matchAll(SPACED)) {
    const group = label(m[1] ?? '');
    if (!group || out.some((x) => Math.abs(x.at - (m.index ?? 0)) < 3)) continue;
    const r = resolve(group, m[2] ?? '', v);
    if (r) out.push({ ...r, at: m.index ?? 0 });
  }
  // "update v1beta1 apiextension to v1": the version first.
  for (const m of text.matchAll(REVERSED)) {
    const group = label(m[2] ?? '');
    if (!group || group === 'core' || out.some((x) => Math.abs(x.at - (m.index ?? 0)) < 3)) continue;
    const r = resolve(group, m[1] ?? '', v);
    if (r) out.push({ ...r, at: m.index ?? 0 });
  }
  return out.sort((a, b) => a.at - b.at);
}

/** Kinds named in the text (names, plurals, kubectl short names), in order. */
export function kindsIn(text: string, ctx: ViewContext): Array<{ kind: string; at: number }> {
  const v = vocabulary(ctx);
  const out: Array<{ kind: string; at: number }> = [];
  const aboutApi = /api ?version|apiversion/i.test(text);
  // "deployment to apps/v1": an everyday-word kind counts next to a group/version that serves it.
  const groups = new Set(
    [...text.matchAll(GROUP_VERSION)]
      .map((m) => v.groupsByLabel.get((m[1] ?? '').toLowerCase()))
      .filter(Boolean),
  );
  const kindOfGroup = (kind: string) =>
    groups.size > 0 &&
    v.catalog.all().some((gv) => groups.has(gv.group) && gv.kinds.some((k) => k.kind === kind));
  const words = [...text.matchAll(/[A-Za-z][A-Za-z0-9]*/g)]
    .map((m) => ({ word: m[0], at: m.index ?? 0 }))
    // Part of a group/version ("policy/v1beta1") is not a kind.
    .filter(({ word, at }) => text[at + word.length] !== '/' && text[at - 1] !== '/' && text[at - 1] !== '.');
  const add = (kind: string, at: number) => {
    if (!out.some((x) => x.kind === kind)) out.push({ kind, at });
  };
  for (let i = 0; i < words.length; i++) {
    const { word, at } = words[i] as { word: string; at: number };
    // A kind written as words ("Pod Security Policy", "horizontal pod autoscalers").
    let spaced: string | undefined;
    for (const n of [3, 2]) {
      const run = words.slice(i, i + n);
      if (run.length < n || !adjacent(text, run)) continue;
      const joined = run.map((w) => w.word.toLowerCase()).join('');
      spaced = v.kinds.get(joined) ?? v.kinds.get(singular(joined));
      if (spaced) {
        i += n - 1;
        break;
      }
    }
    if (spaced) {
      add(spaced, at);
      continue;
    }
    const lower = word.toLowerCase();
    const kind = v.kinds.get(lower) ?? v.kinds.get(singular(lower)) ?? SHORT_NAMES.get(lower);
    if (!kind) continue;
    // A kind that is also an everyday word ("policy", "event", "scale") counts when written as a kind.
    const compound = /[a-z][A-Z]/.test(kind) || SHORT_NAMES.has(lower);
    if (!compound && !/^[A-Z]/.test(word) && !aboutApi && !kindOfGroup(kind)) continue;
    // Part of a longer name ("Ingress NGINX" is a controller, not the Ingress API).
    if (partOfName(words, i, text, ctx)) continue;
    add(kind, at);
  }
  return out;
}

/** Words separated by spaces or hyphens only. */
function adjacent(text: string, run: Array<{ word: string; at: number }>): boolean {
  for (let i = 1; i < run.length; i++) {
    const prev = run[i - 1] as { word: string; at: number };
    const gap = text.slice(prev.at + prev.word.length, (run[i] as { at: number }).at);
    if (!/^[\s-]{1,2}$/.test(gap)) return false;
  }
  return true;
}

/** The word at i is part of a longer feature name written around it. */
function partOfName(
  words: Array<{ word: string; at: number }>,
  i: number,
  text: string,
  ctx: ViewContext,
): boolean {
  const own = ctx.index.lookupExact((words[i] as { word: string }).word);
  for (const [from, to] of [
    [i, i + 2],
    [i, i + 3],
    [i - 1, i + 1],
    [i - 2, i + 1],
  ] as const) {
    if (from < 0 || to > words.length) continue;
    const run = words.slice(from, to);
    if (!adjacent(text, run)) continue;
    const f = ctx.index.lookupExact(run.map((w) => w.word).join(' '));
    if (f && f !== own) return true;
  }
  return false;
}

/**
 * "use autoscaling/v2 API for kube 1.26+": the versions whose replacement is the one to move to (those removed in
 * the release named, when it names one).
 */
export function movesTo(target: ApiMention, text: string, ctx: ViewContext): KindStatus[] {
  const v = vocabulary(ctx);
  const rows = v.catalog
    .all()
    .flatMap((gv) => gv.kinds)
    .filter(
      (k) =>
        k.removal?.replacement?.group === target.group && k.removal.replacement.version === target.version,
    );
  const minor = /(?<![\w.])v?1\.(\d{1,2})\+?(?![\w.])/.exec(text)?.[1];
  const inRelease = minor ? rows.filter((k) => k.removedIn === `1.${Number(minor)}`) : [];
  return inRelease.length > 0 ? inRelease : rows;
}

/** The version of a kind a sentence is about: removed or deprecated ones first, then the first written. */
export interface KindApi {
  kind: string;
  rows: KindStatus[];
}

/**
 * A statement or question about a kind's API versions ("PodDisruptionBudget is deprecated in v1.21+",
 * "Update PodDisruptionBudget to policy/v1", "Role and Rolebinding API version bump v1beta1 to v1"): the
 * deprecated or removed versions of the first such kind that the sentence points at.
 */
export function kindApiStatement(text: string, ctx: ViewContext): KindApi | undefined {
  const removalInRelease =
    /(?:unavailable|removed|removal|no longer served)[^.;]{0,40}?\bv?1\.\d{1,2}\b/i.test(text);
  if (!API_CHANGE.test(text) && !(API_MOVE.test(text) && (API_VERSION_TOKEN.test(text) || removalInRelease)))
    return undefined;
  const v = vocabulary(ctx);
  const all = v.everyKind;
  const written = apiMentions(text, ctx);
  const mentions = written.filter((m) => !isMoveTarget(text, m.at));
  const targets = written.filter((m) => isMoveTarget(text, m.at));
  const versions = [...text.matchAll(BARE_VERSION)].map((m) => ({
    version: (m[1] ?? '').toLowerCase(),
    target: isMoveTarget(text, m.index ?? 0),
  }));
  const bare = versions.filter((b) => !b.target).map((b) => b.version);
  const bareTargets = versions.filter((b) => b.target).map((b) => b.version);
  const deprecatedIn = /deprecated in v?1\.(\d{1,2})\+?/i.exec(text)?.[1];
  const removedIn =
    /(?:unavailable|removed|removal|no longer served)[^.;]{0,40}?\bv?1\.(\d{1,2})\b|(?:from|in)\s+kubernetes\s+v?1\.(\d{1,2})/i.exec(
      text,
    );
  const removedMinor = removedIn?.[1] ?? removedIn?.[2];
  // kubectl's own warning names the API first: "v1 Endpoints is deprecated in v1.33+; use discovery.k8s.io/v1 …".
  const warning =
    /(?:^|warning:\s*)(?:([a-z0-9.-]+)\/)?(v\d+(?:(?:alpha|beta)\d+)?)\s+([A-Z][A-Za-z0-9]*)\s+is deprecated/i.exec(
      text,
    );
  if (warning?.[2] && warning[3]) {
    const k = v.catalog.kind(warning[1]?.toLowerCase() ?? 'core', warning[2].toLowerCase(), warning[3]);
    if (k) return { kind: k.kind, rows: [k] };
  }
  const found: KindApi[] = [];
  for (const { kind } of kindsIn(text, ctx)) {
    const rows = all.filter((k) => k.kind === kind && k.removal);
    if (rows.length === 0) continue;
    const pick = (pred: (k: KindStatus) => boolean) => rows.filter(pred);
    const candidates = [
      pick((k) => mentions.some((m) => m.group === k.group && m.version === k.version)),
      pick((k) =>
        bare.some((b) => b === k.version || (/(?:alpha|beta)$/.test(b) && k.version.startsWith(b))),
      ),
      deprecatedIn ? pick((k) => k.deprecatedIn === `1.${Number(deprecatedIn)}`) : [],
      removedMinor ? pick((k) => k.removedIn === `1.${Number(removedMinor)}`) : [],
      pick((k) =>
        [...targets, ...mentions].some(
          (m) => m.group === k.removal?.replacement?.group && m.version === k.removal?.replacement?.version,
        ),
      ),
      pick((k) => [...bareTargets, ...bare].some((b) => b === k.removal?.replacement?.version)),
      // "Deployment no longer served under extensions": a group named without a version.
      pick((k) => new RegExp(`\\b${k.group.split('.')[0]}\\b`, 'i').test(text) && k.group !== 'core'),
    ];
    found.push({ kind, rows: candidates.find((c) => c.length > 0) ?? rows });
  }
  const first = found[0];
  if (!first) return undefined;
  // "Role and Rolebinding API version bump v1beta1 to v1": every kind the sentence names.
  return found.length === 1 ? first : { kind: first.kind, rows: found.flatMap((f) => f.rows) };
}
