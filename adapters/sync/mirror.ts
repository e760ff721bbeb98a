/**
 * A local mirror of just the upstream files the importer reads, laid out like the repositories
 * (<mirror>/<owner>/<repo>/<path>) so the importer reads it exactly as it reads `sync --from DIR`.
 *
 * Updating it costs one conditional request per repository when nothing changed (304, free of the rate limit).
 * When a branch moved, the files are listed with their blob (or folder) sha and only the ones whose sha changed
 * are downloaded. mirror.json records, per repository, the commit, its ETag and the sha of every file, and is
 * written only after that repository's files are all in place: a sync that fails half-way leaves a mirror the
 * next sync completes, never a state it mistakes for finished.
 */
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { timelinePaths } from '../../knowledge/import.js';
import { BLOG_POSTS_DIR, mayBeAnnouncement } from '../../knowledge/upstream/announcement.js';
import { ENDOFLIFE_PATH } from '../../knowledge/upstream/endoflife.js';
import { GATE_PAGES_DIR, isGatePage } from '../../knowledge/upstream/gate-page.js';
import { PLUTO_PATH } from '../../knowledge/upstream/pluto.js';
import { EOL_PATH, SCHEDULE_PATH } from '../../knowledge/upstream/schedule.js';
import { UPSTREAM_SOURCES, type UpstreamSource } from '../../knowledge/upstream/sources.js';
import { SOURCES_FILE } from '../../knowledge/upstream/tree.js';
import type { GitHubClient } from './github.js';

const RepoState = z.strictObject({
  commit: z.string(),
  commitDate: z.string(),
  etag: z.string().nullable(),
  /** Mirrored path → the sha that identifies its content (a blob sha, or the sha of the folder it is read from). */
  files: z.record(z.string(), z.string()),
  /** Listed folder → its tree sha, so an unchanged folder is not listed again. */
  dirs: z.record(z.string(), z.string()),
});
type RepoState = z.infer<typeof RepoState>;
const MirrorState = z.strictObject({ repos: z.record(z.string(), RepoState) });
type MirrorState = z.infer<typeof MirrorState>;

export interface RepoUpdate {
  repo: string;
  changed: boolean;
  commit: string;
  downloaded: number;
}

/** A file to mirror: its path in the repository and the sha that changes when its content does. */
type Wanted = Map<string, string>;

export class Mirror {
  private readonly stateFile: string;

  constructor(readonly dir: string) {
    this.stateFile = join(dir, 'mirror.json');
  }

  state(): MirrorState {
    try {
      return MirrorState.parse(JSON.parse(readFileSync(this.stateFile, 'utf8')));
    } catch {
      return { repos: {} };
    }
  }

  /** Brings every repository up to date; resolves with what changed. Throws FetchError on the first failure. */
  async update(
    client: GitHubClient,
    sources: readonly UpstreamSource[] = UPSTREAM_SOURCES,
  ): Promise<RepoUpdate[]> {
    const updates: RepoUpdate[] = [];
    for (const source of sources) updates.push(await this.updateRepo(client, source));
    this.writeSources();
    return updates;
  }

  private async updateRepo(client: GitHubClient, source: UpstreamSource): Promise<RepoUpdate> {
    const state = this.state();
    const previous = state.repos[source.repo];
    const head = await client.commit(source.repo, source.ref, previous?.etag ?? null);
    if (!head || (previous && head.sha === previous.commit)) {
      if (head && previous) this.saveRepo(source.repo, { ...previous, etag: head.etag });
      return { repo: source.repo, changed: false, commit: previous?.commit ?? '', downloaded: 0 };
    }
    const dirs: Record<string, string> = {};
    const wanted = await listWanted(client, source.repo, head.sha, previous, dirs);
    let downloaded = 0;
    const fetches = [...wanted].map(async ([path, sha]) => {
      if (previous?.files[path] === sha) return;
      const text = await client.raw(source.repo, head.sha, path);
      if (text === undefined) {
        wanted.delete(path);
        return;
      }
      this.writeFile(source.repo, path, text);
      downloaded++;
    });
    await Promise.all(fetches);
    for (const path of Object.keys(previous?.files ?? {}))
      if (!wanted.has(path)) rmSync(join(this.dir, source.repo, path), { force: true });
    this.saveRepo(source.repo, {
      commit: head.sha,
      commitDate: head.date,
      etag: head.etag,
      files: Object.fromEntries([...wanted].sort(([a], [b]) => a.localeCompare(b))),
      dirs,
    });
    return { repo: source.repo, changed: true, commit: head.sha, downloaded };
  }

