/**
 * The Card model: plain data that every renderer (text, Slack blocks, Discord embeds) turns into markup.
 * Text in a card is always plain text; renderers escape it for their platform.
 */
import { z } from 'zod';

export const StageLabel = z.enum(['alpha', 'beta', 'stable', 'deprecated', 'removed']);

export const TextChild = z.strictObject({
  type: z.literal('text'),
  text: z.string(),
  /** "strong": the direct answer, shown first and bold. */
  style: z.enum(['plain', 'muted', 'warning', 'strong']).default('plain'),
});
export const FieldsChild = z.strictObject({
  type: z.literal('fields'),
  fields: z.array(z.strictObject({ label: z.string(), value: z.string() })),
});
export const CodeChild = z.strictObject({
  type: z.literal('code'),
  language: z.enum(['yaml', 'shell', 'text']),
  title: z.string().optional(),
  code: z.string(),
});
export const LinksChild = z.strictObject({
  type: z.literal('links'),
  links: z.array(z.strictObject({ label: z.string(), url: z.string() })),
});
export const TimelineEntry = z.strictObject({
  stage: StageLabel,
  /** The stage as the reader says it ("GA", "ベータ"). */
  label: z.string(),
  version: z.string(),
  /** "as PetSet", "off by default", "planned", "KEP target" ... */
  detail: z.string().optional(),
  planned: z.boolean().optional(),
});
export type TimelineEntry = z.infer<typeof TimelineEntry>;
export const TimelineChild = z.strictObject({ type: z.literal('timeline'), entries: z.array(TimelineEntry) });
/** A titled list, already truncated: `total` is the full count, `moreUrl` where the rest can be read. */
export const ListChild = z.strictObject({
  type: z.literal('list'),
  title: z.string(),
  items: z.array(z.string()),
  total: z.number().int().nonnegative(),
  moreUrl: z.string().optional(),
});
export const DividerChild = z.strictObject({ type: z.literal('divider') });
export const Action = z.strictObject({
  /** feature: open a feature card (value = feature id); ask: run a question (value = the question). */
  kind: z.enum(['feature', 'ask']),
  label: z.string(),
  value: z.string(),
});
export type Action = z.infer<typeof Action>;
export const ActionsChild = z.strictObject({ type: z.literal('actions'), actions: z.array(Action) });

export const CardChild = z.discriminatedUnion('type', [
  TextChild,
  FieldsChild,
  CodeChild,
  LinksChild,
  TimelineChild,
  ListChild,
  DividerChild,
  ActionsChild,
]);
export type CardChild = z.infer<typeof CardChild>;

export const Card = z.strictObject({
  /** The language of the card's text, so renderers write their own words ("…and 3 more") in it too. */
  lang: z.enum(['en', 'ja']).optional(),
  title: z.string(),
  subtitle: z.string().optional(),
  url: z.string().optional(),
  children: z.array(CardChild),
  /** The context line: data as-of date and the like. */
  footer: z.string().optional(),
});
export type Card = z.infer<typeof Card>;

export const text = (
  value: string,
  style: 'plain' | 'muted' | 'warning' | 'strong' = 'plain',
): CardChild => ({
  type: 'text',
  text: value,
  style,
});

export const fields = (entries: Array<[string, string | undefined | null]>): CardChild | undefined => {
  const kept = entries.filter((e): e is [string, string] => typeof e[1] === 'string' && e[1].length > 0);
  return kept.length > 0
    ? { type: 'fields', fields: kept.map(([label, value]) => ({ label, value })) }
    : undefined;
};

/** Keeps the first `max` items and records how many there were, so renderers can say "…and N more". */
export function truncatedList(
  title: string,
  items: string[],
  max: number,
  moreUrl?: string | null,
): CardChild {
  return {
    type: 'list',
    title,
    items: items.slice(0, max),
    total: items.length,
    ...(moreUrl && items.length > max ? { moreUrl } : {}),
  };
}

export function compact<T>(items: Array<T | undefined | null | false>): T[] {
  return items.filter((x): x is T => x !== undefined && x !== null && x !== false);
}
