/** The largest findings card (every API removal, every rule, long paths) stays inside Slack's and Discord's limits. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cardToEmbeds, LIMITS as DISCORD, embedChars } from '../../adapters/discord/render.js';
import { cardToMessage, LIMITS as SLACK } from '../../adapters/slack/render.js';
import { apiName } from '../../knowledge/changes.js';
import { projectRoot } from '../../knowledge/paths.js';
import { testBot } from '../helpers.js';

const bot = testBot();
const long = 'deploy/environments/production/eu-central-1/services/payments/very-long-directory-name';

function biggestCheck() {
  const corpus = bot.corpus;
  const removals = corpus.apiRemovals
    .map(
      (a, i) =>
        `---\napiVersion: ${apiName({ group: a.group, version: a.version })}\nkind: ${a.kind}\nmetadata:\n  name: ${'x'.repeat(50)}-${i}\n  namespace: ${'n'.repeat(40)}\n`,
    )
    .join('');
  const fixtures = ['helm-template.yaml', 'control-plane.yaml', 'malformed.yaml'].map((f) => ({
    name: `${long}/${f}`,
    text: readFileSync(join(projectRoot, 'test/fixtures/check', f), 'utf8'),
  }));
  return bot.ask('check 1.36 from 1.10', {
    documents: [{ name: `${long}/all.yaml`, text: removals }, ...fixtures],
  });
}

describe('the findings card fits the platforms', () => {
  it('Slack: blocks, sections, header, buttons and the whole message within LIMITS', () => {
    const answer = biggestCheck();
    expect(answer.check?.findings.length).toBeGreaterThan(60);
    const message = cardToMessage(answer.card);
    expect(message.blocks.length).toBeLessThanOrEqual(SLACK.blocks);
    let total = 0;
    for (const b of message.blocks) {
      if (b.type === 'header') expect(b.text.text.length).toBeLessThanOrEqual(SLACK.header);
      if (b.type === 'section' && b.text) {
        expect(b.text.text.length).toBeLessThanOrEqual(SLACK.sectionText);
        total += b.text.text.length;
      }
      if (b.type === 'actions')
        for (const e of b.elements)
          if (e.type === 'button') expect(e.text.text.length).toBeLessThanOrEqual(SLACK.buttonText);
    }
    expect(total).toBeLessThanOrEqual(SLACK.messageText);
    expect(message.text.length).toBeLessThanOrEqual(SLACK.fallbackText);
    expect(JSON.stringify(message.blocks)).toMatch(/…and \d+ more/);
  });

  it('Discord: embeds, fields, buttons and the 6000-character total within LIMITS', () => {
    const m = cardToEmbeds(biggestCheck().card);
    expect(m.embeds.reduce((n, e) => n + embedChars(e), 0)).toBeLessThanOrEqual(DISCORD.totalEmbedChars);
    for (const e of m.embeds) {
      expect(e.title?.length ?? 0).toBeLessThanOrEqual(DISCORD.title);
      expect(e.description?.length ?? 0).toBeLessThanOrEqual(DISCORD.description);
      for (const f of e.fields ?? []) {
        expect(f.name.length).toBeLessThanOrEqual(DISCORD.fieldName);
        expect(f.value.length).toBeLessThanOrEqual(DISCORD.fieldValue);
      }
    }
    for (const row of m.components)
      for (const b of row.components) {
        if ('label' in b) expect(b.label?.length ?? 0).toBeLessThanOrEqual(DISCORD.buttonLabel);
        if ('custom_id' in b) expect(b.custom_id.length).toBeLessThanOrEqual(DISCORD.customId);
      }
    expect(m.allowed_mentions).toEqual({ parse: [] });
  });
});
