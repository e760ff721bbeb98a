/** Docker cannot run here; what can be checked without it is checked (the file tree itself: runtime-tree.test.ts). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../knowledge/paths.js';
import { RUNTIME_PATHS } from '../../scripts/runtime-tree.js';

const dockerfile = readFileSync(join(projectRoot, 'Dockerfile'), 'utf8');
const instructions = dockerfile
  .replace(/\\\n\s*/g, ' ')
  .split('\n')
  .filter((l) => l.trim() && !l.trim().startsWith('#'));
const stages = dockerfile.split(/^FROM /m).slice(1);
const ignored = readFileSync(join(projectRoot, '.dockerignore'), 'utf8')
  .split('\n')
  .filter((l) => l.trim() && !l.startsWith('#'));

describe('the Dockerfile', () => {
  it('builds on the current Node.js LTS (Debian slim), in two stages', () => {
    expect(instructions[0]).toBe('ARG NODE_IMAGE=node:24-slim');
    const image = '$' + '{NODE_IMAGE}';
    expect(stages.map((s) => s.split('\n')[0])).toEqual([`${image} AS build`, image]);
    const engines = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')).engines.node;
    expect(engines).toContain('>=24.0.0');
  });

  it('ships the runtime tree made by the same script the tests run, with production dependencies only', () => {
    const build = stages[0] ?? '';
    expect(build).toContain('RUN npm run build:runtime -- /runtime');
    expect(build).toMatch(/WORKDIR \/runtime\nRUN npm ci --omit=dev/);
    const final = stages[1] ?? '';
    expect(final).toContain('COPY --from=build /runtime /app');
    expect(final).not.toMatch(/^(COPY|ADD) (?!--from=build)/m);
  });

  it('runs as a numeric non-root user, writes only to /data, and starts `k8sbot serve`', () => {
    const final = stages[1] ?? '';
    expect(final).toMatch(/^USER 1000:1000$/m);
    expect(final).toContain('K8SBOT_DATA_DIR=/data');
    expect(final).toContain('K8SBOT_DB=/data/k8sbot.sqlite');
    expect(final).toContain('VOLUME ["/data"]');
    expect(final).toContain('ENTRYPOINT ["node", "dist/bot/cli.js"]');
    expect(final).toContain('CMD ["serve"]');
    expect(final).toContain('EXPOSE 3000');
    expect(dockerfile).not.toMatch(/TOKEN|SECRET|PASSWORD|DATABASE_URL=/);
  });

  it('sends the build only what it needs (.dockerignore), and nothing the runtime tree needs is left out', () => {
    for (const path of ['.git', 'node_modules', 'dist', 'data', 'test', 'deploy'])
      expect(ignored).toContain(path);
    const needed = [
      ...RUNTIME_PATHS.filter((p) => p !== 'dist'),
      'bot',
      'adapters',
      'scripts',
      'tsconfig.json',
      'tsconfig.build.json',
    ];
    for (const path of needed)
      expect(
        ignored.some((i) => path === i || path.startsWith(`${i}/`)),
        path,
      ).toBe(false);
  });
});

describe('the heap settings', () => {
  it('are the same in the image and in the Kubernetes manifests', () => {
    const image = /NODE_OPTIONS="([^"]+)"/.exec(dockerfile)?.[1];
    expect(image).toBe('--max-old-space-size=128 --max-semi-space-size=4');
    const deployment = readFileSync(join(projectRoot, 'deploy/base/deployment.yaml'), 'utf8');
    expect(deployment).toContain(`- name: NODE_OPTIONS\n              value: ${image}`);
  });
});
