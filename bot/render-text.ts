/** cardToText: a card as plain text for the terminal, logs and platform fallbacks. */
import { styleText } from 'node:util';
import type { Card, CardChild, TimelineEntry } from './cards.js';
import { type Lang, type Messages, messages } from './messages.js';

export interface TextOptions {
  /** ANSI colour (only on a TTY). */
  color?: boolean;
}

type Style = 'bold' | 'dim' | 'yellow' | 'cyan';

export function timelineText(entries: TimelineEntry[], lang: Lang = 'en'): string {
  const m = messages(lang);
  return entries.map((e) => `${e.label} ${e.version}${e.detail ? m.paren(e.detail) : ''}`).join(' → ');
}

function moreText(shown: number, total: number, m: Messages): string | undefined {
  return total > shown ? m.more(total - shown) : undefined;
}

function childText(child: CardChild, paint: (s: Style, t: string) => string, m: Messages): string {
  switch (child.type) {
    case 'text':
      return child.style === 'muted'
        ? paint('dim', child.text)
        : child.style === 'warning'
          ? paint('yellow', `! ${child.text}`)
          : child.style === 'strong'
            ? paint('bold', child.text)
            : child.text;
    case 'fields':
      return child.fields
        .map(
          (f) =>
            `${paint('bold', `${f.label}:`)} ${f.value.includes('\n') ? `\n  ${f.value.split('\n').join('\n  ')}` : f.value}`,
        )
        .join('\n');
    case 'code':
      return `${child.title ? `${paint('bold', child.title)}\n` : ''}${child.code
        .split('\n')
        .map((l) => `  ${l}`)
        .join('\n')}`;
    case 'links':
      return child.links.map((l) => `• ${l.label}: ${paint('cyan', l.url)}`).join('\n');
    case 'timeline':
      return timelineText(child.entries, m.lang);
    case 'list': {
      const more = moreText(child.items.length, child.total, m);
      return [
        paint('bold', `${child.title}:`),
        ...child.items.map((i) => `  • ${i}`),
        ...(more ? [`  ${more}${child.moreUrl ? ` (${child.moreUrl})` : ''}`] : []),
      ].join('\n');
    }
    case 'divider':
      return '—'.repeat(20);
    case 'actions':
      return `→ ${child.actions.map((a) => a.label).join(' · ')}`;
    default: {
      const never: never = child;
      return never;
    }
  }
}

export function cardToText(card: Card, options: TextOptions = {}): string {
  const paint = (s: Style, t: string) => (options.color ? styleText(s, t, { validateStream: false }) : t);
  const head = [paint('bold', card.title), card.subtitle ? paint('dim', card.subtitle) : undefined, card.url]
    .filter(Boolean)
    .join('\n');
  const m = messages(card.lang ?? 'en');
  const body = card.children.map((c) => childText(c, paint, m)).filter((t) => t.length > 0);
  return [head, ...body, ...(card.footer ? [paint('dim', card.footer)] : [])].join('\n\n');
}
