/**
 * Where synced knowledge lives: K8SBOT_DATA_DIR/knowledge (default ./data/knowledge). A sync writes complete
 * bundles under bundles/ and then points current.json at one with an atomic rename; readers follow the pointer.
 * This module only reads; writing belongs to the sync (adapters/sync).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';

export const DEFAULT_DATA_DIR = './data';

export const CurrentPointer = z.strictObject({
  bundle: z.string().regex(/^[\w.-]+$/),
  switchedAt: z.string(),
});
export type CurrentPointer = z.infer<typeof CurrentPointer>;

export interface KnowledgePaths {
  root: string;
  bundles: string;
  current: string;
  mirror: string;
  state: string;
}

export function knowledgePaths(
  dataDir: string = process.env.K8SBOT_DATA_DIR || DEFAULT_DATA_DIR,
): KnowledgePaths {
  const root = resolve(dataDir, 'knowledge');
  return {
    root,
    bundles: join(root, 'bundles'),
    current: join(root, 'current.json'),
    mirror: join(root, 'mirror'),
    state: join(root, 'state.json'),
  };
}

/** The current bundle's folder, or undefined when no sync has completed (or the pointer is broken). */
export function currentBundleDir(paths: KnowledgePaths): string | undefined {
  if (!existsSync(paths.current)) return undefined;
  try {
    const pointer = CurrentPointer.parse(JSON.parse(readFileSync(paths.current, 'utf8')));
    const dir = join(paths.bundles, pointer.bundle);
    return existsSync(join(dir, 'meta.json')) ? dir : undefined;
  } catch {
    return undefined;
  }
}
