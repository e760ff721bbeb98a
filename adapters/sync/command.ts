/** `k8sbot sync [--from DIR] [--json]`: one sync, its report on stdout, the reason and exit code 1 on failure. */
import { resolve } from 'node:path';
import { knowledgePaths } from '../../knowledge/data-dir.js';
import { formatSyncReport } from './format.js';
import { githubOptionsFromEnv } from './options.js';
import { runSync, SyncError } from './sync.js';

export async function syncCommand(options: { from?: string | undefined; json: boolean }): Promise<number> {
  try {
    const report = await runSync({
      paths: knowledgePaths(),
      from: options.from ? resolve(options.from) : undefined,
      github: githubOptionsFromEnv(process.env),
    });
    process.stdout.write(options.json ? `${JSON.stringify(report)}\n` : formatSyncReport(report));
    return 0;
  } catch (err) {
    const message = err instanceof SyncError ? err.message : (err as Error).message;
    if (options.json) process.stdout.write(`${JSON.stringify({ ok: false, error: message })}\n`);
    process.stderr.write(`k8sbot sync failed; the current data was kept.\n${message}\n`);
    return 1;
  }
}
