import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { BOT_SCOPES } from '../../../adapters/slack/app.js';
import { projectRoot } from '../../../knowledge/paths.js';

type Manifest = {
  features: { slash_commands: Array<{ command: string; url?: string }> };
  oauth_config: { scopes: { bot: string[] } };
  settings: {
    event_subscriptions: { bot_events: string[]; request_url?: string };
    interactivity: { is_enabled: boolean; request_url?: string };
    socket_mode_enabled: boolean;
  };
};

const read = (name: string) =>
  parse(readFileSync(join(projectRoot, 'adapters/slack', name), 'utf8')) as Manifest;

describe('Slack app manifests', () => {
  it.each(['manifest.yaml', 'manifest.http.yaml'])(
    '%s declares what the adapter handles and the scopes it calls with',
    (name) => {
      const m = read(name);
      expect(m.features.slash_commands.map((c) => c.command)).toEqual(['/k8s']);
      // message.channels / message.groups: replies in a thread the bot answered, without a mention (follow-ups).
      expect(m.settings.event_subscriptions.bot_events.sort()).toEqual([
        'app_mention',
        'message.channels',
        'message.groups',
        'message.im',
      ]);
      expect(m.settings.interactivity.is_enabled).toBe(true);
      expect(m.oauth_config.scopes.bot).toEqual(
        expect.arrayContaining(['commands', 'chat:write', 'app_mentions:read', 'im:history']),
      );
      // After an unknown outcome the digest is looked up in the channel's history before any re-send.
      expect(m.oauth_config.scopes.bot).toEqual(
        expect.arrayContaining(['channels:history', 'groups:history']),
      );
      // `check` reads the manifests a user shares with the bot (downloaded with the bot token).
      expect(m.oauth_config.scopes.bot).toContain('files:read');
    },
  );

  it('an OAuth install asks for the same bot scopes as the manifests', () => {
    for (const name of ['manifest.yaml', 'manifest.http.yaml']) {
      expect([...read(name).oauth_config.scopes.bot].sort()).toEqual([...BOT_SCOPES].sort());
    }
  });

  it('points every HTTP-mode URL at /slack/events', () => {
    const m = read('manifest.http.yaml');
    expect(m.settings.socket_mode_enabled).toBe(false);
    for (const url of [
      m.features.slash_commands[0]?.url,
      m.settings.event_subscriptions.request_url,
      m.settings.interactivity.request_url,
    ]) {
      expect(url).toMatch(/^https:\/\/[^/]+\/slack\/events$/);
    }
    expect(read('manifest.yaml').settings.socket_mode_enabled).toBe(true);
  });
});
