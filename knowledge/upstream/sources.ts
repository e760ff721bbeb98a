/**
 * The upstream repositories the bot's facts come from, and which of their files the importer reads. The same
 * list drives `k8sbot sync` (fetching over HTTPS) and `k8sbot sync --from DIR` (a local tree laid out like the
 * repositories: DIR/<owner>/<repo>/<path>).
 */
export interface UpstreamSource {
  /** "owner/repo" on GitHub; also the folder under a local tree. */
  repo: string;
  /** The branch a sync follows. */
  ref: string;
  /** What the importer reads from it (for people; the importer's code is the truth). */
  reads: string;
}

export const UPSTREAM_SOURCES = [
  { repo: 'kubernetes/enhancements', ref: 'master', reads: 'keps/**/kep.yaml' },
  {
    repo: 'kubernetes/website',
    ref: 'main',
    reads:
      'feature-gate pages (front matter), data/releases/schedule.yaml and eol.yaml, release announcement front matter',
  },
  { repo: 'kubernetes/sig-release', ref: 'master', reads: 'releases/release-1.N/README.md timelines' },
  { repo: 'FairwindsOps/pluto', ref: 'master', reads: 'versions.yaml' },
  { repo: 'endoflife-date/endoflife.date', ref: 'master', reads: 'products/kubernetes.md front matter' },
] as const satisfies readonly UpstreamSource[];

export type UpstreamRepo = (typeof UPSTREAM_SOURCES)[number]['repo'];
