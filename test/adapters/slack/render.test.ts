import { describe, expect, it } from 'vitest';
import { cardToBlocks, cardToMessage, escapeMrkdwn, LIMITS } from '../../../adapters/slack/render.js';
import type { Card } from '../../../bot/cards.js';
import { largestFeatureCards, releaseCards } from '../../helpers.js';

const card: Card = {
  title: 'StatefulSet',
  subtitle: 'formerly PetSet · GA since 1.9',
  url: 'https://kubernetes.io/docs/concepts/workloads/controllers/statefulset/',
  children: [
    { type: 'text', text: 'Pods with <stable> names & volumes.', style: 'plain' },
    {
      type: 'timeline',
      entries: [
        { stage: 'alpha', label: 'alpha', version: '1.3', detail: 'as PetSet' },
        { stage: 'stable', label: 'GA', version: '1.9' },
      ],
    },
    { type: 'fields', fields: [{ label: 'API', value: 'apps/v1 StatefulSet' }] },
    { type: 'code', language: 'yaml', title: 'Example', code: 'kind: StatefulSet' },
    { type: 'list', title: 'Went GA (3)', items: ['A', 'B'], total: 3, moreUrl: 'https://example.com/all' },
    { type: 'links', links: [{ label: 'Docs', url: 'https://kubernetes.io/docs/' }] },
    { type: 'actions', actions: [{ kind: 'feature', label: 'Deployment', value: 'deployment' }] },
    { type: 'text', text: 'note', style: 'muted' },
  ],
  footer: 'Data as of 2026-08-22 · k8s-feature-bot',
};

describe('cardToBlocks', () => {
  it('renders every child type as Block Kit', () => {
    expect(cardToBlocks(card, { shareQuery: 'feature petset' })).toEqual([
      { type: 'header', text: { type: 'plain_text', text: 'StatefulSet', emoji: false } },
      {
        type: 'context',
        elements: [
          {
            type: 'mrkdwn',
            text: 'formerly PetSet · GA since 1.9  ·  <https://kubernetes.io/docs/concepts/workloads/controllers/statefulset/|details>',
          },
        ],
      },
      { type: 'section', text: { type: 'mrkdwn', text: 'Pods with &lt;stable&gt; names &amp; volumes.' } },
      { type: 'section', text: { type: 'mrkdwn', text: ':calendar: alpha 1.3 (as PetSet) → GA 1.9' } },
      { type: 'section', fields: [{ type: 'mrkdwn', text: '*API*\napps/v1 StatefulSet' }] },
      { type: 'section', text: { type: 'mrkdwn', text: '*Example*\n```kind: StatefulSet```' } },
      {
        type: 'section',
        text: { type: 'mrkdwn', text: '*Went GA (3)*\n• A\n• B\n<https://example.com/all|…and 1 more>' },
      },
      { type: 'section', text: { type: 'mrkdwn', text: '<https://kubernetes.io/docs/|Docs>' } },
      {
        type: 'actions',
        block_id: 'actions-6',
        elements: [
          {
            type: 'button',
            text: { type: 'plain_text', text: 'Deployment', emoji: false },
            action_id: 'feature:0',
            value: 'deployment',
          },
        ],
      },
      { type: 'context', elements: [{ type: 'mrkdwn', text: 'note' }] },
      {
        type: 'actions',
        block_id: 'share',
        elements: [
          {
            type: 'button',
            text: { type: 'plain_text', text: 'Share in channel', emoji: false },
            action_id: 'share',
            value: 'feature petset',
          },
        ],
      },
      { type: 'context', elements: [{ type: 'mrkdwn', text: 'Data as of 2026-08-22 · k8s-feature-bot' }] },
    ]);
  });

  it('escapes user text so <!channel> and <@U123> can never ping, in blocks and in the fallback', () => {
    const hostile: Card = {
      title: '<!channel>',
      children: [{ type: 'text', text: 'I could not find "<!channel> <@U123> @everyone"', style: 'plain' }],
    };
    const message = cardToMessage(hostile);
    // mrkdwn is where Slack turns <!channel> into a ping; plain_text (the header) is shown as typed.
    const mrkdwn = JSON.stringify(message.blocks)
      .match(/"type":"mrkdwn","text":"(?:[^"\\]|\\.)*"/g)
      ?.join('\n');
    expect(mrkdwn).toContain('&lt;!channel&gt; &lt;@U123&gt; @everyone');
    expect(mrkdwn).not.toMatch(/<!channel>|<@U123>/);
    expect(message.blocks[0]).toEqual({
      type: 'header',
      text: { type: 'plain_text', text: '<!channel>', emoji: false },
    });
    expect(message.text).toContain('&lt;!channel&gt;');
    expect(message.text).not.toMatch(/<!channel>|<@U123>/);
    expect(escapeMrkdwn('a & <b>')).toBe('a &amp; &lt;b&gt;');
  });

  it('truncates a list over the section limit with "…and N more", never a silent cut', () => {
    const items = Array.from({ length: 400 }, (_, i) => `item number ${i} with some words`);
    const blocks = cardToBlocks({
      title: 't',
      children: [{ type: 'list', title: 'Many', items, total: 400 }],
    });
    const text = (blocks[1] as { text: { text: string } }).text.text;
    expect(text.length).toBeLessThanOrEqual(LIMITS.sectionText);
    expect(text).toMatch(/…and \d+ more$/);
  });

  it('replaces blocks beyond 50 by a "…and N more sections" line', () => {
    const children = Array.from({ length: 80 }, (_, i) => ({
      type: 'text' as const,
      text: `paragraph ${i}`,
      style: 'plain' as const,
    }));
    const blocks = cardToBlocks({ title: 't', url: 'https://example.com/', children });
    expect(blocks.length).toBeLessThanOrEqual(LIMITS.blocks);
    expect(JSON.stringify(blocks.at(-1))).toMatch(/…and \d+ more sections/);
  });
});

