/**
 * The one-sentence answer to a version question ("is X on by default in 1.28?"), placed before the card: the
 * verdict, what to do, then the feature's milestones. Built from knowledge/availability.ts, the same rows the
 * card's timeline shows.
 */
import {
  type FeatureAt,
  featureAt,
  firstAt,
  onByDefaultFrom,
  ownRows,
} from '../../knowledge/availability.js';
import type { Feature, StageName } from '../../knowledge/schema.js';
import { compareVersions, stageRank } from '../../knowledge/versions.js';
import type { Answer } from '../answer.js';
import type { ViewContext } from './context.js';

/** What a version question asks. */
export type DirectAsk =
  | { kind: 'available' }
  | { kind: 'default' }
  | { kind: 'stage'; stage: StageName }
  | { kind: 'when'; what: StageName | 'added' | 'default' };

export type Direct = NonNullable<Answer['direct']>;
type Verdict = Direct['verdict'];

/** "alpha in 1.28, beta and on by default in 1.29, GA in 1.33". */
function history(feature: Feature, ctx: ViewContext): string {
  const { m } = ctx;
  const d = m.direct;
  const steps: string[] = [];
  const on = onByDefaultFrom(feature);
  let onSaid = false;
  const seen = new Set<StageName>();
  for (const row of ownRows(feature, true)) {
    if (seen.has(row.stage) && !(row.stage === 'beta' && on === row && !onSaid)) continue;
    seen.add(row.stage);
    let what = m.stage[row.stage];
    if (row.stage === 'beta' && on === row) {
      what = d.stepBetaOn;
      onSaid = true;
    } else if (row.stage === 'beta' && row.enabledByDefault === false) what = d.stepBetaOff;
    else if (row.stage === 'stable' && on && !onSaid && on.version !== row.version) {
      steps.push(d.step(d.stepOn, on.version, on.planned === true));
      onSaid = true;
    }
    if (row.stage === 'stable') onSaid = true;
    steps.push(d.step(what, row.version, row.planned === true));
  }
  return steps.length > 0 ? d.history(d.join(steps)) : '';
}

function stageWord(state: FeatureAt['state'], ctx: ViewContext): string {
  return state === 'absent' ? '' : ctx.m.stage[state];
}

/** "in 1.28 X is alpha and off by default: turn on the feature gate X". */
function availability(at: FeatureAt, name: string, ctx: ViewContext): { verdict: Verdict; sentence: string } {
  const d = ctx.m.direct;
  const base = d.stageIn(name, at.version, stageWord(at.state, ctx));
  if (at.defaultOn === true) return { verdict: 'yes', sentence: `${base}${d.onByDefault}` };
  if (at.defaultOn === false)
    return {
      verdict: 'partly',
      sentence: `${base}${d.offByDefault}${at.gate ? d.enableGate(at.gate) : d.enableSomehow}`,
    };
  return { verdict: 'yes', sentence: `${base}${d.defaultUnknown}` };
}

/** A project installed beside Kubernetes, with no stages in any release. */
const addonOnly = (feature: Feature) => feature.addon !== undefined && ownRows(feature, true).length === 0;

/** Not there in that release: not yet, removed, or never shipped. */
function missing(at: FeatureAt, feature: Feature, ctx: ViewContext): string | undefined {
  const d = ctx.m.direct;
  if (at.state === 'removed') return d.removed(feature.name, at.since ?? at.version);
  if (at.state !== 'absent') return undefined;
  const first = ownRows(feature, true)[0];
  if (feature.addon && addonOnly(feature))
    return d.addon(feature.name, feature.addon.project, feature.addon.url);
  if (!first) return d.neverShipped(feature.name);
  return `${d.absent(feature.name, at.version)}${d.sep}${d.arrives(first.version, ctx.m.stage[first.stage])}`;
}

