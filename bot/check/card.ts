/** The findings card: a summary, then the findings grouped by severity, each with its fix, and buttons to the cards that explain them. */

import { apiName } from '../../knowledge/changes.js';
import { featureByIdOrRedirect } from '../../knowledge/load.js';
import { type CheckReport, SEVERITIES } from '../../knowledge/upgrade/report.js';
import { type Action, type Card, type CardChild, compact, text, truncatedList } from '../cards.js';
import { cardFooter, type ViewContext } from '../views/context.js';
import { DEPRECATION_GUIDE_URL } from '../views/release.js';
import { describeFinding, problemText } from './describe.js';
import { checkMessages } from './messages.js';

/** Findings shown per severity before "…and N more" (a chat message has room for a few dozen lines). */
export const MAX_FINDINGS_PER_SECTION = 8;
const MAX_ITEM_CHARS = 400;
const MAX_ACTIONS = 5;

const clip = (s: string) => (s.length > MAX_ITEM_CHARS ? `${s.slice(0, MAX_ITEM_CHARS - 1)}…` : s);

function actions(report: CheckReport, ctx: ViewContext): Action[] {
  const out: Action[] = [];
  const seen = new Set<string>();
  for (const f of report.findings) {
    if (out.length >= MAX_ACTIONS) break;
    if (f.api) {
      const api = apiName({ group: f.api.group, version: f.api.version, kind: f.api.kind });
      if (seen.has(api)) continue;
      seen.add(api);
      out.push({ kind: 'ask', label: api, value: `api ${api}` });
    } else if (f.featureId) {
      if (seen.has(f.featureId)) continue;
      seen.add(f.featureId);
      const feature = featureByIdOrRedirect(ctx.corpus, f.featureId);
      if (feature) out.push({ kind: 'feature', label: feature.name, value: feature.id });
    }
  }
  return out;
}

export function checkCard(report: CheckReport, ctx: ViewContext): Card {
  const c = checkMessages(ctx.lang);
  const s = report.summary;
  const sections = SEVERITIES.flatMap((severity) => {
    const list = report.findings.filter((f) => f.severity === severity);
    if (list.length === 0) return [];
    const title = severity === 'notice' ? c.section.notice() : c.section[severity](report.target);
    const items = list.map((f) => {
      const d = describeFinding(f, ctx.lang, report);
      return clip(`${d.where} ${d.object}: ${d.what} → ${d.fix}`);
    });
    return [truncatedList(`${title} (${list.length})`, items, MAX_FINDINGS_PER_SECTION)];
  });
  const buttons = actions(report, ctx);
  const children = compact<CardChild>([
    report.targetReleased ? undefined : text(c.planned(report.target), 'warning'),
    text(
      `${c.counts(report.inputs.length, s.objects)} · ${c.summary(s.breaking, s.deprecated, s.notice, s.problems)}`,
      s.breaking > 0 ? 'warning' : 'plain',
    ),
    report.findings.length === 0 && report.problems.length === 0 ? text(c.clean(report.target)) : undefined,
    ...sections,
    report.problems.length > 0
      ? truncatedList(
          `${c.problemsTitle} (${report.problems.length})`,
          report.problems.map((p) => clip(problemText(p, ctx.lang))),
          MAX_FINDINGS_PER_SECTION,
        )
      : undefined,
    buttons.length > 0 ? { type: 'actions', actions: buttons } : undefined,
    report.findings.some((f) => f.api)
      ? { type: 'links', links: [{ label: ctx.m.label.deprecationGuide, url: DEPRECATION_GUIDE_URL }] }
      : undefined,
  ]);
  return { title: c.title(report.target, report.from), children, footer: cardFooter(ctx) };
}

/** What to do when a check came without manifests. */
export function checkHowCard(ctx: ViewContext): Card {
  const c = checkMessages(ctx.lang);
  return { title: c.howTitle, children: [text(c.how)], footer: cardFooter(ctx) };
}
