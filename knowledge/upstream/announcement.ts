/**
 * kubernetes/website `content/en/blog/_posts/**` front matter of release announcements: which minor, its
 * theme (release name), the post date and its URL on kubernetes.io.
 */
import { frontMatter } from './frontmatter.js';
import type { SkipLog } from './report.js';
import { isoDate, minorVersion, text, textList } from './values.js';

export const BLOG_POSTS_DIR = 'content/en/blog/_posts';
const SITE = 'https://kubernetes.io';
/** The blog's permalink pattern (the site's config); a post's own `url` overrides it. */
const DEFAULT_PERMALINK = '/:section/:year/:month/:day/:slug/';

export interface Announcement {
  version: string;
  date: string;
  themes: string[];
  url: string;
  path: string;
}

/** Names of blog files that can be release announcements (the others are never read). */
export function mayBeAnnouncement(path: string): boolean {
  const name = path.split('/').slice(-2).join('/').toLowerCase();
  return /\.md$/.test(name) && /(release|1[.-]\d{1,2}\b|v1-\d{1,2}|kubernetes-1\d\b)/.test(name);
}

/** The announcement in a blog post's front matter, or undefined when the post is not one. */
export function parseAnnouncement(markdown: string, path: string, log: SkipLog): Announcement | undefined {
  const file = `kubernetes/website/${path}`;
  const fm = frontMatter(markdown, file);
  const ra = fm.release_announcement;
  if (!ra || typeof ra !== 'object') return undefined;
  const block = ra as Record<string, unknown>;
  const version = minorVersion(block.minor_version);
  if (!version) {
    log.skip(file, 'release_announcement.minor_version', block.minor_version, 'not a minor version');
    return undefined;
  }
  const date = isoDate(fm.date);
  if (!date) {
    log.skip(file, 'date', fm.date, 'an announcement without a valid date');
    return undefined;
  }
  const slug = text(fm.slug) ?? path.split('/').at(-1)?.replace(/\.md$/, '') ?? '';
  const permalink = text(fm.url) ?? DEFAULT_PERMALINK;
  const [year, month, day] = date.split('-') as [string, string, string];
  const url = `${SITE}${permalink
    .replace(':section', 'blog')
    .replace(':year', year)
    .replace(':month', month)
    .replace(':day', day)
    .replace(':slug', slug)}`;
  return { version, date, themes: textList(block.themes), url, path };
}