function assertInsideSlackLimits(blocks: ReturnType<typeof cardToBlocks>, fallback: string): void {
  expect(blocks.length).toBeLessThanOrEqual(LIMITS.blocks);
  let textTotal = 0;
  for (const b of blocks) {
    if (b.type === 'header') expect(b.text.text.length).toBeLessThanOrEqual(LIMITS.header);
    if (b.type === 'section') {
      if (b.text) {
        expect(b.text.text.length).toBeLessThanOrEqual(LIMITS.sectionText);
        textTotal += b.text.text.length;
      }
      expect(b.fields?.length ?? 0).toBeLessThanOrEqual(LIMITS.fields);
      for (const f of b.fields ?? []) {
        expect(f.text.length).toBeLessThanOrEqual(LIMITS.fieldText);
        textTotal += f.text.length;
      }
    }
    if (b.type === 'actions') {
      expect(b.elements.length).toBeLessThanOrEqual(LIMITS.actionsElements);
      for (const e of b.elements)
        if (e.type === 'button') expect(e.text.text.length).toBeLessThanOrEqual(LIMITS.buttonText);
    }
    if (b.type === 'context') expect(b.elements.length).toBeLessThanOrEqual(LIMITS.contextElements);
  }
  expect(textTotal).toBeLessThanOrEqual(LIMITS.messageText);
  expect(fallback.length).toBeLessThanOrEqual(LIMITS.fallbackText);
}

describe('the largest real cards stay inside Slack limits', () => {
  it.each(releaseCards())('release card %s', (_version, c) => {
    const m = cardToMessage(c, { shareQuery: 'x'.repeat(500) });
    assertInsideSlackLimits(m.blocks, m.text);
  });

  it.each(largestFeatureCards(10))('feature card %s', (_id, c) => {
    const m = cardToMessage(c, { shareQuery: 'feature x' });
    assertInsideSlackLimits(m.blocks, m.text);
  });
});
