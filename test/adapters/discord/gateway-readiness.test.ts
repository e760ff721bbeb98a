import { Client } from 'discord.js';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DiscordAdapter } from '../../../adapters/discord/app.js';
import { SingleOwner } from '../../../adapters/leases/single-owner.js';
import { Bot } from '../../../bot/bot.js';
import { realCorpus, realIndex } from '../../helpers.js';
import { captureLogger } from '../../support/logs.js';

describe('the Discord gateway and readiness', () => {
  afterEach(() => vi.restoreAllMocks());

  it('is not ready while its login fails, retries at the next renewal, and is ready once logged in', async () => {
    // No Discord here: the first two logins fail as if Discord were down, the third succeeds.
    const login = vi.spyOn(Client.prototype, 'login');
    login.mockRejectedValueOnce(new Error('getaddrinfo ENOTFOUND discord.com'));
    login.mockRejectedValueOnce(new Error('503 Service Unavailable'));
    login.mockResolvedValue('token');
    const log = captureLogger();
    const adapter = new DiscordAdapter({
      bot: new Bot({ corpus: realCorpus(), index: realIndex() }),
      logger: log.logger,
      config: { token: 'gateway-test-token-0123456789', gateway: true, http: false },
    });
    const leases = new Map<string, string>();
    const lease = new SingleOwner({
      store: {
        acquireLease: async (name, owner) => {
          if (!leases.has(name)) leases.set(name, owner);
          return leases.get(name) === owner;
        },
        releaseLease: async (name, owner) => leases.get(name) === owner && leases.delete(name),
      },
      name: 'discord-gateway',
      logger: log.logger,
      ttlMs: 200,
      renewEveryMs: 50,
      onAcquire: () => adapter.connectGateway(),
      onLose: () => adapter.disconnectGateway(),
      onStandby: () => adapter.standby(),
    });
    expect(adapter.status()).toEqual({ ok: true });
    await lease.start();
    expect(adapter.status()).toEqual({ ok: false, detail: 'gateway: getaddrinfo ENOTFOUND discord.com' });
    const deadline = Date.now() + 5_000;
    while (!adapter.gatewayConnected && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(adapter.gatewayConnected).toBe(true);
    expect(adapter.status()).toEqual({ ok: true });
    expect(login).toHaveBeenCalledTimes(3);
    await lease.stop();
    expect(adapter.status()).toEqual({ ok: true });
  });

  it('a replica standing by while another holds the gateway is ready, even after its own login failed', async () => {
    vi.spyOn(Client.prototype, 'login').mockRejectedValueOnce(new Error('down'));
    const adapter = new DiscordAdapter({
      bot: new Bot({ corpus: realCorpus(), index: realIndex() }),
      logger: captureLogger().logger,
      config: { token: 'gateway-test-token-0123456789', gateway: true, http: false },
    });
    await expect(adapter.connectGateway()).rejects.toThrow('down');
    expect(adapter.status().ok).toBe(false);
    adapter.standby();
    expect(adapter.status()).toEqual({ ok: true });
  });
});
