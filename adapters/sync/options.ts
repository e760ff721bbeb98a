/** Sync settings from the environment. The token is passed on, never printed. */
import type { GitHubOptions } from './github.js';

export function githubOptionsFromEnv(env: Record<string, string | undefined>): GitHubOptions {
  const number = (v: string | undefined) => (v && /^\d+$/.test(v) ? Number(v) : undefined);
  const timeout = number(env.K8SBOT_SYNC_TIMEOUT_MS);
  return {
    ...(env.GITHUB_TOKEN ? { token: env.GITHUB_TOKEN } : {}),
    ...(env.K8SBOT_GITHUB_API_URL ? { apiUrl: env.K8SBOT_GITHUB_API_URL } : {}),
    ...(env.K8SBOT_GITHUB_RAW_URL ? { rawUrl: env.K8SBOT_GITHUB_RAW_URL } : {}),
    ...(timeout !== undefined ? { timeoutMs: timeout } : {}),
  };
}
