/** The feature card: summary, history, gates and KEPs, API, an example, links and related features. */
import { featureByIdOrRedirect } from '../../knowledge/load.js';
import type { Feature, GateHistory, Stage } from '../../knowledge/schema.js';
import { compareStages, stageRank } from '../../knowledge/versions.js';
import type { Answer } from '../answer.js';
import { type Card, type CardChild, compact, fields, type TimelineEntry, text } from '../cards.js';
import { cardFooter, type ViewContext } from './context.js';
import { describeFeature } from './describe.js';

const MAX_RELATED = 5;
/** KEP statuses worth showing: the ones that mean the idea did not ship as planned ("implementable" says little). */
const NOTEWORTHY_STATUS = new Set(['withdrawn', 'rejected', 'replaced', 'superseded', 'deferred', 'removed']);
const MAX_ALIASES = 8;

/** Feature-wide rows that happened (no planned targets, no unconfirmed KEP milestones, no old API versions). */
export function historyRows(feature: Feature): Stage[] {
  return feature.stages.filter((s) => !s.appliesTo && !s.planned && !s.unconfirmed);
}

/** "GA since 1.9", "beta since 1.35 (off by default)", "removed in 1.24", "withdrawn". */
export function featureStatus(feature: Feature, ctx: ViewContext): string | undefined {
  const { m } = ctx;
  const rows = historyRows(feature).sort(compareStages);
  const current = rows.reduce<Stage | undefined>(
    (best, r) => (!best || stageRank(r.stage) >= stageRank(best.stage) ? r : best),
    undefined,
  );
  const planned = feature.stages.find((s) => s.planned);
  const parts: string[] = [];
  if (current) {
    const first = rows.find((r) => r.stage === current.stage) ?? current;
    let status = m.status[current.stage](first.version);
    if (current.stage === 'beta' && current.enabledByDefault !== undefined) {
      status += m.paren(current.enabledByDefault ? m.detail.on : m.detail.off);
    }
    parts.push(status);
  } else if (feature.status) {
    parts.push(m.status.kep(m.kepStatus[feature.status] ?? feature.status));
  }
  if (planned) parts.push(m.status.planned(m.stage[planned.stage], planned.version));
  return parts.length > 0 ? parts.join(' · ') : undefined;
}

function timeline(feature: Feature, ctx: ViewContext): TimelineEntry[] {
  const { m } = ctx;
  return feature.stages
    .filter((s) => !s.appliesTo)
    .sort(compareStages)
    .map((s) => {
      const details = compact([
        s.as ? m.detail.as(s.as) : undefined,
        s.enabledByDefault === false ? m.detail.off : undefined,
        s.enabledByDefault === true && s.stage === 'beta' ? m.detail.on : undefined,
        s.defaultChangedInPatch ? m.detail.patchDefault : undefined,
        s.lockedIn ? m.detail.locked(s.lockedIn) : undefined,
        s.gateRemovedIn && s.stage !== 'removed' ? m.detail.gateRemoved(s.gateRemovedIn) : undefined,
        s.planned ? m.detail.planned : undefined,
        s.unconfirmed ? m.detail.unconfirmed : undefined,
        s.apiVersion,
        // Hand-written notes are in English; Japanese cards leave them out.
        ctx.lang === 'en' ? s.note : undefined,
      ]);
      return {
        stage: s.stage,
        label: m.stage[s.stage],
        version: s.version,
        ...(details.length > 0 ? { detail: m.list(details) } : {}),
        ...(s.planned ? { planned: true } : {}),
      };
    });
}

/** "alpha 1.28 (off) → beta 1.29 (on) → GA 1.33 (locked)", from the gate's own page. */
export function gateHistoryText(g: GateHistory, ctx: ViewContext): string {
  const steps = g.stages.map((s) =>
    ctx.m.gateStage(ctx.m.stage[s.stage], s.version, s.defaultOn, s.lockedIn),
  );
  if (g.removedIn) steps.push(ctx.m.gateRemovedStep(g.removedIn));
  return steps.join(' → ');
}

const MAX_GATES = 6;

/** One line per gate: its own history (a helper gate's removal is the gate's, not the feature's). */
function gateLines(feature: Feature, ctx: ViewContext): string | undefined {
  const { m } = ctx;
  const withPages = new Set(feature.gates.map((g) => g.name));
  const lines = feature.gates
    .slice(0, MAX_GATES)
    .map((g) => m.gateLine(g.name, gateHistoryText(g, ctx), g.formerNames));
  const pageless = feature.featureGates.filter(
    (n) => !withPages.has(n) && !feature.gates.some((g) => g.formerNames.includes(n)),
  );
  if (pageless.length > 0) lines.push(m.list(pageless));
  if (feature.gates.length > MAX_GATES) lines.push(m.more(feature.gates.length - MAX_GATES));
  return lines.length > 0 ? lines.join('\n') : undefined;
}

