/** `check` in Slack: pasted YAML in /k8s and in mentions, and files shared with the bot (fake Web API on 127.0.0.1). */
import { createHmac } from 'node:crypto';
import type { Server } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createHttpServer, listen } from '../../../adapters/http.js';
import { SlackAdapter } from '../../../adapters/slack/app.js';
import { checkText, unslack } from '../../../adapters/slack/check-input.js';
import { Bot } from '../../../bot/bot.js';
import { silentLogger } from '../../../bot/logger.js';
import { fakeSlack, type SlackFake } from '../../fakes/http-fake.js';
import { slashCommand } from '../../fakes/slack-payloads.js';
import { realCorpus, realIndex } from '../../helpers.js';

const SECRET = '8f742231b10e8888abcd99aaaa8685a5';
const TOKEN = 'xoxb-check-token';

function signed(body: string) {
  const ts = Math.floor(Date.now() / 1000);
  const signature = `v0=${createHmac('sha256', SECRET).update(`v0:${ts}:${body}`).digest('hex')}`;
  return { 'x-slack-request-timestamp': String(ts), 'x-slack-signature': signature };
}

const CRONJOB = `apiVersion: batch/v1beta1
kind: CronJob
metadata:
  name: nightly
  annotations:
    note: "a &lt; b &amp;&amp; c &gt; d"
spec:
  schedule: "0 1 * * *"
  jobTemplate: { spec: { template: { spec: { restartPolicy: Never, containers: [{ name: a, image: b }] } } } }`;

