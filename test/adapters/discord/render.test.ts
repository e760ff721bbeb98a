import { SlashCommandBuilder } from 'discord.js';
import { describe, expect, it } from 'vitest';
import {
  buildCommand,
  COMMAND_NAME,
  commandDefinitions,
  commandToText,
} from '../../../adapters/discord/commands.js';
import { cardToEmbeds, embedChars, LIMITS } from '../../../adapters/discord/render.js';
import type { Card } from '../../../bot/cards.js';
import { largestFeatureCards, releaseCards } from '../../helpers.js';

const card: Card = {
  title: 'StatefulSet',
  subtitle: 'formerly PetSet · GA since 1.9',
  url: 'https://kubernetes.io/docs/concepts/workloads/controllers/statefulset/',
  children: [
    { type: 'text', text: 'Pods with *stable* names.', style: 'plain' },
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
  ],
  footer: 'Data as of 2026-08-22 · k8s-feature-bot',
};

describe('cardToEmbeds', () => {
  it('renders every child type as an embed with buttons', () => {
    expect(cardToEmbeds(card, { share: true })).toEqual({
      embeds: [
        {
          title: 'StatefulSet',
          url: 'https://kubernetes.io/docs/concepts/workloads/controllers/statefulset/',
          color: 0x326ce5,
          footer: { text: 'Data as of 2026-08-22 · k8s-feature-bot' },
          description: [
            '*formerly PetSet · GA since 1.9*',
            'Pods with \\*stable\\* names.',
            '📅 alpha 1.3 (as PetSet) → GA 1.9',
            '**Example**\n```yaml\nkind: StatefulSet\n```',
            '[Docs](https://kubernetes.io/docs/)',
          ].join('\n\n'),
          fields: [
            { name: 'API', value: 'apps/v1 StatefulSet', inline: true },
            { name: 'Went GA (3)', value: '• A\n• B\n[…and 1 more](https://example.com/all)', inline: false },
          ],
        },
      ],
      components: [
        {
          type: 1,
          components: [
            { type: 2, style: 2, label: 'Deployment', custom_id: 'feature:deployment' },
            { type: 2, style: 1, label: 'Share', custom_id: 'share' },
          ],
        },
      ],
      allowed_mentions: { parse: [] },
    });
  });

  it('escapes markdown and masked links in user text; mentions stay inert', () => {
    const m = cardToEmbeds({
      title: 't',
      children: [{ type: 'text', text: '@everyone **bold** [link](http://evil.example)', style: 'plain' }],
    });
    expect(m.embeds[0]?.description).toBe('@everyone \\*\\*bold\\*\\* \\[link](http://evil.example)');
    expect(m.allowed_mentions).toEqual({ parse: [] });
  });

  it('drops fields beyond 25 into an "…and N more" field', () => {
    const fields = Array.from({ length: 40 }, (_, i) => ({ label: `f${i}`, value: `v${i}` }));
    const m = cardToEmbeds({
      title: 't',
      url: 'https://example.com/',
      children: [{ type: 'fields', fields }],
    });
    expect(m.embeds[0]?.fields).toHaveLength(LIMITS.fields);
    expect(m.embeds[0]?.fields?.at(-1)).toEqual({
      name: '…',
      value: '[…and 16 more](https://example.com/)',
      inline: false,
    });
  });
});

