/**
 * cardToBlocks: a Card as Slack Block Kit JSON, inside Slack's limits. Pure; no Bolt import.
 * All card text is plain text and is escaped here, so user text echoed back can never ping (<!channel>).
 */
import type { types } from '@slack/bolt';
import type { Card, CardChild } from '../../bot/cards.js';
import { type Messages, messages } from '../../bot/messages.js';
import { cardToText, timelineText } from '../../bot/render-text.js';

type KnownBlock = types.KnownBlock;
type Button = types.Button;

/** Slack's per-message limits (and the practical total for block text). */
export const LIMITS = {
  blocks: 50,
  sectionText: 3000,
  header: 150,
  fields: 10,
  fieldText: 2000,
  contextElements: 10,
  contextText: 3000,
  actionsElements: 25,
  buttonText: 75,
  buttonValue: 2000,
  actionId: 255,
  messageText: 12_000,
  fallbackText: 3000,
} as const;

/** Action ids the Slack adapter handles. */
export const ACTIONS = { share: 'share', feature: 'feature', ask: 'ask' } as const;

/** Escapes the three characters mrkdwn treats as control characters. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Cuts text to a length, ending with "…" when cut. */
export function clip(text: string, max: number): string {
  // A string no longer than max in UTF-16 units has at most max characters: nothing to cut, nothing to count.
  if (text.length <= max) return text;
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

/** A link in mrkdwn; the label is escaped and the URL may not contain the delimiters. */
export function link(url: string, label: string): string {
  return /^https?:\/\/[^\s|<>]+$/.test(url)
    ? `<${url}|${escapeMrkdwn(label).replace(/\|/g, '¦')}>`
    : escapeMrkdwn(label);
}

const section = (text: string): KnownBlock => ({
  type: 'section',
  text: { type: 'mrkdwn', text: clip(text, LIMITS.sectionText) },
});

function codeBlock(code: string, title: string | undefined): string {
  const head = title ? `*${escapeMrkdwn(title)}*\n` : '';
  const room = LIMITS.sectionText - head.length - 8;
  const body = escapeMrkdwn(code);
  const kept = body.length <= room ? body : `${body.slice(0, room - 2).replace(/\n[^\n]*$/, '')}\n…`;
  return `${head}\`\`\`${kept}\`\`\``;
}

function listText(child: Extract<CardChild, { type: 'list' }>, m: Messages): string {
  const lines = [`*${escapeMrkdwn(child.title)}*`, ...child.items.map((i) => `• ${escapeMrkdwn(i)}`)];
  const hidden = child.total - child.items.length;
  let text = lines.join('\n');
  // Keep whole lines inside the section limit and count what did not fit.
  let dropped = 0;
  while (text.length > LIMITS.sectionText - 120 && lines.length > 1) {
    lines.pop();
    dropped++;
    text = lines.join('\n');
  }
  const more = hidden + dropped;
  if (more > 0) {
    const label = m.more(more);
    text += `\n${child.moreUrl ? link(child.moreUrl, label) : escapeMrkdwn(label)}`;
  }
  return text;
}

function button(text: string, actionId: string, value: string): Button {
  return {
    type: 'button',
    text: { type: 'plain_text', text: clip(text, LIMITS.buttonText), emoji: false },
    action_id: actionId.slice(0, LIMITS.actionId),
    value: value.slice(0, LIMITS.buttonValue),
  };
}

function childBlocks(child: CardChild, index: number, m: Messages): KnownBlock[] {
  switch (child.type) {
    case 'text': {
      const prefix = child.style === 'warning' ? ':warning: ' : '';
      if (child.style === 'muted') {
        return [
          {
            type: 'context',
            elements: [{ type: 'mrkdwn', text: clip(escapeMrkdwn(child.text), LIMITS.contextText) }],
          },
        ];
      }
      if (child.style === 'strong') return [section(`*${escapeMrkdwn(child.text)}*`)];
      return [section(`${prefix}${escapeMrkdwn(child.text)}`)];
    }
    case 'fields': {
      const blocks: KnownBlock[] = [];
      for (let i = 0; i < child.fields.length; i += LIMITS.fields) {
        blocks.push({
          type: 'section',
          fields: child.fields.slice(i, i + LIMITS.fields).map((f) => ({
            type: 'mrkdwn' as const,
            text: clip(`*${escapeMrkdwn(f.label)}*\n${escapeMrkdwn(f.value)}`, LIMITS.fieldText),
          })),
        });
      }
      return blocks;
    }
    case 'code':
      return [section(codeBlock(child.code, child.title))];
    case 'links':
      return child.links.length > 0
        ? [section(child.links.map((l) => link(l.url, l.label)).join('  ·  '))]
        : [];
    case 'timeline':
      return [section(`:calendar: ${escapeMrkdwn(timelineText(child.entries, m.lang))}`)];
    case 'list':
      return [section(listText(child, m))];
    case 'divider':
      return [{ type: 'divider' }];
    case 'actions':
      return [
        {
          type: 'actions',
          block_id: `actions-${index}`,
          elements: child.actions
            .slice(0, LIMITS.actionsElements)
            .map((a, i) =>
              button(a.label, `${a.kind === 'feature' ? ACTIONS.feature : ACTIONS.ask}:${i}`, a.value),
            ),
        },
      ];
    default: {
      const never: never = child;
      return never;
    }
  }
}

export interface BlocksOptions {
  /** Adds a "Share in channel" button that posts the same card for everyone (value = the question). */
  shareQuery?: string;
  /** A context line such as "Shared by Alice". */
  note?: string;
}

export interface SlackMessage {
  text: string;
  blocks: KnownBlock[];
}

function blockTextLength(block: KnownBlock): number {
  return JSON.stringify(block).length;
}

/** The card as blocks, inside LIMITS: blocks beyond the limits are replaced by a "…and N more" context line. */
export function cardToBlocks(card: Card, options: BlocksOptions = {}): KnownBlock[] {
  const m = messages(card.lang ?? 'en');
  const head: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: clip(card.title, LIMITS.header), emoji: false } },
  ];
  if (card.subtitle || card.url) {
    head.push({
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: clip(
            [
              card.subtitle ? escapeMrkdwn(card.subtitle) : undefined,
              card.url ? link(card.url, m.details) : undefined,
            ]
              .filter(Boolean)
              .join('  ·  '),
            LIMITS.contextText,
          ),
        },
      ],
    });
  }
  const body = card.children.flatMap((c, i) => childBlocks(c, i, m));
  const tail: KnownBlock[] = [];
  if (options.shareQuery !== undefined) {
    tail.push({
      type: 'actions',
      block_id: 'share',
      elements: [button(m.share, ACTIONS.share, options.shareQuery)],
    });
  }
  const footer = [
    options.note ? escapeMrkdwn(options.note) : undefined,
    card.footer ? escapeMrkdwn(card.footer) : undefined,
  ].filter(Boolean);
  if (footer.length > 0)
    tail.push({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: clip(footer.join('  ·  '), LIMITS.contextText) }],
    });

  // Fit: keep head and tail, drop body blocks from the end until count and size fit, and say so.
  const budget = LIMITS.messageText;
  const fixed = [...head, ...tail].reduce((n, b) => n + blockTextLength(b), 0);
  const kept: KnownBlock[] = [];
  let size = fixed;
  for (const block of body) {
    const next = blockTextLength(block);
    if (kept.length + head.length + tail.length + 1 >= LIMITS.blocks || size + next > budget) break;
    kept.push(block);
    size += next;
  }
  const dropped = body.length - kept.length;
  if (dropped > 0) {
    kept.push({
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: `${m.moreSections(dropped)}${card.url ? m.paren(link(card.url, m.seeAll)) : ''}`,
        },
      ],
    });
  }
  return [...head, ...kept, ...tail];
}

/**
 * Blocks plus the plain-text fallback every message must carry (notifications, screen readers, old clients).
 * The fallback is mrkdwn too, so it is escaped like the blocks.
 */
export function cardToMessage(card: Card, options: BlocksOptions = {}): SlackMessage {
  return {
    text: clip(escapeMrkdwn(cardToText(card)), LIMITS.fallbackText),
    blocks: cardToBlocks(card, options),
  };
}