function answerAt(
  ask: DirectAsk,
  feature: Feature,
  version: string,
  ctx: ViewContext,
): { verdict: Verdict; sentence: string } {
  const d = ctx.m.direct;
  const newest = ctx.corpus.newestReleased;
  const at = featureAt(feature, version, newest);
  const gone = missing(at, feature, ctx);
  const current = stageWord(at.state, ctx);
  switch (ask.kind) {
    case 'available':
      // An add-on can be used on any release, installed separately: partly, with where to get it.
      if (gone) return { verdict: addonOnly(feature) ? 'partly' : 'no', sentence: gone };
      return availability(at, feature.name, ctx);
    case 'default': {
      if (gone) return { verdict: 'no', sentence: gone };
      const a = availability(at, feature.name, ctx);
      return { ...a, verdict: a.verdict === 'partly' ? 'no' : a.verdict };
    }
    case 'stage': {
      const asked = ask.stage;
      if (asked === 'removed')
        return at.state === 'removed'
          ? { verdict: 'yes', sentence: d.removed(feature.name, at.since ?? version) }
          : gone
            ? { verdict: 'no', sentence: gone }
            : { verdict: 'no', sentence: d.stillThere(feature.name, version, current) };
      if (gone) return { verdict: 'no', sentence: gone };
      if (asked === 'deprecated') {
        const dep = firstAt(feature, 'deprecated');
        return dep && compareVersions(dep.version, version) <= 0
          ? { verdict: 'yes', sentence: d.deprecatedSince(feature.name, dep.version) }
          : { verdict: 'no', sentence: d.notDeprecated(feature.name, version, current) };
      }
      const state = at.state === 'deprecated' ? 'stable' : at.state;
      if (state === asked) {
        const since = firstAt(feature, asked)?.version ?? at.since ?? version;
        const stated = d.isStage(feature.name, m(ctx, asked), version, since);
        // Off by default: say how to turn it on.
        if (at.defaultOn !== false) return { verdict: 'yes', sentence: stated };
        return {
          verdict: 'yes',
          sentence: `${stated}${d.sep}${availability(at, feature.name, ctx).sentence}`,
        };
      }
      if (stageRank(state as StageName) < stageRank(asked))
        return { verdict: 'no', sentence: d.notYet(feature.name, m(ctx, asked), version, current) };
      const since = firstAt(feature, state as StageName)?.version ?? version;
      return { verdict: 'no', sentence: d.past(feature.name, current, since, m(ctx, asked)) };
    }
    case 'when':
      return when(ask.what, feature, ctx);
  }
}

function m(ctx: ViewContext, stage: StageName): string {
  return ctx.m.stage[stage];
}

function when(
  what: StageName | 'added' | 'default',
  feature: Feature,
  ctx: ViewContext,
): { verdict: Verdict; sentence: string } {
  const d = ctx.m.direct;
  const newest = ctx.corpus.newestReleased;
  const happened = (v: string, planned?: boolean) => !planned && compareVersions(v, newest) <= 0;
  if (what === 'added') {
    const first = ownRows(feature, true)[0];
    if (!first || !happened(first.version, first.planned))
      return { verdict: 'no', sentence: d.neverShipped(feature.name) };
    return { verdict: 'yes', sentence: d.firstAdded(feature.name, first.version, m(ctx, first.stage)) };
  }
  if (what === 'default') {
    const on = onByDefaultFrom(feature);
    if (!on || !happened(on.version, on.planned)) return { verdict: 'no', sentence: d.neverOn(feature.name) };
    return { verdict: 'yes', sentence: d.onFrom(feature.name, on.version) };
  }
  const row = firstAt(feature, what);
  if (!row || !happened(row.version, row.planned))
    return { verdict: 'no', sentence: d.notStageYet(feature.name, m(ctx, what)) };
  if (what === 'removed') return { verdict: 'yes', sentence: d.removed(feature.name, row.version) };
  if (what === 'deprecated')
    return { verdict: 'yes', sentence: d.deprecatedSince(feature.name, row.version) };
  return { verdict: 'yes', sentence: d.wentTo(feature.name, m(ctx, what), row.version) };
}

/** The direct answer: verdict, sentence, history. `version` defaults to the newest release. */
export function directAnswer(
  ask: DirectAsk,
  feature: Feature,
  version: string | undefined,
  ctx: ViewContext,
): Direct {
  const d = ctx.m.direct;
  const asked = version ?? ctx.corpus.newestReleased;
  const { verdict, sentence } = answerAt(ask, feature, asked, ctx);
  const lead = ask.kind === 'when' ? `${sentence}${d.end}` : `${d.lead(d[verdict], sentence)}${d.end}`;
  const steps = history(feature, ctx);
  return {
    text: steps ? `${lead}${d.gap}${steps}` : lead,
    verdict,
    ...(ask.kind !== 'when' ? { version: asked } : {}),
  };
}
