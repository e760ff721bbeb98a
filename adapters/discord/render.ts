/**
 * cardToEmbeds: a Card as Discord embeds and button rows, inside Discord's limits. Pure.
 * Card text is plain text; it is markdown-escaped here, and every reply carries allowed_mentions
 * { parse: [] } so nothing a user typed can ping anyone.
 */
import { escapeMarkdown } from '@discordjs/formatters';
import type { APIActionRowComponent, APIButtonComponent, APIEmbed, APIEmbedField } from 'discord.js';
import type { Card, CardChild } from '../../bot/cards.js';
import { type Messages, messages } from '../../bot/messages.js';
import { timelineText } from '../../bot/render-text.js';
import { ButtonStyle, ComponentType } from './api-values.js';

/** Discord's message limits. */
export const LIMITS = {
  embeds: 10,
  title: 256,
  description: 4096,
  fields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  totalEmbedChars: 6000,
  content: 2000,
  actionRows: 5,
  buttonsPerRow: 5,
  buttonLabel: 80,
  customId: 100,
} as const;

/** Custom ids the Discord adapter handles. */
export const CUSTOM_IDS = { share: 'share', feature: 'feature:', ask: 'ask:' } as const;

/** No reply may ping anyone, whatever the text says. */
export const NO_MENTIONS = { parse: [] as [] };

/**
 * Characters (anywhere) and line starts that escapeMarkdown acts on with these options. Text without any of them
 * comes back unchanged, so it skips escapeMarkdown's regular expressions (some of them slow on long text).
 */
