import { describe, expect, it } from 'vitest';
import type { Card } from '../../bot/cards.js';
import { cardToText } from '../../bot/render-text.js';

const card: Card = {
  title: 'StatefulSet',
  subtitle: 'formerly PetSet · GA since 1.9',
  url: 'https://kubernetes.io/docs/concepts/workloads/controllers/statefulset/',
  children: [
    { type: 'text', text: 'Pods with stable identities.', style: 'plain' },
    {
      type: 'timeline',
      entries: [
        { stage: 'alpha', label: 'alpha', version: '1.3', detail: 'as PetSet' },
        { stage: 'stable', label: 'GA', version: '1.9' },
      ],
    },
    { type: 'fields', fields: [{ label: 'API', value: 'apps/v1 StatefulSet' }] },
    { type: 'code', language: 'yaml', title: 'Example: one replica', code: 'kind: StatefulSet\nspec: {}' },
    { type: 'list', title: 'Went GA (10)', items: ['A', 'B'], total: 10, moreUrl: 'https://example.com/all' },
    { type: 'links', links: [{ label: 'Docs', url: 'https://kubernetes.io/' }] },
    { type: 'divider' },
    { type: 'actions', actions: [{ kind: 'feature', label: 'Deployment', value: 'deployment' }] },
    { type: 'text', text: 'Careful.', style: 'warning' },
  ],
  footer: 'Data as of 2026-08-22 · k8s-feature-bot',
};

describe('cardToText', () => {
  it('renders every child type as readable plain text', () => {
    expect(cardToText(card)).toBe(
      [
        'StatefulSet\nformerly PetSet · GA since 1.9\nhttps://kubernetes.io/docs/concepts/workloads/controllers/statefulset/',
        'Pods with stable identities.',
        'alpha 1.3 (as PetSet) → GA 1.9',
        'API: apps/v1 StatefulSet',
        'Example: one replica\n  kind: StatefulSet\n  spec: {}',
        'Went GA (10):\n  • A\n  • B\n  …and 8 more (https://example.com/all)',
        '• Docs: https://kubernetes.io/',
        '————————————————————',
        '→ Deployment',
        '! Careful.',
        'Data as of 2026-08-22 · k8s-feature-bot',
      ].join('\n\n'),
    );
  });

  it('adds ANSI colour only when asked', () => {
    expect(cardToText(card)).not.toContain('\u001b[');
    expect(cardToText(card, { color: true })).toContain('\u001b[1mStatefulSet');
  });
});
