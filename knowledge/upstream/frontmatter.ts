/** The YAML front matter of a Hugo page: the block between the first two `---` lines. */
import { parse } from 'yaml';
import { UpstreamFormatError } from './report.js';

const FENCE = /^---[ \t]*$/;

/** Parses the front matter; trailing spaces after the fences and after values are tolerated. */
export function frontMatter(text: string, file: string): Record<string, unknown> {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const start = lines.findIndex((l) => l.trim() !== '');
  if (start < 0 || !FENCE.test(lines[start] ?? '')) throw new UpstreamFormatError(file, 'no front matter');
  const end = lines.findIndex((l, i) => i > start && FENCE.test(l));
  if (end < 0) throw new UpstreamFormatError(file, 'the front matter is not closed with ---');
  let data: unknown;
  try {
    data = parse(lines.slice(start + 1, end).join('\n'));
  } catch (err) {
    throw new UpstreamFormatError(file, `front matter is not valid YAML: ${firstLine(err)}`);
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data))
    throw new UpstreamFormatError(file, 'the front matter is not a YAML mapping');
  return data as Record<string, unknown>;
}

/** Parses a whole YAML file that must hold a mapping. */
export function yamlMapping(text: string, file: string): Record<string, unknown> {
  let data: unknown;
  try {
    data = parse(text);
  } catch (err) {
    throw new UpstreamFormatError(file, `not valid YAML: ${firstLine(err)}`);
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data))
    throw new UpstreamFormatError(file, 'not a YAML mapping');
  return data as Record<string, unknown>;
}

function firstLine(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).split('\n')[0] ?? '';
}
