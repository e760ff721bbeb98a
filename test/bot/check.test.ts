/** The check intent in the core: what the CLI, Slack and Discord share. */
import { describe, expect, it } from 'vitest';
import { Answer } from '../../bot/answer.js';
import { MAX_CHECK_OBJECTS } from '../../bot/check/input.js';
import { testBot } from '../helpers.js';

const bot = testBot();
const objects = (n: number) =>
  Array.from(
    { length: n },
    (_, i) => `---\napiVersion: v1\nkind: ConfigMap\nmetadata: { name: c${i} }\n`,
  ).join('');

describe('check in the core', () => {
  it('a pasted code block: the Answer carries the report and the card; it validates against the contract', () => {
    const answer = bot.ask(
      'check 1.22\n```yaml\napiVersion: extensions/v1beta1\nkind: Ingress\nmetadata: { name: web }\n```',
    );
    Answer.parse(answer);
    expect(answer.kind).toBe('check');
    expect(answer.check).toMatchObject({ target: '1.22', exitCode: 3, summary: { breaking: 1 } });
    expect(answer.card.children.some((c) => c.type === 'list' && c.title === 'Breaks on 1.22 (1)')).toBe(
      true,
    );
  });

  it('the lines after the command count as the manifest when there is no code block', () => {
    const answer = bot.ask(
      'check 1.22\napiVersion: extensions/v1beta1\nkind: Ingress\nmetadata: { name: web }',
    );
    expect(answer.check?.summary.breaking).toBe(1);
  });

  it('without manifests it says how to send them', () => {
    const answer = bot.ask('check 1.29');
    expect(answer.kind).toBe('check');
    expect(answer.check).toBeUndefined();
    expect(JSON.stringify(answer.card)).toContain('Paste manifests after the command');
  });

  it('refuses more objects than the chat limit, saying the limit', () => {
    const answer = bot.ask(`check\n${objects(MAX_CHECK_OBJECTS + 1)}`);
    expect(answer.error).toEqual({
      code: 'CHECK_TOO_MANY_OBJECTS',
      message: `Those manifests hold ${MAX_CHECK_OBJECTS + 1} objects; the limit here is ${MAX_CHECK_OBJECTS}. Check them in CI with k8sbot check, or send fewer at a time.`,
    });
    expect(bot.ask(`check\n${objects(MAX_CHECK_OBJECTS)}`).check?.summary.objects).toBe(MAX_CHECK_OBJECTS);
  });

  it('refuses more than 256 KB', () => {
    const answer = bot.ask(`check\n# ${'x'.repeat(257 * 1024)}\napiVersion: v1\nkind: ConfigMap\n`);
    expect(answer.error?.code).toBe('CHECK_TOO_LARGE');
  });

  it('says which versions it can check against', () => {
    expect(bot.ask('check 1.99\n```\napiVersion: v1\nkind: Pod\n```').error?.code).toBe('CHECK_VERSIONS');
    expect(bot.ask('check 1.25 from 1.27\n```\napiVersion: v1\nkind: Pod\n```').error?.code).toBe(
      'CHECK_VERSIONS',
    );
  });

  it('answers in Japanese when asked to', () => {
    const answer = bot.ask(
      'check 1.25\n```\napiVersion: batch/v1beta1\nkind: CronJob\nmetadata: { name: c }\n```',
      { lang: 'ja' },
    );
    expect(answer.card.title).toBe('アップグレードチェック: Kubernetes 1.25');
    expect(JSON.stringify(answer.card)).toContain(
      'batch/v1beta1 CronJob は提供されていません（1.25 で削除）',
    );
  });

  it('files the adapter read arrive as documents beside the question', async () => {
    const answer = await bot.respond('check 1.25', {
      documents: [
        { name: 'cron.yaml', text: 'apiVersion: batch/v1beta1\nkind: CronJob\nmetadata: { name: c }\n' },
        { name: 'img.png' },
      ],
    });
    expect(answer.check?.findings[0]?.location.file).toBe('cron.yaml');
    expect(answer.check?.problems).toEqual([
      expect.objectContaining({ file: 'img.png', code: 'unreadable' }),
    ]);
  });
});
