import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type WebSocket, WebSocketServer } from 'ws';
import { SlackAdapter } from '../../../adapters/slack/app.js';
import { Bot } from '../../../bot/bot.js';
import { silentLogger } from '../../../bot/logger.js';
import { fakeSlack, type HttpFake } from '../../fakes/http-fake.js';
import { slashCommand } from '../../fakes/slack-payloads.js';
import { realCorpus, realIndex } from '../../helpers.js';

describe('Slack in Socket Mode (local WebSocket server speaking the envelope protocol)', () => {
  let slack: HttpFake;
  let wss: WebSocketServer;
  let adapter: SlackAdapter;
  const received: unknown[] = [];
  let socket: WebSocket | undefined;

  beforeAll(async () => {
    wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise<void>((r) => wss.once('listening', () => r()));
    const wsUrl = `ws://127.0.0.1:${(wss.address() as AddressInfo).port}/link`;
    wss.on('connection', (ws) => {
      socket = ws;
      ws.on('message', (data) => received.push(JSON.parse(String(data))));
      ws.send(
        JSON.stringify({
          type: 'hello',
          num_connections: 1,
          connection_info: { app_id: 'A1' },
          debug_info: { approximate_connection_time: 18060 },
        }),
      );
    });
    slack = fakeSlack();
    slack.on((r) =>
      r.path === '/api/apps.connections.open' ? { body: { ok: true, url: wsUrl } } : undefined,
    );
    await slack.start();
    adapter = new SlackAdapter({
      bot: new Bot({ corpus: realCorpus(), index: realIndex() }),
      logger: silentLogger,
      config: {
        botToken: 'xoxb-test-token',
        appToken: 'xapp-test-token',
        apiUrl: `${slack.url}/api/`,
        mode: 'socket',
      },
    });
    await adapter.start();
  });

  afterAll(async () => {
    await adapter.stop();
    await new Promise((r) => wss.close(r));
    await slack.stop();
  });

  it('opens the connection with the app-level token', () => {
    const open = slack.requests.find((r) => r.path === '/api/apps.connections.open');
    expect(open?.headers.authorization).toBe('Bearer xapp-test-token');
  });

  it('acknowledges a slash command envelope with the card as its payload', async () => {
    socket?.send(
      JSON.stringify({
        envelope_id: 'env-1',
        type: 'slash_commands',
        accepts_response_payload: true,
        payload: slashCommand('api extensions/v1beta1 Ingress', `${slack.url}/response/x`),
      }),
    );
    const deadline = Date.now() + 5000;
    let ack: { envelope_id?: string; payload?: { response_type: string; blocks: unknown[] } } | undefined;
    while (!ack && Date.now() < deadline) {
      ack = received.find((m) => (m as { envelope_id?: string }).envelope_id === 'env-1') as typeof ack;
      await new Promise((r) => setTimeout(r, 10));
    }
    expect(ack?.payload?.response_type).toBe('ephemeral');
    expect(JSON.stringify(ack?.payload?.blocks)).toContain(
      'Ingress extensions/v1beta1 is no longer served since Kubernetes 1.22',
    );
  });
});
