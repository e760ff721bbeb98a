import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../knowledge/paths.js';

function loadedBy(env: Record<string, string>): string[] {
  const r = spawnSync(
    process.execPath,
    [
      '--import',
      'tsx',
      'test/fixtures/loaded-modules.ts',
      JSON.stringify({ PORT: '0', K8SBOT_DB: ':memory:', K8SBOT_SYNC_INTERVAL: 'off', ...env }),
    ],
    { cwd: projectRoot, encoding: 'utf8', timeout: 30_000 },
  );
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout) as string[];
}

describe('serve loads only what its configuration uses', () => {
  it('the Discord HTTP endpoint alone: no discord.js, no Slack SDK, no PostgreSQL driver', () => {
    expect(
      loadedBy({ DISCORD_PUBLIC_KEY: 'b'.repeat(64), DISCORD_APPLICATION_ID: '123456789012345678' }),
    ).toEqual(['better-sqlite3']);
  });

  it('the Kubernetes client only when clusters are configured', () => {
    const endpoint = { DISCORD_PUBLIC_KEY: 'b'.repeat(64), DISCORD_APPLICATION_ID: '123456789012345678' };
    expect(loadedBy(endpoint)).not.toContain('@kubernetes/client-node');
    expect(loadedBy({ ...endpoint, K8SBOT_KUBECONFIG: '/nonexistent/kubeconfig' })).toContain(
      '@kubernetes/client-node',
    );
  });

  it('Slack alone: no discord.js', () => {
    expect(
      loadedBy({
        SLACK_BOT_TOKEN: 'xoxb-lazy',
        SLACK_SIGNING_SECRET: 'abcdef0123456789abcdef0123456789',
        SLACK_API_URL: 'http://127.0.0.1:9/api/',
      }),
    ).toEqual(['@slack/bolt', '@slack/web-api', 'better-sqlite3']);
  });
});
