/** A digest poster that answers from a script, for scheduler tests that need no platform. */
import { setTimeout as sleep } from 'node:timers/promises';
import type {
  CheckOutcome,
  DigestPoster,
  OutgoingDigest,
  PostOutcome,
} from '../../adapters/digest/poster.js';

export class ScriptedPoster implements DigestPoster {
  channelIntervalMs = 0;
  /** Every send, in order, with the time it started. */
  readonly sends: Array<{ channel: string; week: string; at: number; digest: OutgoingDigest }> = [];
  readonly checks: Array<{ channel: string; since: Date }> = [];
  /** Outcomes to give, per channel, before the default ("posted"). */
  readonly script = new Map<string, PostOutcome[]>();
  readonly checkScript = new Map<string, CheckOutcome[]>();
  /** Channels whose sends take this long. */
  readonly delays = new Map<string, number>();
  /** Digests that "reached" the platform, per channel. */
  readonly delivered = new Map<string, number>();

  plan(channel: string, ...outcomes: PostOutcome[]): this {
    this.script.set(channel, [...(this.script.get(channel) ?? []), ...outcomes]);
    return this;
  }

  planCheck(channel: string, ...outcomes: CheckOutcome[]): this {
    this.checkScript.set(channel, [...(this.checkScript.get(channel) ?? []), ...outcomes]);
    return this;
  }

  async send(digest: OutgoingDigest): Promise<PostOutcome> {
    const channel = digest.key.channelId;
    this.sends.push({ channel, week: digest.key.week, at: Date.now(), digest });
    const delay = this.delays.get(channel);
    if (delay) await sleep(delay);
    const outcome = this.script.get(channel)?.shift() ?? {
      kind: 'posted',
      messageId: `m-${channel}-${this.sends.length}`,
    };
    if (outcome.kind === 'posted') this.delivered.set(channel, (this.delivered.get(channel) ?? 0) + 1);
    return outcome;
  }

  async check(digest: OutgoingDigest, since: Date): Promise<CheckOutcome> {
    this.checks.push({ channel: digest.key.channelId, since });
    return this.checkScript.get(digest.key.channelId)?.shift() ?? { kind: 'absent' };
  }

  sendsTo(channel: string): number {
    return this.sends.filter((s) => s.channel === channel).length;
  }
}
