/**
 * Acknowledgement latency of the chat adapters under load: 50 concurrent signed slash commands to the Slack
 * HTTP endpoint, and 50 concurrent signed interactions to the Discord endpoint, over real HTTP on 127.0.0.1.
 */
import { createHmac, generateKeyPairSync, sign } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { DiscordAdapter } from '../adapters/discord/app.js';
import { createHttpServer, listen } from '../adapters/http.js';
import { SlackAdapter } from '../adapters/slack/app.js';
import type { Bot } from '../bot/bot.js';
import { silentLogger } from '../bot/logger.js';
import { commandInteraction } from '../test/fakes/discord-interactions.js';
import { fakeSlack } from '../test/fakes/http-fake.js';
import { slashCommand } from '../test/fakes/slack-payloads.js';

const CONCURRENT = 50;
const QUESTIONS = [
  'feature petset',
  'release 1.24',
  'compare 1.22 1.24',
  'api extensions/v1beta1 Ingress',
  'search probe',
];

function stats(samples: number[]): string {
  const s = [...samples].sort((a, b) => a - b);
  const at = (p: number) => s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? 0;
  return `p50 ${at(50).toFixed(1)} ms · p99 ${at(99).toFixed(1)} ms · max ${(s.at(-1) ?? 0).toFixed(1)} ms`;
}

export async function benchAdapters(bot: Bot): Promise<Array<[string, string]>> {
  const secret = 'abcdef0123456789abcdef0123456789';
  const slackApi = fakeSlack();
  await slackApi.start();
  const slack = new SlackAdapter({
    bot,
    logger: silentLogger,
    config: { botToken: 'xoxb-bench', signingSecret: secret, apiUrl: `${slackApi.url}/api/`, mode: 'http' },
  });
  await slack.start();
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const der = publicKey.export({ format: 'der', type: 'spki' });
  const discord = new DiscordAdapter({
    bot,
    logger: silentLogger,
    config: {
      publicKey: der.subarray(der.length - 32).toString('hex'),
      applicationId: '123456789012345678',
      gateway: false,
      http: true,
    },
  });
  const server = createHttpServer({
    slack: slack.requestListener,
    discord: discord.requestListener,
    logger: silentLogger,
    health: () => ({}),
  });
  const port = await listen(server, 0, '127.0.0.1');
  const base = `http://127.0.0.1:${port}`;

  const slackCall = async (i: number) => {
    const question = QUESTIONS[i % QUESTIONS.length] ?? 'help';
    const body = new URLSearchParams(slashCommand(question, `${slackApi.url}/response/${i}`)).toString();
    const ts = Math.floor(Date.now() / 1000);
    const signature = `v0=${createHmac('sha256', secret).update(`v0:${ts}:${body}`).digest('hex')}`;
    const start = performance.now();
    const res = await fetch(`${base}/slack/events`, {
      method: 'POST',
      body,
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-slack-request-timestamp': String(ts),
        'x-slack-signature': signature,
      },
    });
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`slack answered ${res.status}`);
    return performance.now() - start;
  };
  const discordCall = async (i: number) => {
    const raw = JSON.stringify(
      commandInteraction('ask', [{ name: 'question', value: QUESTIONS[i % QUESTIONS.length] ?? 'help' }]),
    );
    const ts = String(Math.floor(Date.now() / 1000));
    const signature = sign(null, Buffer.from(ts + raw), privateKey).toString('hex');
    const start = performance.now();
    const res = await fetch(`${base}/discord/interactions`, {
      method: 'POST',
      body: raw,
      headers: {
        'content-type': 'application/json',
        'x-signature-ed25519': signature,
        'x-signature-timestamp': ts,
      },
    });
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`discord answered ${res.status}`);
    return performance.now() - start;
  };

  await Promise.all(Array.from({ length: 10 }, (_, i) => slackCall(i)));
  const slackAcks = await Promise.all(Array.from({ length: CONCURRENT }, (_, i) => slackCall(i)));
  const discordAcks = await Promise.all(Array.from({ length: CONCURRENT }, (_, i) => discordCall(i)));
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
  await slackApi.stop();
  return [
    [`slack ack, ${CONCURRENT} concurrent /k8s`, stats(slackAcks)],
    [`discord reply, ${CONCURRENT} concurrent /k8s`, stats(discordAcks)],
  ];
}
