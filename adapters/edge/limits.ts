/**
 * The edge's limits, as data. Body caps are far above what the platforms send the bot (measured in
 * test/adapters/edge/limits.test.ts on the largest real cards: a Slack button click on the biggest message is
 * ~13 KB url-encoded, a Discord button on the biggest embed ~6 KB) and far below what would cost memory.
 */
export const BODY_LIMITS = {
  /** POST /slack/events: commands, button clicks (with the message they sit on), events. */
  slack: 64 * 1024,
  /** POST /discord/interactions. */
  discord: 64 * 1024,
} as const;

export interface ServerTimeouts {
  /** Until the request headers are in (slow-header clients). */
  headersMs: number;
  /** Until the whole request, body included, is in (slow-body clients). */
  requestMs: number;
  /** An idle keep-alive connection is closed after this; above the 60 s idle timeout of common load balancers. */
  keepAliveMs: number;
  /** How often Node checks the two timeouts above. */
  checkEveryMs: number;
}

export const SERVER_TIMEOUTS: ServerTimeouts = {
  headersMs: 10_000,
  requestMs: 15_000,
  keepAliveMs: 65_000,
  checkEveryMs: 1_000,
};

/** SIGTERM: everything (requests in flight, digest posts, adapters) is closed within this. */
export const SHUTDOWN_DEADLINE_MS = 10_000;