function assertInsideDiscordLimits(m: ReturnType<typeof cardToEmbeds>): void {
  expect(m.embeds.length).toBeLessThanOrEqual(LIMITS.embeds);
  expect(m.embeds.reduce((n, e) => n + embedChars(e), 0)).toBeLessThanOrEqual(LIMITS.totalEmbedChars);
  for (const e of m.embeds) {
    expect(e.title?.length ?? 0).toBeLessThanOrEqual(LIMITS.title);
    expect(e.description?.length ?? 0).toBeLessThanOrEqual(LIMITS.description);
    expect(e.footer?.text.length ?? 0).toBeLessThanOrEqual(LIMITS.footer);
    expect(e.fields?.length ?? 0).toBeLessThanOrEqual(LIMITS.fields);
    for (const f of e.fields ?? []) {
      expect(f.name.length).toBeLessThanOrEqual(LIMITS.fieldName);
      expect(f.value.length).toBeLessThanOrEqual(LIMITS.fieldValue);
      expect(f.value.length).toBeGreaterThan(0);
    }
  }
  expect(m.components.length).toBeLessThanOrEqual(LIMITS.actionRows);
  for (const row of m.components) {
    expect(row.components.length).toBeLessThanOrEqual(LIMITS.buttonsPerRow);
    for (const b of row.components) {
      if ('label' in b) expect(b.label?.length ?? 0).toBeLessThanOrEqual(LIMITS.buttonLabel);
      if ('custom_id' in b) expect(b.custom_id.length).toBeLessThanOrEqual(LIMITS.customId);
    }
  }
  expect(m.allowed_mentions).toEqual({ parse: [] });
}

describe('the largest real cards stay inside Discord limits', () => {
  it.each(releaseCards())('release card %s', (_v, c) =>
    assertInsideDiscordLimits(cardToEmbeds(c, { share: true })),
  );
  it.each(largestFeatureCards(10))('feature card %s', (_id, c) =>
    assertInsideDiscordLimits(cardToEmbeds(c, { share: true })),
  );
});

describe('the /k8s command definitions', () => {
  it('pass discord.js builder validation and fit Discord’s naming rules', () => {
    const [json] = commandDefinitions();
    expect(json?.name).toBe(COMMAND_NAME);
    expect(json?.name).toMatch(/^[a-z0-9_-]{1,32}$/);
    const names = (json?.options ?? []).map((o) => o.name);
    expect(names).toEqual([
      'feature',
      'release',
      'compare',
      'api',
      'search',
      'ask',
      'check',
      'cluster',
      'help',
      'digest',
    ]);
    const digest = json?.options?.find((o) => o.name === 'digest') as
      | { options?: Array<{ name: string }> }
      | undefined;
    expect(digest?.options?.map((o) => o.name)).toEqual(['subscribe', 'unsubscribe', 'preview', 'status']);
    // Re-building from the JSON runs every builder validator again.
    expect(() => Object.assign(new SlashCommandBuilder(), buildCommand()).toJSON()).not.toThrow();
  });

  it('marks the name and version options for autocomplete', () => {
    type Node = { name: string; autocomplete?: boolean; options?: Node[] };
    const root = commandDefinitions()[0] as unknown as Node;
    const option = (sub: string, name: string) =>
      root.options?.find((o) => o.name === sub)?.options?.find((o) => o.name === name);
    expect(option('feature', 'name')?.autocomplete).toBe(true);
    expect(option('release', 'version')?.autocomplete).toBe(true);
    expect(option('compare', 'from')?.autocomplete).toBe(true);
    expect(option('search', 'query')?.autocomplete).toBeUndefined();
    expect(option('check', 'target')?.autocomplete).toBe(true);
    expect(option('check', 'from')?.autocomplete).toBe(true);
  });

  it('turns invocations into the text the core reads', () => {
    expect(commandToText('feature', undefined, { name: 'petset' })).toBe('feature petset');
    expect(commandToText('compare', undefined, { from: '1.22', to: '1.24' })).toBe('compare 1.22 1.24');
    expect(commandToText('check', undefined, { manifest: '900', target: '1.29', from: '1.27' })).toBe(
      'check 1.29 from 1.27',
    );
    expect(commandToText('check', undefined, { manifest: '900' })).toBe('check');
    expect(commandToText('cluster', undefined, { name: 'prod' })).toBe('cluster prod');
    expect(
      commandToText('subscribe', 'digest', {
        weekday: 'tue',
        time: '08:30',
        timezone: 'Asia/Tokyo',
        language: 'ja',
      }),
    ).toBe('digest subscribe tue 08:30 Asia/Tokyo ja');
    expect(commandToText('ask', undefined, { question: 'what changed in 1.24?' })).toBe(
      'what changed in 1.24?',
    );
  });
});
