import { Client } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DiscordAdapter } from '../../../adapters/discord/app.js';
import { SingleOwner } from '../../../adapters/leases/single-owner.js';
import type { KyselyStore } from '../../../adapters/storage/kysely-store.js';
import { Bot } from '../../../bot/bot.js';
import { silentLogger } from '../../../bot/logger.js';
import { realCorpus, realIndex } from '../../helpers.js';
import { type StoreTarget, storeTarget } from '../../support/stores.js';

describe('the Discord gateway connects in one replica only, the one holding the lease', () => {
  let target: StoreTarget;
  const stores: KyselyStore[] = [];
  const logins: Client[] = [];

  beforeAll(async () => {
    target = await storeTarget('postgres', 'gateway');
    // No Discord here: a login is recorded instead of opening the gateway WebSocket.
    vi.spyOn(Client.prototype, 'login').mockImplementation(async function (this: Client) {
      logins.push(this);
      return 'token';
    });
  });
  afterAll(async () => {
    vi.restoreAllMocks();
    for (const s of stores) await s.close();
    await target.cleanup();
  });

  it('logs in only the owner, and the other replica after the owner stops', async () => {
    const replicas = [];
    for (let i = 0; i < 2; i++) {
      const store = await target.open();
      stores.push(store);
      const adapter = new DiscordAdapter({
        bot: new Bot({ corpus: realCorpus(), index: realIndex() }),
        logger: silentLogger,
        config: { token: 'gateway-test-token-0123456789', gateway: true, http: false },
      });
      const lease = new SingleOwner({
        store,
        name: 'discord-gateway',
        owner: `replica-${i}`,
        logger: silentLogger,
        ttlMs: 400,
        renewEveryMs: 100,
        onAcquire: () => adapter.connectGateway(),
        onLose: () => adapter.disconnectGateway(),
      });
      replicas.push({ adapter, lease });
    }
    const [a, b] = replicas as [(typeof replicas)[0], (typeof replicas)[0]];
    await a.lease.start();
    await b.lease.start();
    await new Promise((r) => setTimeout(r, 250));
    expect([a.adapter.gatewayConnected, b.adapter.gatewayConnected]).toEqual([true, false]);
    expect(logins).toHaveLength(1);
    await a.lease.stop();
    await new Promise((r) => setTimeout(r, 250));
    expect([a.adapter.gatewayConnected, b.adapter.gatewayConnected]).toEqual([false, true]);
    expect(logins).toHaveLength(2);
    expect(a.adapter.modes()).toEqual(['gateway']);
    await b.lease.stop();
    await a.adapter.stop();
    await b.adapter.stop();
  });
});
