/** A finding in words: where it is, what it is, and how to fix it (the card, the text and Markdown outputs, the JSON). */
import { apiName } from '../../knowledge/changes.js';
import type { Finding, Problem } from '../../knowledge/upgrade/report.js';
import { type UpgradeRule, upgradeRules } from '../../knowledge/upgrade/rules.js';
import { minor } from '../../knowledge/versions.js';
import type { Lang } from '../messages.js';
import { messages } from '../messages.js';
import { checkMessages } from './messages.js';

export interface DescribedFinding {
  where: string;
  object: string;
  what: string;
  fix: string;
}

/** "deploy/web.yaml:12" (+ the chart template for helm template output, + the List item). */
export function whereOf(f: Pick<Finding, 'location'>): string {
  const l = f.location;
  return `${l.file}:${l.line}${l.item !== undefined ? ` (items[${l.item}])` : ''}${l.helmSource ? ` (${l.helmSource})` : ''}`;
}

export function problemText(p: Problem, lang: Lang): string {
  const c = checkMessages(lang);
  const where = `${p.file}${p.line > 0 ? `:${p.line}:${p.column}` : ''}`;
  const text = p.document > 0 ? c.problem(where, p.document, p.message) : `${where}: ${p.message}`;
  return p.helmTemplate ? `${text} — ${c.helmTemplate}` : text;
}

let rulesById: Map<string, UpgradeRule> | undefined;
const ruleById = (id: string) => {
  rulesById ??= new Map(upgradeRules().map((r) => [r.id, r]));
  return rulesById.get(id);
};

/** The last release both the old and the new API are served in, for a stepwise upgrade. */
function until(since: string, removedIn: string | null): string | null {
  if (!removedIn) return null;
  const last = `1.${minor(removedIn) - 1}`;
  return minor(last) > minor(since) ? last : null;
}

export function describeFinding(
  f: Finding,
  lang: Lang,
  { target, from }: { target: string; from: string | null },
): DescribedFinding {
  const c = checkMessages(lang);
  const m = messages(lang);
  const where = whereOf(f);
  const object = c.objectWord(f.object.kind, f.object.name, f.object.namespace);
  const stepwise = (since: string | null | undefined, removedIn: string | null) =>
    f.replacementInFrom === false && from && since
      ? c.notInFrom(from, since, until(since, removedIn))
      : undefined;
  if (f.api) {
    const a = f.api;
    const api = apiName({ group: a.group, version: a.version, kind: a.kind });
    const what =
      f.severity === 'breaking'
        ? c.apiRemoved(api, a.removedIn)
        : c.apiDeprecated(api, a.deprecatedIn ?? '?', a.removedIn);
    const r = a.replacement;
    const to = r ? apiName({ group: r.group, version: r.version }) : undefined;
    const fix = r
      ? [
          r.kindChanged ? c.apiKindChange(r.kind, to ?? '') : c.apiMove(to ?? '', r.availableIn),
          r.via.length > 0 ? m.apiChain(r.via[0] ?? '', apiName(r)) : undefined,
          stepwise(r.availableIn, a.removedIn),
        ]
          .filter(Boolean)
          .join('; ')
      : a.kind === 'PodSecurityPolicy'
        ? m.pspHint
        : c.apiNoReplacement(a.kind);
    return { where, object, what, fix };
  }
  if (f.rule) {
    const r = f.rule;
    const rule = ruleById(r.id);
    const effect = rule?.effect.type;
    const path = f.category === 'annotation' ? c.annotation(r.path) : r.path;
    const what = rule?.what
      ? rule.what[lang].replace('{version}', (r.removedIn ?? r.since ?? r.deprecatedIn ?? '?') as string)
      : effect === 'replaced'
        ? c.ruleReplaced(path, r.deprecatedIn, r.removedIn, f.severity === 'breaking')
        : effect === 'requires'
          ? c.ruleRequires(path, r.since, target)
          : c.ruleNotice(path);
    const fix = [
      rule?.fix[lang] ?? '',
      r.replacement && stepwise(r.replacement.availableIn, null)
        ? c.fieldNotInFrom(r.replacement.field, from ?? '', r.replacement.availableIn ?? '')
        : undefined,
    ]
      .filter(Boolean)
      .join(' ');
    return { where, object, what, fix };
  }
  if (f.gate) {
    const g = f.gate;
    const version =
      g.reason === 'not-yet'
        ? g.introducedIn
        : g.reason === 'removed'
          ? g.removedIn
          : g.reason === 'deprecated'
            ? g.deprecatedIn
            : g.lockedIn;
    const what =
      g.reason === 'locked'
        ? c.gate.locked(g.name, g.component, version, g.lockedTo)
        : c.gate[g.reason](g.name, g.component, version);
    const fixes = c.gateFix;
    const fix =
      g.reason === 'locked-same' || g.reason === 'deprecated'
        ? fixes[g.reason](g.removedIn)
        : fixes[g.reason];
    return { where, object, what, fix };
  }
  return { where, object, what: '', fix: '' };
}
