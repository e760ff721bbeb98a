import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../adapters/config.js';

const problems = (env: Record<string, string>) => {
  try {
    loadConfig(env);
    return [];
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
};

describe('configuration from the environment', () => {
  it('needs nothing to run in the terminal', () => {
    expect(loadConfig({})).toEqual({
      port: 3000,
      dbPath: './data/k8sbot.sqlite',
      dataDir: './data',
      syncIntervalMs: 6 * 3_600_000,
      staleAfterDays: 7,
      syncEnv: {},
      lang: 'en',
      logLevel: 'info',
    });
  });

  it('syncs knowledge every 6 hours unless told otherwise, and passes only the sync settings on', () => {
    expect(loadConfig({ K8SBOT_SYNC_INTERVAL: '30m' }).syncIntervalMs).toBe(30 * 60_000);
    expect(loadConfig({ K8SBOT_SYNC_INTERVAL: '1d' }).syncIntervalMs).toBe(86_400_000);
    expect(loadConfig({ K8SBOT_SYNC_INTERVAL: 'off' }).syncIntervalMs).toBeNull();
    expect(problems({ K8SBOT_SYNC_INTERVAL: 'soon' })).toEqual([
      'K8SBOT_SYNC_INTERVAL must be an interval such as 6h, 30m or 1d, or off',
    ]);
    const config = loadConfig({ GITHUB_TOKEN: 'ghp_0123456789abcdef', K8SBOT_DATA_DIR: '/var/lib/k8sbot' });
    expect(config.syncEnv).toEqual({ GITHUB_TOKEN: 'ghp_0123456789abcdef' });
    expect(config.dataDir).toBe('/var/lib/k8sbot');
  });

  it('chooses Slack Socket Mode when SLACK_APP_TOKEN is set, HTTP otherwise', () => {
    expect(loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1-2', SLACK_APP_TOKEN: 'xapp-1-2' }).slack?.mode).toBe(
      'socket',
    );
    expect(
      loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1-2', SLACK_SIGNING_SECRET: 'abcdef0123456789abcdef0123456789' })
        .slack?.mode,
    ).toBe('http');
  });

  it('gives a clear message for each missing or malformed value, and never echoes a value', () => {
    const found = problems({
      SLACK_BOT_TOKEN: 'not-a-token-secret-value',
      SLACK_API_URL: 'ftp://x',
      PORT: '99999',
      DISCORD_PUBLIC_KEY: 'zz',
      K8SBOT_LANG: 'fr',
    });
    expect(found).toEqual(
      expect.arrayContaining([
        'SLACK_BOT_TOKEN must be a bot token starting with "xoxb-"',
        'SLACK_API_URL must be an http(s) URL',
        'PORT must be at most 65535',
        'DISCORD_PUBLIC_KEY must be the 64-character hex public key',
      ]),
    );
    expect(found.join('\n')).not.toContain('not-a-token-secret-value');
  });

  it('requires the signing secret in HTTP mode and the bot token for any Slack mode', () => {
    expect(problems({ SLACK_BOT_TOKEN: 'xoxb-1-2' })).toEqual([
      'SLACK_SIGNING_SECRET is required in HTTP mode (SLACK_BOT_TOKEN is set and SLACK_APP_TOKEN is not)',
    ]);
    expect(problems({ SLACK_APP_TOKEN: 'xapp-1-2' })).toEqual([
      'SLACK_BOT_TOKEN is required to run the Slack adapter',
    ]);
  });

  it('requires the application id with the Discord public key', () => {
    expect(problems({ DISCORD_PUBLIC_KEY: 'a'.repeat(64) })).toEqual([
      'DISCORD_APPLICATION_ID is required for the Discord HTTP interactions endpoint',
    ]);
    expect(
      loadConfig({ DISCORD_PUBLIC_KEY: 'a'.repeat(64), DISCORD_APPLICATION_ID: '123456789012345678' })
        .discord,
    ).toMatchObject({ http: true, gateway: false });
  });

  it('uses PostgreSQL when DATABASE_URL is a postgres:// URL, and says so when it is not', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://bot:secret@db:5432/k8sbot' }).databaseUrl).toBe(
      'postgres://bot:secret@db:5432/k8sbot',
    );
    const found = problems({ DATABASE_URL: 'mysql://bot:hunter2@db/k8sbot' });
    expect(found).toEqual(['DATABASE_URL must be a PostgreSQL URL (postgres://user@host:5432/db)']);
    expect(found.join('\n')).not.toContain('hunter2');
  });

  it('enables Slack OAuth distribution with the client id, secret and state secret, in HTTP mode', () => {
    const oauth = {
      SLACK_CLIENT_ID: '1111.2222',
      SLACK_CLIENT_SECRET: 'abcdef0123456789abcdef',
      SLACK_STATE_SECRET: 'a-long-random-state-secret',
      SLACK_SIGNING_SECRET: 'abcdef0123456789abcdef0123456789',
    };
    expect(loadConfig(oauth).slack).toMatchObject({
      mode: 'http',
      oauth: { clientId: '1111.2222' },
    });
    expect(loadConfig(oauth).slack?.botToken).toBeUndefined();
    expect(problems({ SLACK_CLIENT_ID: '1111.2222' })).toEqual([
      'SLACK_CLIENT_SECRET is required for OAuth distribution (SLACK_CLIENT_ID, SLACK_CLIENT_SECRET and SLACK_STATE_SECRET go together)',
      'SLACK_STATE_SECRET is required for OAuth distribution (SLACK_CLIENT_ID, SLACK_CLIENT_SECRET and SLACK_STATE_SECRET go together)',
      'SLACK_SIGNING_SECRET is required for OAuth distribution (it runs in HTTP mode)',
    ]);
    expect(problems({ ...oauth, SLACK_BOT_TOKEN: 'xoxb-1-2' })).toEqual([
      'SLACK_BOT_TOKEN must not be set with SLACK_CLIENT_ID: OAuth distribution keeps one token per workspace',
    ]);
  });
});
