import { describe, expect, it } from 'vitest';
import { cardToEmbeds } from '../../../adapters/discord/render.js';
import { BODY_LIMITS } from '../../../adapters/edge/limits.js';
import { cardToMessage } from '../../../adapters/slack/render.js';
import { buttonClick } from '../../fakes/slack-payloads.js';
import { largestFeatureCards, releaseCards } from '../../helpers.js';

const cards = [...releaseCards(), ...largestFeatureCards(40)];

describe('the body caps fit what the platforms really send', () => {
  it('a Slack click on the biggest card the bot posts (url-encoded, with the message) is under a third of the cap', () => {
    const sizes = cards.map(([name, card]) => {
      const message = cardToMessage(card, { shareQuery: name });
      const click = {
        ...buttonClick(
          { actionId: 'share', blockId: 'share', value: name },
          'https://hooks.slack.com/actions/T1/1/x',
        ),
        container: { type: 'message', message_ts: '1.2', channel_id: 'C123', is_ephemeral: false },
        message: { type: 'message', ts: '1.2', text: message.text, blocks: message.blocks },
        state: { values: {} },
      };
      return new URLSearchParams({ payload: JSON.stringify(click) }).toString().length;
    });
    expect(Math.max(...sizes)).toBeLessThan(BODY_LIMITS.slack / 3);
  });

  it('a Discord click on the biggest embed is under a fifth of the cap', () => {
    const sizes = cards.map(
      ([, card]) =>
        JSON.stringify({
          type: 3,
          data: { custom_id: 'share', component_type: 2 },
          message: { id: '1', channel_id: '2', ...cardToEmbeds(card, { share: true }) },
          member: { user: { id: '4000000000000000001', username: 'alice' }, permissions: '2199023255551' },
        }).length,
    );
    expect(Math.max(...sizes)).toBeLessThan(BODY_LIMITS.discord / 5);
  });
});
