// npm runs this after `npm ci` (the `prepare` script). In a clone, with the TypeScript sources, it builds dist/
// (`npm run build`, which needs the dev dependencies). In the runtime tree the image ships (dist/ already built,
// no sources, no dev dependencies: see scripts/runtime-tree.ts) there is nothing to build, so
// `npm ci --omit=dev` works there.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

if (!existsSync('bot/cli.ts')) {
  if (!existsSync('dist/bot/cli.js')) {
    console.error('prepare: neither the sources nor a built dist/ are here; nothing can run');
    process.exit(1);
  }
  process.exit(0);
}
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const r = spawnSync(npm, ['run', '-s', 'build'], { stdio: 'inherit', shell: process.platform === 'win32' });
process.exit(r.status ?? 1);
