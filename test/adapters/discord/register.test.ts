import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandDefinitions } from '../../../adapters/discord/commands.js';
import { register } from '../../../adapters/discord/register.js';
import { fakeDiscord, type HttpFake } from '../../fakes/http-fake.js';

describe('npm run discord:register', () => {
  let discord: HttpFake;
  beforeAll(async () => {
    discord = fakeDiscord();
    await discord.start();
  });
  afterAll(() => discord.stop());

  const env = () => ({
    DISCORD_TOKEN: 'test-bot-token-0123456789abcdef',
    DISCORD_APPLICATION_ID: '123456789012345678',
    DISCORD_API_URL: `${discord.url}/api`,
  });

  it('registers /k8s in one server when DISCORD_GUILD_ID is set', async () => {
    expect(await register({ ...env(), DISCORD_GUILD_ID: '234567890123456789' })).toBe(
      'registered /k8s in server 234567890123456789',
    );
    const put = await discord.waitFor((r) => r.method === 'PUT');
    expect(put.path).toBe('/api/v10/applications/123456789012345678/guilds/234567890123456789/commands');
    expect(put.headers.authorization).toBe('Bot test-bot-token-0123456789abcdef');
    expect(JSON.parse(put.raw)).toEqual(commandDefinitions());
  });

  it('registers globally otherwise', async () => {
    discord.requests.length = 0;
    await register(env());
    expect((await discord.waitFor((r) => r.method === 'PUT')).path).toBe(
      '/api/v10/applications/123456789012345678/commands',
    );
  });

  it('says which variable is missing', async () => {
    await expect(register({ DISCORD_TOKEN: 'test-bot-token-0123456789abcdef' })).rejects.toThrow(
      'DISCORD_APPLICATION_ID is required',
    );
  });
});