const MARKDOWN_CHARS = /[\\`*_~|#[]/;
const MARKDOWN_LINE_START = /^ *(?:\d+\.|- )/m;

export function escapeText(text: string): string {
  if (!MARKDOWN_CHARS.test(text) && !MARKDOWN_LINE_START.test(text)) return text;
  return escapeMarkdown(text, { maskedLink: true, heading: true, bulletedList: true, numberedList: true });
}

export function clip(text: string, max: number): string {
  // A string no longer than max in UTF-16 units has at most max characters: nothing to cut, nothing to count.
  if (text.length <= max) return text;
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

const COLORS = { plain: 0x326ce5, warning: 0xd97706 } as const;

function codeBlock(code: string, language: string, room: number): string {
  const fence = (body: string) => `\`\`\`${language}\n${body}\n\`\`\``;
  const safe = code.replace(/```/g, '`\u200b``');
  if (fence(safe).length <= room) return fence(safe);
  const lines = safe.split('\n');
  while (lines.length > 1 && fence(`${lines.join('\n')}\n…`).length > room) lines.pop();
  return fence(`${lines.join('\n')}\n…`);
}

function listValue(child: Extract<CardChild, { type: 'list' }>, m: Messages): string {
  const lines = child.items.map((i) => `• ${escapeText(i)}`);
  let hidden = child.total - child.items.length;
  const more = () => {
    if (hidden <= 0) return '';
    const label = m.more(hidden);
    return `\n${child.moreUrl ? `[${label}](${child.moreUrl})` : label}`;
  };
  while (lines.length > 0 && lines.join('\n').length + more().length > LIMITS.fieldValue) {
    lines.pop();
    hidden++;
  }
  return `${lines.join('\n')}${more()}` || '—';
}

export interface DiscordMessage {
  embeds: APIEmbed[];
  components: APIActionRowComponent<APIButtonComponent>[];
  allowed_mentions: typeof NO_MENTIONS;
}

export interface EmbedOptions {
  /** Adds a Share button that reposts the card for the whole channel. */
  share?: boolean;
  /** A line such as "Shared by Alice" above the footer text. */
  note?: string;
}

/** Total characters Discord counts toward the 6000 limit. */
export function embedChars(embed: APIEmbed): number {
  return (
    (embed.title?.length ?? 0) +
    (embed.description?.length ?? 0) +
    (embed.footer?.text.length ?? 0) +
    (embed.author?.name.length ?? 0) +
    (embed.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0)
  );
}

export function cardToEmbeds(card: Card, options: EmbedOptions = {}): DiscordMessage {
  const m = messages(card.lang ?? 'en');
  const description: string[] = [];
  const fields: APIEmbedField[] = [];
  const buttons: APIButtonComponent[] = [];
  let warning = false;
  if (card.subtitle) description.push(`*${escapeText(card.subtitle)}*`);

  for (const child of card.children) {
    switch (child.type) {
      case 'text':
        if (child.style === 'warning') warning = true;
        description.push(
          child.style === 'warning'
            ? `⚠️ ${escapeText(child.text)}`
            : child.style === 'muted'
              ? `-# ${escapeText(child.text)}`
              : child.style === 'strong'
                ? `**${escapeText(child.text)}**`
                : escapeText(child.text),
        );
        break;
      case 'fields':
        for (const f of child.fields)
          fields.push({
            name: clip(f.label, LIMITS.fieldName),
            value: clip(escapeText(f.value), LIMITS.fieldValue) || '—',
            inline: f.value.length < 40 && !f.value.includes('\n'),
          });
        break;
      case 'code':
        description.push(
          `${child.title ? `**${escapeText(child.title)}**\n` : ''}${codeBlock(child.code, child.language, 1800)}`,
        );
        break;
      case 'links':
        if (child.links.length > 0)
          description.push(
            child.links.map((l) => `[${escapeText(l.label).replace(/[[\]]/g, '')}](${l.url})`).join(' · '),
          );
        break;
      case 'timeline':
        description.push(`📅 ${escapeText(timelineText(child.entries, m.lang))}`);
        break;
      case 'list':
        fields.push({ name: clip(child.title, LIMITS.fieldName), value: listValue(child, m), inline: false });
        break;
      case 'divider':
        description.push('───');
        break;
      case 'actions':
        for (const a of child.actions) {
          const prefix = a.kind === 'feature' ? CUSTOM_IDS.feature : CUSTOM_IDS.ask;
          buttons.push({
            type: ComponentType.Button,
            style: ButtonStyle.Secondary,
            label: clip(a.label, LIMITS.buttonLabel),
            custom_id: `${prefix}${a.value}`.slice(0, LIMITS.customId),
          });
        }
        break;
      default: {
        const never: never = child;
        return never;
      }
    }
  }

  const footer = [options.note, card.footer].filter(Boolean).join(' · ');
  const embed: APIEmbed = {
    title: clip(card.title, LIMITS.title),
    ...(card.url ? { url: card.url } : {}),
    color: warning ? COLORS.warning : COLORS.plain,
    ...(footer ? { footer: { text: clip(footer, LIMITS.footer) } } : {}),
  };

  // Inside the limits: 25 fields, 4096 characters of description, 6000 characters in all. Fields that do
  // not fit are dropped from the end and counted in a last "…and N more" field.
  const text = description.join('\n\n');
  if (text) embed.description = clip(text, LIMITS.description);
  let kept = fields.slice(0, fields.length > LIMITS.fields ? LIMITS.fields - 1 : LIMITS.fields);
  const overflow = (n: number): APIEmbedField => ({
    name: '…',
    value: card.url ? `[${m.more(n)}](${card.url})` : m.more(n),
    inline: false,
  });
  const place = () => {
    const dropped = fields.length - kept.length;
    const all = dropped > 0 ? [...kept, overflow(dropped)] : kept;
    if (all.length > 0) embed.fields = all;
    else delete embed.fields;
  };
  place();
  while (embedChars(embed) > LIMITS.totalEmbedChars && kept.length > 0) {
    kept = kept.slice(0, -1);
    place();
  }
  const excess = embedChars(embed) - LIMITS.totalEmbedChars;
  if (excess > 0 && embed.description)
    embed.description = clip(embed.description, embed.description.length - excess);

  if (options.share)
    buttons.push({
      type: ComponentType.Button,
      style: ButtonStyle.Primary,
      label: m.shareShort,
      custom_id: CUSTOM_IDS.share,
    });
  const rows: APIActionRowComponent<APIButtonComponent>[] = [];
  for (let i = 0; i < buttons.length && rows.length < LIMITS.actionRows; i += LIMITS.buttonsPerRow) {
    rows.push({ type: ComponentType.ActionRow, components: buttons.slice(i, i + LIMITS.buttonsPerRow) });
  }
  return { embeds: [embed], components: rows, allowed_mentions: NO_MENTIONS };
}