/** Deprecated/removed rows of old API versions, grouped: "apps/v1beta1, apps/v1beta2: deprecated 1.9, removed 1.16". */
function oldApiVersions(feature: Feature, ctx: ViewContext): string | undefined {
  const groups = new Map<string, string[]>();
  for (const s of feature.stages) {
    if (!s.appliesTo) continue;
    const key = ctx.m.list(s.appliesTo);
    groups.set(key, [...(groups.get(key) ?? []), `${ctx.m.stage[s.stage]} ${s.version}`]);
  }
  if (groups.size === 0) return undefined;
  return [...groups].map(([what, events]) => `${what}: ${ctx.m.list(events)}`).join('\n');
}

function apiVersionOf(r: Feature['apiResources'][number]): string {
  return r.group === 'core' ? `${r.version} ${r.kind}` : `${r.group}/${r.version} ${r.kind}`;
}

export function featureAnswer(feature: Feature): NonNullable<Answer['feature']> {
  return {
    id: feature.id,
    name: feature.name,
    aliases: feature.aliases,
    keps: feature.keps,
    featureGates: feature.featureGates,
    gates: feature.gates.map((g) => ({
      name: g.name,
      stages: g.stages.map((s) => ({ stage: s.stage, version: s.version, defaultOn: s.defaultOn })),
      ...(g.removedIn ? { removedIn: g.removedIn } : {}),
    })),
    stages: feature.stages
      .filter((s) => !s.appliesTo && !s.unconfirmed)
      .map((s) => ({ stage: s.stage, version: s.version, ...(s.planned ? { planned: true } : {}) })),
    ...(feature.url ? { url: feature.url } : {}),
  };
}

export interface FeatureCardOptions {
  /** The gate the question named: its own history is shown first. */
  focusGate?: string | undefined;
}

export function featureCard(feature: Feature, ctx: ViewContext, options: FeatureCardOptions = {}): Card {
  const { m, corpus } = ctx;
  const formerNames = feature.renames.map((r) => r.from);
  const subtitle = compact([
    formerNames.length > 0 ? m.formerly(m.list(formerNames)) : undefined,
    featureStatus(feature, ctx),
    m.category[feature.category] ?? feature.category,
  ]).join(' · ');
  const example = feature.examples[0];
  const related = feature.related
    .map((id) => featureByIdOrRedirect(corpus, id))
    .filter((f) => f !== undefined)
    .slice(0, MAX_RELATED);
  const aliases = feature.aliases
    .filter((a) => !formerNames.includes(a) && !feature.featureGates.includes(a))
    .slice(0, MAX_ALIASES);
  const focus = options.focusGate
    ? feature.gates.find((g) => g.name.toLowerCase() === options.focusGate?.toLowerCase())
    : undefined;
  const limits =
    feature.id === 'cluster-size-limits'
      ? corpus.clusterSizeLimits
          .map((l) => `${l.version}: ${l.maxNodes} nodes${l.maxPods ? ` / ${l.maxPods} pods` : ''}`)
          .concat(`${corpus.newestReleased}: ${corpus.currentMaxNodes} nodes`)
          .join('\n')
      : undefined;
  const entries = timeline(feature, ctx);
  const links = [
    ...(feature.addon ? [{ label: feature.addon.project, url: feature.addon.url }] : []),
    ...feature.links.map((l) => ({ label: l.title, url: l.url })),
  ].filter((l, i, all) => all.findIndex((x) => x.url === l.url) === i);
  const children: CardChild[] = compact<CardChild>([
    focus
      ? text(m.gateFocus(focus.name, gateHistoryText(focus, ctx), feature.name, focus.primary))
      : undefined,
    text(feature.summary ? feature.summary[ctx.lang] : describeFeature(feature, ctx)),
    feature.addon ? text(m.addon(feature.addon.project), 'warning') : undefined,
    entries.length > 0 ? { type: 'timeline', entries } : undefined,
    fields([
      [m.label.gates, gateLines(feature, ctx)],
      [m.label.keps, m.list(feature.keps.map((n) => `KEP-${n}`))],
      [m.label.api, m.list(feature.apiResources.map(apiVersionOf))],
      [m.label.aliases, m.list(aliases)],
      [m.label.oldApis, oldApiVersions(feature, ctx)],
      [m.label.limits, limits],
      [
        m.label.status,
        feature.status && NOTEWORTHY_STATUS.has(feature.status)
          ? (m.kepStatus[feature.status] ?? feature.status)
          : undefined,
      ],
    ]),
    example
      ? {
          type: 'code',
          language: 'yaml',
          title: `${example.removedApi ? m.label.removedExample : m.label.example}: ${example.title[ctx.lang]}`,
          code: example.yaml.trimEnd(),
        }
      : undefined,
    links.length > 0 ? { type: 'links', links } : undefined,
    related.length > 0
      ? {
          type: 'actions',
          actions: related.map((f) => ({ kind: 'feature' as const, label: f.name, value: f.id })),
        }
      : undefined,
  ]);
  return {
    title: feature.name,
    ...(subtitle ? { subtitle } : {}),
    ...(feature.url ? { url: feature.url } : {}),
    children,
    footer: cardFooter(ctx),
  };
}
