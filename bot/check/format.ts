/**
 * `k8sbot check -o text|json|markdown`: the report as a terminal listing, as JSON (the CheckReport with each
 * finding's message and fix in English) or as Markdown for a pull-request comment. Pure functions of the report.
 */
import { z } from 'zod';
import { CheckReport, Finding, SEVERITIES, type Severity } from '../../knowledge/upgrade/report.js';
import type { Lang } from '../messages.js';
import { describeFinding, problemText } from './describe.js';
import { checkMessages } from './messages.js';

export const CheckOutput = CheckReport.extend({
  findings: z.array(Finding.extend({ message: z.string(), fix: z.string() })),
});
export type CheckOutput = z.infer<typeof CheckOutput>;

export const OUTPUT_FORMATS = ['text', 'json', 'markdown'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

export function checkJson(report: CheckReport): CheckOutput {
  return {
    ...report,
    findings: report.findings.map((f) => {
      const d = describeFinding(f, 'en', report);
      return { ...f, message: d.what, fix: d.fix };
    }),
  };
}

function sectionTitle(s: Severity, report: CheckReport, lang: Lang): string {
  const c = checkMessages(lang);
  return s === 'notice' ? c.section.notice() : c.section[s](report.target);
}

function head(report: CheckReport, lang: Lang): string[] {
  const c = checkMessages(lang);
  const s = report.summary;
  return [
    c.title(report.target, report.from),
    `${c.counts(report.inputs.length, s.objects)} · ${c.summary(s.breaking, s.deprecated, s.notice, s.problems)} · ${c.exitCode(report.exitCode)}`,
    ...(report.targetReleased ? [] : [c.planned(report.target)]),
  ];
}

export function checkText(report: CheckReport, lang: Lang = 'en'): string {
  const c = checkMessages(lang);
  const out = head(report, lang);
  if (report.findings.length === 0 && report.problems.length === 0) out.push('', c.clean(report.target));
  for (const s of SEVERITIES) {
    const list = report.findings.filter((f) => f.severity === s);
    if (list.length === 0) continue;
    out.push('', `${sectionTitle(s, report, lang)} (${list.length})`);
    for (const f of list) {
      const d = describeFinding(f, lang, report);
      out.push(`  ${d.where}  ${d.object}`, `    ${d.what}`, `    ${c.fix}: ${d.fix}`);
    }
  }
  if (report.problems.length > 0) {
    out.push('', `${c.problemsTitle} (${report.problems.length})`);
    for (const p of report.problems) out.push(`  ${problemText(p, lang)}`);
  }
  return `${out.join('\n')}\n`;
}

/** Markdown table cells: no pipes or line breaks, code spans for paths. */
const cell = (text: string) => text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');

export function checkMarkdown(report: CheckReport, lang: Lang = 'en'): string {
  const c = checkMessages(lang);
  const [title, ...rest] = head(report, lang);
  const out = [`### ${title}`, '', ...rest.map((l) => `${l}  `)];
  if (report.findings.length === 0 && report.problems.length === 0) out.push('', c.clean(report.target));
  for (const s of SEVERITIES) {
    const list = report.findings.filter((f) => f.severity === s);
    if (list.length === 0) continue;
    out.push('', `#### ${sectionTitle(s, report, lang)} (${list.length})`, '');
    out.push('| Where | Object | Finding | Fix |', '|---|---|---|---|');
    for (const f of list) {
      const d = describeFinding(f, lang, report);
      out.push(`| \`${cell(d.where)}\` | ${cell(d.object)} | ${cell(d.what)} | ${cell(d.fix)} |`);
    }
  }
  if (report.problems.length > 0) {
    out.push('', `#### ${c.problemsTitle} (${report.problems.length})`, '');
    for (const p of report.problems) out.push(`- ${cell(problemText(p, lang))}`);
  }
  return `${out.join('\n')}\n`;
}

export function formatCheck(report: CheckReport, format: OutputFormat, lang: Lang = 'en'): string {
  switch (format) {
    case 'json':
      return `${JSON.stringify(checkJson(report), null, 2)}\n`;
    case 'markdown':
      return checkMarkdown(report, lang);
    case 'text':
      return checkText(report, lang);
    default: {
      const never: never = format;
      return never;
    }
  }
}
