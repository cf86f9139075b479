/**
 * Twilio's standard opt-out keywords (Advanced Opt-Out defaults): a message that is only
 * one of these words, in any case, is a keyword and not a question for the agent. The
 * opt-in words count only from a number that opted out ("yes" is otherwise an answer).
 */
export type SmsKeyword = 'stop' | 'start' | 'help';

const STOP = new Set(['stop', 'stopall', 'unsubscribe', 'cancel', 'end', 'quit', 'optout', 'revoke']);
const START = new Set(['start', 'unstop', 'yes']);
const HELP = new Set(['help', 'info']);

export function keywordOf(body: string, optedOut: boolean): SmsKeyword | null {
  const word = body
    .trim()
    .replace(/[.!?]+$/, '')
    .toLowerCase();
  if (STOP.has(word)) return 'stop';
  if (HELP.has(word)) return 'help';
  if (optedOut && START.has(word)) return 'start';
  return null;
}

export const defaultHelpText = (channelName: string) =>
  `${channelName}: text your question and we will answer here. Reply STOP to unsubscribe.`;
