/** Lenient readers for hand-written upstream values: versions, dates, strings. */
import { VERSION_PATTERN } from '../schema.js';

/** "v1.24", "1.24", "v1.24.0", 1.24 (a YAML number) → "1.24"; anything else → undefined. */
export function minorVersion(value: unknown): string | undefined {
  if (typeof value === 'number') value = String(value);
  if (typeof value !== 'string') return undefined;
  const m = /^v?(1)\.(\d{1,2})(?:\.\d+)?$/.exec(value.trim());
  if (!m) return undefined;
  const version = `1.${Number(m[2])}`;
  return VERSION_PATTERN.test(version) ? version : undefined;
}

/** A calendar date "YYYY-MM-DD" that exists (2023-14-05 does not); a YAML date object is accepted too. */
export function isoDate(value: unknown): string | undefined {
  if (value instanceof Date && !Number.isNaN(value.getTime())) return value.toISOString().slice(0, 10);
  if (typeof value !== 'string') return undefined;
  // Hand-written dates sometimes drop the leading zero ("2024-2-1"); the day must still exist.
  const m = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?$/.exec(value.trim());
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d
    ? date.toISOString().slice(0, 10)
    : undefined;
}

/** A trimmed non-empty string, or undefined. */
export function text(value: unknown): string | undefined {
  if (typeof value === 'number') return String(value);
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/** A list of strings from a YAML sequence (or a single string); empty and non-string items dropped. */
export function textList(value: unknown): string[] {
  const items = Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];
  return items.map(text).filter((s): s is string => s !== undefined);
}
