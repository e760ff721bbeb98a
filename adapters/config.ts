/**
 * Configuration from the environment, validated once at start-up. Each missing or malformed value gets its
 * own message; values are never echoed back (they may be secrets).
 */
import { z } from 'zod';
import { Lang } from '../bot/messages.js';
import { DEFAULT_DATA_DIR } from '../knowledge/data-dir.js';
import { DEFAULT_STALE_AFTER_DAYS } from '../knowledge/freshness.js';
import { parseInterval } from './sync/interval.js';

const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), schema.optional());

const httpUrl = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' });

export const EnvSchema = z
  .object({
    SLACK_BOT_TOKEN: optional(z.string().regex(/^xox[bp]-\S+$/, 'must be a bot token starting with "xoxb-"')),
    SLACK_SIGNING_SECRET: optional(
      z.string().regex(/^[0-9a-f]{16,}$/i, 'must be the hex signing secret from the app settings'),
    ),
    SLACK_APP_TOKEN: optional(
      z.string().regex(/^xapp-\S+$/, 'must be an app-level token starting with "xapp-"'),
    ),
    SLACK_API_URL: optional(httpUrl),
    SLACK_CLIENT_ID: optional(z.string().regex(/^\d+\.\d+$/, 'must be the client id from the app settings')),
    SLACK_CLIENT_SECRET: optional(
      z.string().regex(/^[0-9a-f]{16,}$/i, 'must be the hex client secret from the app settings'),
    ),
    SLACK_STATE_SECRET: optional(z.string().min(16, 'must be a random string of at least 16 characters')),
    DISCORD_TOKEN: optional(z.string().regex(/^\S{20,}$/, 'must be the bot token from the Developer Portal')),
    DISCORD_PUBLIC_KEY: optional(
      z.string().regex(/^[0-9a-f]{64}$/i, 'must be the 64-character hex public key'),
    ),
    DISCORD_APPLICATION_ID: optional(z.string().regex(/^\d{15,22}$/, 'must be the numeric application id')),
    DISCORD_GUILD_ID: optional(z.string().regex(/^\d{15,22}$/, 'must be a numeric server (guild) id')),
    DISCORD_API_URL: optional(httpUrl),
    PORT: z.preprocess(
      (v) => (v === undefined || v === '' ? 3000 : Number(v)),
      z
        .number({ error: 'must be a number' })
        .int('must be a whole number')
        .min(0)
        .max(65_535, 'must be at most 65535'),
    ),
    K8SBOT_DB: optional(z.string().min(1)),
    K8SBOT_DATA_DIR: optional(z.string().min(1)),
    K8SBOT_SYNC_INTERVAL: optional(
      z.string().refine((v) => {
        try {
          parseInterval(v);
          return true;
        } catch {
          return false;
        }
      }, 'must be an interval such as 6h, 30m or 1d, or off'),
    ),
    K8SBOT_STALE_AFTER_DAYS: optional(
      z.coerce.number().int('must be a whole number of days').min(1).max(365),
    ),
    GITHUB_TOKEN: optional(z.string().regex(/^\S{10,}$/, 'must be a GitHub token')),
    K8SBOT_GITHUB_API_URL: optional(httpUrl),
    K8SBOT_GITHUB_RAW_URL: optional(httpUrl),
    DATABASE_URL: optional(
      z.string().regex(/^postgres(ql)?:\/\/\S+$/, 'must be a PostgreSQL URL (postgres://user@host:5432/db)'),
    ),
    K8SBOT_LANG: optional(Lang),
    K8SBOT_KUBECONFIG: optional(z.string().min(1)),
    K8SBOT_CLUSTERS: optional(
      z.string().regex(/^[^,\s]+(\s*,\s*[^,\s]+)*$/, 'must be context names separated by commas'),
    ),
    K8SBOT_CLUSTER_NAME: optional(z.string().min(1).max(100)),
    LOG_LEVEL: optional(z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])),
  })
  .superRefine((env, ctx) => {
    const need = (key: keyof typeof env, when: string) => {
      if (!env[key]) ctx.addIssue({ code: 'custom', path: [key], message: `is required ${when}` });
    };
    const oauth = Boolean(env.SLACK_CLIENT_ID || env.SLACK_CLIENT_SECRET || env.SLACK_STATE_SECRET);
    if (oauth) {
      const when =
        'for OAuth distribution (SLACK_CLIENT_ID, SLACK_CLIENT_SECRET and SLACK_STATE_SECRET go together)';
      need('SLACK_CLIENT_ID', when);
      need('SLACK_CLIENT_SECRET', when);
      need('SLACK_STATE_SECRET', when);
      need('SLACK_SIGNING_SECRET', 'for OAuth distribution (it runs in HTTP mode)');
      for (const key of ['SLACK_BOT_TOKEN', 'SLACK_APP_TOKEN'] as const) {
        if (env[key])
          ctx.addIssue({
            code: 'custom',
            path: [key],
            message: 'must not be set with SLACK_CLIENT_ID: OAuth distribution keeps one token per workspace',
          });
      }
    } else {
      if (env.SLACK_BOT_TOKEN && !env.SLACK_APP_TOKEN)
        need('SLACK_SIGNING_SECRET', 'in HTTP mode (SLACK_BOT_TOKEN is set and SLACK_APP_TOKEN is not)');
      if (env.SLACK_APP_TOKEN || env.SLACK_SIGNING_SECRET)
        need('SLACK_BOT_TOKEN', 'to run the Slack adapter');
    }
    if (env.DISCORD_PUBLIC_KEY) need('DISCORD_APPLICATION_ID', 'for the Discord HTTP interactions endpoint');
    if (env.DISCORD_APPLICATION_ID && !env.DISCORD_TOKEN)
      need(
        'DISCORD_PUBLIC_KEY',
        'for the Discord HTTP interactions endpoint (or set DISCORD_TOKEN for the gateway)',
      );
  });

