import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../knowledge/paths.js';

function sources(dir: string): string[] {
  return readdirSync(join(projectRoot, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => relative(projectRoot, join(e.parentPath, e.name)));
}

const imports = (file: string) =>
  [
    ...readFileSync(join(projectRoot, file), 'utf8').matchAll(/(?:from|import)\s*\(?\s*['"]([^'"]+)['"]/g),
  ].map((m) => m[1] as string);

describe('architecture', () => {
  it('the core (knowledge/, bot/) never imports a chat SDK', () => {
    for (const file of [...sources('knowledge'), ...sources('bot')]) {
      for (const spec of imports(file)) {
        expect(spec, `${file} imports ${spec}`).not.toMatch(
          /^(@slack\/|discord\.js|@discordjs\/|discord-api-types)/,
        );
      }
    }
  });

  it('the core never imports a database driver or query builder: storage is an adapter behind a port', () => {
    for (const file of [...sources('knowledge'), ...sources('bot')]) {
      for (const spec of imports(file)) {
        expect(spec, `${file} imports ${spec}`).not.toMatch(
          /^(better-sqlite3|sqlite3|pg|pg-.*|postgres|kysely|@kysely\/.*|mysql2?|node:sqlite)$/,
        );
      }
    }
  });

  it('the core never imports the Kubernetes client: live clusters are an adapter behind a port', () => {
    for (const file of [...sources('knowledge'), ...sources('bot')]) {
      for (const spec of imports(file)) {
        expect(spec, `${file} imports ${spec}`).not.toMatch(/^@kubernetes\//);
      }
    }
  });

  it('only adapters/cluster/ talks to the Kubernetes client', () => {
    for (const file of sources('adapters')) {
      if (file.startsWith(join('adapters', 'cluster'))) continue;
      for (const spec of imports(file)) expect(spec, `${file} imports ${spec}`).not.toMatch(/^@kubernetes\//);
    }
  });

  it('only adapters/storage/ talks to the database drivers', () => {
    for (const file of sources('adapters')) {
      if (file.startsWith(join('adapters', 'storage'))) continue;
      for (const spec of imports(file)) {
        expect(spec, `${file} imports ${spec}`).not.toMatch(/^(better-sqlite3|pg|kysely)$/);
      }
    }
  });

  it('knowledge/ never depends on bot/ or adapters/, and bot/ loads adapters only from the CLI', () => {
    for (const file of sources('knowledge')) {
      for (const spec of imports(file)) expect(spec, file).not.toMatch(/\.\.\/(bot|adapters)\//);
    }
    for (const file of sources('bot')) {
      if (file === join('bot', 'cli.ts')) continue;
      for (const spec of imports(file)) expect(spec, file).not.toMatch(/adapters\//);
    }
  });

  it('has no default exports', () => {
    for (const file of [...sources('knowledge'), ...sources('bot'), ...sources('adapters')]) {
      expect(readFileSync(join(projectRoot, file), 'utf8'), file).not.toMatch(/^export default /m);
    }
  });
});
