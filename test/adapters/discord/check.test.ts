/** `/k8s check manifest:<attachment>` over the HTTP interactions endpoint; the attachment is served by a local fake CDN. */
import { generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DiscordAdapter } from '../../../adapters/discord/app.js';
import { commandDefinitions } from '../../../adapters/discord/commands.js';
import { createHttpServer, listen } from '../../../adapters/http.js';
import { Bot } from '../../../bot/bot.js';
import { silentLogger } from '../../../bot/logger.js';
import { commandInteraction } from '../../fakes/discord-interactions.js';
import { fakeDiscord, type HttpFake } from '../../fakes/http-fake.js';
import { realCorpus, realIndex } from '../../helpers.js';

const MANIFEST = `apiVersion: autoscaling/v2beta2
kind: HorizontalPodAutoscaler
metadata: { name: web }
spec:
  scaleTargetRef: { apiVersion: apps/v1, kind: Deployment, name: web }
  maxReplicas: 3
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: web }
spec:
  template:
    metadata:
      annotations:
        container.apparmor.security.beta.kubernetes.io/web: runtime/default
    spec:
      containers: [{ name: web, image: nginx }]
`;

function keyPair(): { privateKey: KeyObject; publicHex: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const der = publicKey.export({ format: 'der', type: 'spki' });
  return { privateKey, publicHex: der.subarray(der.length - 32).toString('hex') };
}

type Reply = {
  type: number;
  data: {
    flags?: number;
    embeds: Array<{ title: string; description?: string; fields?: Array<{ name: string; value: string }> }>;
    allowed_mentions: unknown;
  };
};

describe('Discord check with an attachment (HTTP interactions, fake CDN on 127.0.0.1)', () => {
  const { privateKey, publicHex } = keyPair();
  let server: Server;
  let base: string;
  let cdn: HttpFake;

  beforeAll(async () => {
    cdn = fakeDiscord();
    cdn.on((r) => (r.path === '/attachments/1/900/app.yaml' ? { text: MANIFEST } : undefined));
    cdn.on((r) => (r.path === '/attachments/1/901/huge.yaml' ? { text: 'x'.repeat(10) } : undefined));
    await cdn.start();
    const bot = new Bot({ corpus: realCorpus(), index: realIndex() });
    const adapter = new DiscordAdapter({
      bot,
      logger: silentLogger,
      config: {
        publicKey: publicHex,
        applicationId: '1000000000000000001',
        gateway: false,
        http: true,
        apiUrl: `${cdn.url}/api`,
      },
    });
    server = createHttpServer({ discord: adapter.requestListener, logger: silentLogger, health: () => ({}) });
    base = `http://127.0.0.1:${await listen(server, 0, '127.0.0.1')}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
    await cdn.stop();
  });

  async function send(body: unknown) {
    const raw = JSON.stringify(body);
    const ts = Math.floor(Date.now() / 1000);
    const signature = sign(null, Buffer.from(`${ts}${raw}`), privateKey).toString('hex');
    const res = await fetch(`${base}/discord/interactions`, {
      method: 'POST',
      body: raw,
      headers: {
        'content-type': 'application/json',
        'x-signature-ed25519': signature,
        'x-signature-timestamp': String(ts),
      },
    });
    return (await res.json()) as Reply;
  }

  function checkInteraction(
    attachment: { id: string; filename: string; url: string; size: number },
    options: Array<{ name: string; value: string }>,
  ) {
    const i = commandInteraction('check', [{ name: 'manifest', value: attachment.id }, ...options]);
    const leaf = i.data.options[0] as { options: Array<{ type: number; name: string }> };
    for (const o of leaf.options) if (o.name === 'manifest') o.type = 11;
    return { ...i, data: { ...i.data, resolved: { attachments: { [attachment.id]: attachment } } } };
  }

  it('defines /k8s check with a required attachment option and version options', () => {
    const check = commandDefinitions()[0]?.options?.find((o) => o.name === 'check') as {
      options: Array<{ name: string; type: number; required?: boolean }>;
    };
    expect(check.options.map((o) => [o.name, o.type, Boolean(o.required)])).toEqual([
      ['manifest', 11, true],
      ['target', 3, false],
      ['from', 3, false],
    ]);
  });

  it('answers with the findings card, grouped by severity, ephemeral and mention-free', async () => {
    const reply = await send(
      checkInteraction(
        {
          id: '900',
          filename: 'app.yaml',
          url: `${cdn.url}/attachments/1/900/app.yaml`,
          size: MANIFEST.length,
        },
        [
          { name: 'target', value: '1.30' },
          { name: 'from', value: '1.22' },
        ],
      ),
    );
    expect(reply.type).toBe(4);
    expect(reply.data.flags).toBe(64);
    expect(reply.data.allowed_mentions).toEqual({ parse: [] });
    const json = JSON.stringify(reply.data.embeds);
    expect(reply.data.embeds[0]?.title).toBe('Upgrade check: Kubernetes 1.22 → 1.30');
    expect(json).toContain('Breaks on 1.30 (1)');
    expect(json).toContain(
      'autoscaling/v2beta2 HorizontalPodAutoscaler is no longer served (removed in 1.26)',
    );
    expect(json).toContain('not served in 1.22 yet: upgrade to 1.23–1.25 first');
    expect(json).toContain('Deprecated in 1.30, still works (1)');
    expect(json).toContain('annotation container.apparmor.security.beta.kubernetes.io/web');
    expect(cdn.requests.some((r) => r.path === '/attachments/1/900/app.yaml')).toBe(true);
  });

  it('refuses an attachment over the size limit without downloading it', async () => {
    cdn.requests.length = 0;
    const reply = await send(
      checkInteraction(
        {
          id: '901',
          filename: 'huge.yaml',
          url: `${cdn.url}/attachments/1/901/huge.yaml`,
          size: 2 * 1024 * 1024,
        },
        [],
      ),
    );
    expect(JSON.stringify(reply.data.embeds)).toContain(
      'too large to check here (2.0 MB; the limit is 256 KB)',
    );
    expect(cdn.requests).toHaveLength(0);
  });

  it('never fetches an attachment URL outside Discord', async () => {
    const reply = await send(
      checkInteraction(
        { id: '902', filename: 'x.yaml', url: 'https://example.invalid/x.yaml', size: 10 },
        [],
      ),
    );
    expect(JSON.stringify(reply.data.embeds)).toContain('x.yaml: could not be read');
  });
});