  private writeFile(repo: string, path: string, text: string): void {
    const file = join(this.dir, repo, path);
    mkdirSync(dirname(file), { recursive: true });
    const tmp = `${file}.tmp-${process.pid}`;
    writeFileSync(tmp, text);
    renameSync(tmp, file);
  }

  private saveRepo(repo: string, value: RepoState): void {
    const state = this.state();
    state.repos[repo] = value;
    mkdirSync(this.dir, { recursive: true });
    const tmp = `${this.stateFile}.tmp-${process.pid}`;
    writeFileSync(tmp, `${JSON.stringify(state, null, 1)}\n`);
    renameSync(tmp, this.stateFile);
  }

  /** sources.json: the commits the mirror holds, read by the importer like any upstream tree's. */
  private writeSources(): void {
    const state = this.state();
    const sources = Object.fromEntries(
      Object.entries(state.repos).map(([repo, s]) => [repo, { commit: s.commit, commitDate: s.commitDate }]),
    );
    writeFileSync(join(this.dir, SOURCES_FILE), `${JSON.stringify(sources, null, 1)}\n`);
  }
}

/** The files the importer reads from one repository at `sha`, each with the sha that identifies its content. */
async function listWanted(
  client: GitHubClient,
  repo: string,
  sha: string,
  previous: RepoState | undefined,
  dirs: Record<string, string>,
): Promise<Wanted> {
  const wanted: Wanted = new Map();
  switch (repo) {
    case 'kubernetes/enhancements':
      // Templates too: the importer skips them and says so, exactly as it does for a local tree.
      for (const e of await client.tree(repo, sha))
        if (e.type === 'blob' && /^keps\/.+\/kep\.yaml$/.test(e.path)) wanted.set(e.path, e.sha);
      return wanted;
    case 'kubernetes/website': {
      for (const e of await client.contents(repo, GATE_PAGES_DIR, sha))
        if (e.type === 'file' && isGatePage(e.name)) wanted.set(e.path, e.sha);
      for (const e of await client.contents(repo, 'data/releases', sha))
        if (e.path === SCHEDULE_PATH || e.path === EOL_PATH) wanted.set(e.path, e.sha);
      for (const year of await client.contents(repo, BLOG_POSTS_DIR, sha)) {
        if (year.type !== 'dir') continue;
        dirs[year.path] = year.sha;
        if (previous?.dirs[year.path] === year.sha) {
          // Unchanged folder: the files read from it last time are still the ones to read.
          for (const [path, s] of Object.entries(previous.files))
            if (path.startsWith(`${year.path}/`)) wanted.set(path, s);
          continue;
        }
        for (const e of await client.contents(repo, year.path, sha)) {
          if (e.type === 'file' && mayBeAnnouncement(e.path)) wanted.set(e.path, e.sha);
          // Newer posts are page bundles: <slug>/index.md. The folder's sha stands for its index.md.
          if (e.type === 'dir' && mayBeAnnouncement(`${e.path}/index.md`))
            wanted.set(`${e.path}/index.md`, e.sha);
        }
      }
      return wanted;
    }
    case 'kubernetes/sig-release': {
      const releases = (await client.contents(repo, 'releases', sha)).filter((e) => e.type === 'dir');
      const readmes = timelinePaths(releases.map((e) => `${e.path}/README.md`));
      for (const { path } of readmes) {
        const folder = releases.find((e) => `${e.path}/README.md` === path);
        if (folder) wanted.set(path, folder.sha);
      }
      return wanted;
    }
    case 'FairwindsOps/pluto':
      wanted.set(PLUTO_PATH, sha);
      return wanted;
    case 'endoflife-date/endoflife.date':
      wanted.set(ENDOFLIFE_PATH, sha);
      return wanted;
    default:
      throw new Error(`no fetch plan for ${repo}`);
  }
}
