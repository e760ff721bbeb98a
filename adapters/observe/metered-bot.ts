/**
 * The core as an adapter sees it, with each answer timed and counted (AdapterMetrics): the same object, whose
 * `ask` and `respond` report what they answered and how long it took. The core itself knows nothing of metrics.
 */
import type { Bot } from '../../bot/bot.js';
import { type AdapterMetrics, type MetricPlatform, secondsSince } from './adapter-metrics.js';

export function meteredBot(bot: Bot, metrics: AdapterMetrics | undefined, platform: MetricPlatform): Bot {
  if (!metrics) return bot;
  return new Proxy(bot, {
    get(target, property, receiver) {
      if (property === 'ask') {
        return (...args: Parameters<Bot['ask']>) => {
          const started = performance.now();
          const answer = target.ask(...args);
          metrics.question(platform, answer, secondsSince(started));
          return answer;
        };
      }
      if (property === 'respond') {
        return async (...args: Parameters<Bot['respond']>) => {
          const started = performance.now();
          const answer = await target.respond(...args);
          metrics.question(platform, answer, secondsSince(started));
          return answer;
        };
      }
      return Reflect.get(target, property, receiver);
    },
  });
}
