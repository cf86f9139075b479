import { type Draft, say } from './draft.ts';
import type { SmallTalk } from './small-talk.ts';

/**
 * Answers small talk briefly, in the agent's register (C2). Small talk is never a failure
 * toward a handoff. After an answered question, thanks or a goodbye closes politely and
 * marks the turn resolved: the conversation may end.
 */
export function answerSmallTalk(draft: Draft, talk: SmallTalk, answered: boolean): void {
  const { w, ports, memory } = draft;
  const words = w.formalTone.test(ports.agent.tone) ? w.smallTalk.formal : w.smallTalk.friendly;
  if (talk === 'goodbye' || (talk === 'thanks' && answered)) draft.resolved = true;
  // "ok" after an answer keeps it answered: "ok" then "thanks" still closes.
  if (talk === 'ack' && answered) memory.answered = true;
  const text = {
    greeting: words.greeting,
    thanks: answered ? words.thanksResolved : words.thanks,
    goodbye: words.goodbye,
    bot: words.bot(ports.agent.name),
    who: words.who(ports.agent.name),
    ack: words.ack,
  }[talk];
  say(draft, text);
}
