/**
 * What an import could not use. Upstream files are written by hand and are sometimes sloppy (invalid dates,
 * `TBD` milestones, typos in `status`); the parsers keep going and say what they skipped, so a reader can see
 * exactly which upstream values did not make it into the facts.
 */
import { z } from 'zod';

export const Skipped = z.strictObject({
  /** The upstream file, as `owner/repo/path`. */
  file: z.string(),
  /** The field or row ("milestone.beta", "stages.2", "timeline row 14"); empty for the whole file. */
  field: z.string(),
  /** The value as written, shortened. */
  value: z.string(),
  reason: z.string(),
});
export type Skipped = z.infer<typeof Skipped>;

/** Collects skipped values while a file is parsed. */
export class SkipLog {
  readonly items: Skipped[] = [];

  skip(file: string, field: string, value: unknown, reason: string): void {
    const text = typeof value === 'string' ? value : JSON.stringify(value ?? null);
    this.items.push({ file, field, value: text.length > 80 ? `${text.slice(0, 77)}...` : text, reason });
  }
}

/** A file that cannot be read at all (not YAML, no front matter): the import stops, nothing is replaced. */
export class UpstreamFormatError extends Error {
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(`${file}: ${message}`);
    this.name = 'UpstreamFormatError';
  }
}
