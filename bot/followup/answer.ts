/** Answering a resolved follow-up: ask the rewritten question (checking it reached the thread's feature), or render. */
import { featureByIdOrRedirect } from '../../knowledge/load.js';
import type { Answer } from '../answer.js';
import type { AskOptions, Bot } from '../bot.js';
import { featureReply } from '../intents/feature.js';
import type { Lang } from '../messages.js';
import { examplesCard } from '../views/examples.js';
import { featureAnswer } from '../views/feature.js';
import type { FollowUp } from './resolve.js';
import { type ThreadTopic, topicOf } from './topic.js';

export interface FollowUpAnswer {
  answer: Answer;
  /** The question the follow-up was read as, when it was asked as one. */
  readAs?: string;
  topic: ThreadTopic | undefined;
}

const withCardLang = (a: Answer): Answer => ({ ...a, card: { ...a.card, lang: a.lang } });

export function answerFollowUp(bot: Bot, f: FollowUp, text: string, options: AskOptions): FollowUpAnswer {
  const lang: Lang | undefined = f.lang ?? options.lang;
  if (f.type === 'examples') {
    const ctx = bot.context(lang ?? bot.defaultLang, options.now, options.channel);
    const feature = featureByIdOrRedirect(ctx.corpus, f.featureId);
    if (!feature) {
      const answer = bot.ask(`feature ${f.featureId}`, { ...options, ...(lang ? { lang } : {}) });
      return { answer, topic: topicOf(answer) };
    }
    const answer = withCardLang({
      query: text.slice(0, 200),
      kind: 'feature',
      lang: ctx.lang,
      feature: featureAnswer(feature),
      card: examplesCard(feature, ctx),
    });
    return { answer, topic: topicOf(answer, { view: 'examples' }) };
  }
  let answer = bot.ask(f.question, { ...options, ...(lang ? { lang } : {}) });
  if (f.featureId && answer.feature?.id !== f.featureId) {
    // The rewritten question found something else: the thread's feature card still answers it.
    const ctx = bot.context(lang ?? answer.lang, options.now, options.channel);
    const feature = featureByIdOrRedirect(ctx.corpus, f.featureId);
    if (feature) answer = withCardLang(featureReply(feature, f.question, ctx));
  }
  return { answer, readAs: f.question, topic: topicOf(answer, f.hints) };
}
