import { describe, expect, it } from 'vitest';
import { OMITTED, REDACTED, scrub } from '../../bot/logger.js';
import { captureLogger } from '../support/logs.js';

describe('logs never carry secrets, headers or stacks', () => {
  it('redacts credentials at any depth, by key and by shape', () => {
    const out = scrub({
      a: {
        b: {
          c: {
            d: {
              clientSecret: 'cs',
              password: 'pw',
              'x-slack-signature': 'v0=1',
              note: 'Bearer abcdefgh12345',
            },
          },
        },
      },
      list: [{ botToken: 'xoxb-1' }, 'xapp-1-A1-abc', 'postgres://bot:hunter2@db:5432/bot'],
      DATABASE_URL: 'postgres://x',
      count: 3,
    });
    expect(out).toEqual({
      a: {
        b: {
          c: {
            d: {
              clientSecret: REDACTED,
              password: REDACTED,
              'x-slack-signature': REDACTED,
              note: `Bearer ${REDACTED}`,
            },
          },
        },
      },
      list: [{ botToken: REDACTED }, REDACTED, `postgres://bot:${REDACTED}@db:5432/bot`],
      DATABASE_URL: REDACTED,
      count: 3,
    });
  });

  it('omits requests, responses and header maps, and writes errors without their stack', () => {
    const err = Object.assign(new Error('request failed'), {
      code: 'ECONNRESET',
      config: { headers: { Authorization: 'Bearer zzzzzzzzzzzz' } },
      request: { headers: { cookie: 'c=1' } },
    });
    const out = scrub({ err, headers: { cookie: 'c=1' }, nested: { req: { url: '/x' } } });
    expect(out).toEqual({
      err: { type: 'Error', message: 'request failed', code: 'ECONNRESET' },
      headers: OMITTED,
      nested: { req: OMITTED },
    });
  });

  it('applies to every line the bot logs, message and bindings included', () => {
    const log = captureLogger();
    log.logger.child({ token: 'xoxb-child' }).error(new Error('failed with xoxb-in-message'));
    log.logger.warn({ cycle: ((o: Record<string, unknown>) => Object.assign(o, { self: o }))({}) }, 'cycle');
    expect(log.text()).not.toContain('xoxb-');
    expect(log.lines[0]).toMatchObject({ msg: `failed with ${REDACTED}`, err: { type: 'Error' } });
    expect(log.lines[0]?.err).not.toHaveProperty('stack');
    expect(log.lines[1]).toMatchObject({ cycle: { self: '[circular]' } });
  });
});
