/**
 * check [1.NN] [from 1.NN] + manifests (pasted in code blocks, or files the adapter attached): a findings card
 * grouped by severity. The same core as `k8sbot check`; chat adds limits on size and object count.
 */
import { checkManifests, TooManyObjects, upgradeVersions } from '../../knowledge/upgrade/check.js';
import type { Problem } from '../../knowledge/upgrade/report.js';
import { checkCard, checkHowCard } from '../check/card.js';
import { checkVersions, MAX_CHECK_BYTES, MAX_CHECK_OBJECTS } from '../check/input.js';
import { BotError } from '../errors.js';
import { intent } from './types.js';

/** "256 KB", "1.2 MB" */
export function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / (1024 * 1024)).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`;
}

export const checkIntent = intent<string>({
  id: 'check',
  match: (q) => (q.command?.name === 'check' ? q.command.rest : null),
  run(rest, q, ctx) {
    const documents = q.documents ?? [];
    if (documents.length === 0)
      return { query: q.text, kind: 'check', lang: ctx.lang, card: checkHowCard(ctx) };
    const wanted = checkVersions(rest);
    const versions = upgradeVersions(ctx.corpus, wanted);
    if (!versions.ok)
      throw new BotError('CHECK_VERSIONS', {
        first: ctx.corpus.releases[0]?.version ?? '1.0',
        last: ctx.corpus.releases.at(-1)?.version ?? ctx.corpus.newestReleased,
      });
    const size = documents.reduce(
      (sum, d) => sum + (d.text !== undefined ? Buffer.byteLength(d.text) : (d.size ?? 0)),
      0,
    );
    if (size > MAX_CHECK_BYTES)
      throw new BotError('CHECK_TOO_LARGE', { size: formatBytes(size), limit: formatBytes(MAX_CHECK_BYTES) });
    const unread: Problem[] = documents
      .filter((d) => d.text === undefined)
      .map((d) => ({
        file: d.name,
        document: 0,
        line: 0,
        column: 0,
        code: 'unreadable',
        message: 'could not be read',
      }));
    try {
      const report = checkManifests(
        ctx.corpus,
        documents.flatMap((d) => (d.text !== undefined ? [{ name: d.name, text: d.text }] : [])),
        { target: versions.target, from: versions.from, maxObjects: MAX_CHECK_OBJECTS },
        unread,
      );
      return { query: q.text, kind: 'check', lang: ctx.lang, check: report, card: checkCard(report, ctx) };
    } catch (err) {
      if (err instanceof TooManyObjects)
        throw new BotError('CHECK_TOO_MANY_OBJECTS', {
          objects: String(err.objects),
          limit: String(MAX_CHECK_OBJECTS),
        });
      throw err;
    }
  },
});