describe('Slack check (pasted YAML, shared files)', () => {
  let slack: SlackFake;
  let server: Server;
  let base: string;

  beforeAll(async () => {
    slack = fakeSlack();
    await slack.start();
    const bot = new Bot({ corpus: realCorpus(), index: realIndex() });
    const adapter = new SlackAdapter({
      bot,
      logger: silentLogger,
      config: { botToken: TOKEN, signingSecret: SECRET, apiUrl: `${slack.url}/api/`, mode: 'http' },
    });
    await adapter.start();
    server = createHttpServer({ slack: adapter.requestListener, logger: silentLogger, health: () => ({}) });
    base = `http://127.0.0.1:${await listen(server, 0, '127.0.0.1')}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
    await slack.stop();
  });

  beforeEach(() => {
    slack.requests.length = 0;
  });

  const post = (body: string, contentType: string) =>
    fetch(`${base}/slack/events`, {
      method: 'POST',
      body,
      headers: { 'content-type': contentType, ...signed(body) },
    });

  async function event(ev: Record<string, unknown>) {
    const body = JSON.stringify({
      type: 'event_callback',
      team_id: 'T1',
      api_app_id: 'A1',
      event_id: `Ev${Math.random()}`,
      event_time: 1,
      event: ev,
    });
    expect((await post(body, 'application/json')).status).toBe(200);
  }

  it('reads Slack markup back to what was typed', () => {
    expect(unslack('<@UBOT> check 1.29\n```x: &lt;a&gt; &amp; <https://example.com|example.com>```')).toBe(
      'check 1.29\n```x: <a> & example.com```',
    );
    expect(checkText('<@UBOT> what changed in 1.24?', false)).toBeUndefined();
    expect(checkText('<@UBOT>', true)).toBe('check ');
    expect(checkText('1.29', true)).toBe('check 1.29');
  });

  it('/k8s check 1.25 with YAML pasted in a code block answers with the findings card inside the ack', async () => {
    const body = new URLSearchParams(
      slashCommand(`check 1.25\n\`\`\`yaml\n${CRONJOB}\n\`\`\``, `${slack.url}/response/c`),
    ).toString();
    const res = await post(body, 'application/x-www-form-urlencoded');
    const reply = (await res.json()) as { response_type: string; text: string; blocks: unknown[] };
    expect(reply.response_type).toBe('ephemeral');
    const json = JSON.stringify(reply.blocks);
    expect(reply.blocks[0]).toMatchObject({
      type: 'header',
      text: { text: 'Upgrade check: Kubernetes 1.25' },
    });
    expect(json).toContain('Breaks on 1.25 (1)');
    expect(json).toContain('batch/v1beta1 CronJob is no longer served (removed in 1.25)');
    expect(json).toContain('change apiVersion to batch/v1 (served since 1.21)');
    // A button opens the API card that explains the finding.
    expect(json).toContain('"value":"api batch/v1beta1 CronJob"');
  });

  it('a mention with a code block gets the card in a thread under it', async () => {
    await event({
      type: 'app_mention',
      user: 'U42',
      text: `<@UBOT> check from 1.20 to 1.25\n\`\`\`${CRONJOB}\`\`\``,
      ts: '1700000100.000100',
      channel: 'C123',
      event_ts: '1700000100.000100',
    });
    const posted = await slack.waitFor(
      (r) => r.path === '/api/chat.postMessage' && r.body.thread_ts === '1700000100.000100',
    );
    const json = JSON.stringify(posted.body.blocks);
    expect(json).toContain('Upgrade check: Kubernetes 1.20 → 1.25');
    expect(json).toContain('not served in 1.20 yet: upgrade to 1.21–1.24 first');
  });

  it('a YAML file shared in a DM is downloaded from Slack with the bot token and checked', async () => {
    slack.files.set('F100', { name: 'cron.yaml', content: CRONJOB.replace(/&lt;|&gt;|&amp;/g, '') });
    await event({
      type: 'message',
      subtype: 'file_share',
      channel_type: 'im',
      user: 'U42',
      text: '1.25',
      ts: '1700000200.000100',
      channel: 'D900',
      event_ts: '1700000200.000100',
      files: [slack.fileObject('F100')],
    });
    const posted = await slack.waitFor(
      (r) => r.path === '/api/chat.postMessage' && r.body.channel === 'D900',
    );
    const download = slack.requests.find((r) => r.path.startsWith('/files-pri/'));
    expect(download?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    const json = JSON.stringify(posted.body.blocks);
    expect(json).toContain('cron.yaml:1 CronJob nightly');
    expect(json).toContain('Breaks on 1.25 (1)');
  });

  it('asks files.info when the event only names the file, and says when a file is over the size limit', async () => {
    slack.files.set('F200', { name: 'big.yaml', content: `# ${'x'.repeat(300 * 1024)}\n${CRONJOB}` });
    await event({
      type: 'app_mention',
      user: 'U42',
      text: '<@UBOT> check 1.25',
      ts: '1700000300.000100',
      channel: 'C123',
      event_ts: '1700000300.000100',
      files: [{ id: 'F200' }],
    });
    const posted = await slack.waitFor(
      (r) => r.path === '/api/chat.postMessage' && r.body.thread_ts === '1700000300.000100',
    );
    expect(slack.requests.some((r) => r.path === '/api/files.info')).toBe(true);
    // The size was known from files.info: nothing was downloaded.
    expect(slack.requests.some((r) => r.path.startsWith('/files-pri/'))).toBe(false);
    expect(String(posted.body.text)).toContain('too large to check here (301 KB; the limit is 256 KB)');
  });

  it('never sends the token anywhere but Slack: a file URL on another host is not fetched', async () => {
    await event({
      type: 'app_mention',
      user: 'U42',
      text: '<@UBOT> check 1.25',
      ts: '1700000400.000100',
      channel: 'C123',
      event_ts: '1700000400.000100',
      files: [
        { id: 'F300', name: 'evil.yaml', size: 10, url_private_download: 'http://127.0.0.2:9/steal.yaml' },
      ],
    });
    const posted = await slack.waitFor(
      (r) => r.path === '/api/chat.postMessage' && r.body.thread_ts === '1700000400.000100',
    );
    expect(JSON.stringify(posted.body.blocks)).toContain('evil.yaml: could not be read');
  });
});