export type Env = z.infer<typeof EnvSchema>;

export interface Config {
  port: number;
  /** The SQLite file, used when databaseUrl is not set. */
  dbPath: string;
  /** Synced knowledge lives under <dataDir>/knowledge. */
  dataDir: string;
  /** Between knowledge syncs; null when syncing is off. */
  syncIntervalMs: number | null;
  staleAfterDays: number;
  /** Passed to the sync process (never logged). */
  syncEnv: Record<string, string>;
  /** PostgreSQL, for several replicas. */
  databaseUrl?: string;
  lang: Lang;
  logLevel: string;
  /** Live clusters (read-only), when K8SBOT_KUBECONFIG is set. */
  clusters?: { K8SBOT_KUBECONFIG: string; K8SBOT_CLUSTERS?: string; K8SBOT_CLUSTER_NAME?: string };
  slack?: {
    /** One workspace (single-token mode); absent with OAuth distribution. */
    botToken?: string;
    signingSecret?: string;
    appToken?: string;
    apiUrl?: string;
    mode: 'socket' | 'http';
    /** OAuth distribution: /slack/install and /slack/oauth_redirect, a token per workspace in the store. */
    oauth?: { clientId: string; clientSecret: string; stateSecret: string };
  };
  discord?: {
    token?: string;
    publicKey?: string;
    applicationId?: string;
    guildId?: string;
    apiUrl?: string;
    gateway: boolean;
    http: boolean;
  };
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Reads the environment; throws ConfigError listing every problem (names only, never values). */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`));
  }
  const e = parsed.data;
  const config: Config = {
    port: e.PORT,
    dbPath: e.K8SBOT_DB ?? './data/k8sbot.sqlite',
    dataDir: e.K8SBOT_DATA_DIR ?? DEFAULT_DATA_DIR,
    syncIntervalMs: parseInterval(e.K8SBOT_SYNC_INTERVAL),
    staleAfterDays: e.K8SBOT_STALE_AFTER_DAYS ?? DEFAULT_STALE_AFTER_DAYS,
    syncEnv: Object.fromEntries(
      (['GITHUB_TOKEN', 'K8SBOT_GITHUB_API_URL', 'K8SBOT_GITHUB_RAW_URL'] as const).flatMap((k) => {
        const v = e[k];
        return v ? [[k, v]] : [];
      }),
    ),
    lang: e.K8SBOT_LANG ?? 'en',
    logLevel: e.LOG_LEVEL ?? 'info',
  };
  if (e.DATABASE_URL) config.databaseUrl = e.DATABASE_URL;
  if (e.K8SBOT_KUBECONFIG)
    config.clusters = {
      K8SBOT_KUBECONFIG: e.K8SBOT_KUBECONFIG,
      ...(e.K8SBOT_CLUSTERS ? { K8SBOT_CLUSTERS: e.K8SBOT_CLUSTERS } : {}),
      ...(e.K8SBOT_CLUSTER_NAME ? { K8SBOT_CLUSTER_NAME: e.K8SBOT_CLUSTER_NAME } : {}),
    };
  if (e.SLACK_CLIENT_ID && e.SLACK_CLIENT_SECRET && e.SLACK_STATE_SECRET) {
    config.slack = {
      mode: 'http',
      oauth: {
        clientId: e.SLACK_CLIENT_ID,
        clientSecret: e.SLACK_CLIENT_SECRET,
        stateSecret: e.SLACK_STATE_SECRET,
      },
      ...(e.SLACK_SIGNING_SECRET ? { signingSecret: e.SLACK_SIGNING_SECRET } : {}),
      ...(e.SLACK_API_URL ? { apiUrl: e.SLACK_API_URL } : {}),
    };
  } else if (e.SLACK_BOT_TOKEN) {
    config.slack = {
      botToken: e.SLACK_BOT_TOKEN,
      mode: e.SLACK_APP_TOKEN ? 'socket' : 'http',
      ...(e.SLACK_SIGNING_SECRET ? { signingSecret: e.SLACK_SIGNING_SECRET } : {}),
      ...(e.SLACK_APP_TOKEN ? { appToken: e.SLACK_APP_TOKEN } : {}),
      ...(e.SLACK_API_URL ? { apiUrl: e.SLACK_API_URL } : {}),
    };
  }
  if (e.DISCORD_TOKEN || e.DISCORD_PUBLIC_KEY) {
    config.discord = {
      gateway: Boolean(e.DISCORD_TOKEN),
      http: Boolean(e.DISCORD_PUBLIC_KEY && e.DISCORD_APPLICATION_ID),
      ...(e.DISCORD_TOKEN ? { token: e.DISCORD_TOKEN } : {}),
      ...(e.DISCORD_PUBLIC_KEY ? { publicKey: e.DISCORD_PUBLIC_KEY } : {}),
      ...(e.DISCORD_APPLICATION_ID ? { applicationId: e.DISCORD_APPLICATION_ID } : {}),
      ...(e.DISCORD_GUILD_ID ? { guildId: e.DISCORD_GUILD_ID } : {}),
      ...(e.DISCORD_API_URL ? { apiUrl: e.DISCORD_API_URL } : {}),
    };
  }
  return config;
}
