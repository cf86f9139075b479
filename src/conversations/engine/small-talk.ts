import { normalizeReply } from '../../understanding/extract/phrase-lexicon.ts';

/**
 * Small talk (spec §C2): a message made only of greetings, thanks, goodbyes, questions about
 * who or what the agent is, or acknowledgements. "hi, where is my order?" is not small talk:
 * it carries a request. Pure; the built-in engine answers it briefly.
 */
export type SmallTalk = 'greeting' | 'thanks' | 'goodbye' | 'bot' | 'who' | 'ack';

const PHRASES: Record<SmallTalk, string[]> = {
  greeting: [
    'hi',
    'hii',
    'hello',
    'hey',
    'heya',
    'hiya',
    'howdy',
    'yo',
    'greetings',
    'good morning',
    'good afternoon',
    'good evening',
    'good day',
    'morning',
    'evening',
    'hi there',
    'hello there',
    'hey there',
    'how are you',
    'how are you doing',
    'how are things',
    'hows it going',
    'how is it going',
    'whats up',
    'sup',
  ],
  thanks: [
    'thanks',
    'thank you',
    'thx',
    'ty',
    'tyvm',
    'cheers',
    'many thanks',
    'thanks a lot',
    'thanks a bunch',
    'thanks so much',
    'thank you so much',
    'thank you very much',
    'thanks very much',
    'much appreciated',
    'appreciate it',
    'i appreciate it',
    'that helps',
    'that helped',
    'that was helpful',
    'thats helpful',
    'very helpful',
    'thanks for your help',
    'thank you for your help',
    'thanks for the help',
  ],
  goodbye: [
    'bye',
    'goodbye',
    'good bye',
    'bye bye',
    'see you',
    'see ya',
    'see you later',
    'later',
    'talk later',
    'have a nice day',
    'have a good day',
    'have a great day',
    'take care',
    'thats all',
    'that is all',
    'nothing else',
    'im done',
    'i am done',
    'good night',
    'all good',
    'thats everything',
  ],
  bot: [
    'are you a bot',
    'are you a robot',
    'are you human',
    'are you a human',
    'are you a person',
    'are you a real person',
    'are you real',
    'are you an ai',
    'are you ai',
    'is this a bot',
    'is this a robot',
    'is this a real person',
    'is this a human',
    'am i talking to a bot',
    'am i talking to a human',
    'am i talking to a real person',
    'am i chatting with a bot',
    'is this automated',
    'are you a machine',
  ],
  who: [
    'who am i talking to',
    'who am i talking with',
    'who am i speaking to',
    'who am i speaking with',
    'who am i chatting with',
    'who are you',
    'what are you',
    'who is this',
    'whats your name',
    'what is your name',
    'who is there',
  ],
  ack: [
    'ok',
    'okay',
    'k',
    'kk',
    'okey',
    'alright',
    'all right',
    'great',
    'cool',
    'perfect',
    'nice',
    'awesome',
    'got it',
    'sounds good',
    'i see',
    'understood',
    'fine',
    'good',
    'excellent',
    'noted',
    'lovely',
    'wonderful',
    'ok great',
    'oh ok',
    'ah ok',
    'makes sense',
    'that makes sense',
    'good to know',
  ],
};

/** Words that may surround small talk without changing it: "oh hi there!", "ok, thanks so much again". */
const FILLER = new Set([
  'oh',
  'ah',
  'well',
  'so',
  'um',
  'uh',
  'again',
  'very',
  'much',
  'guys',
  'team',
  'folks',
  'then',
  'and',
  'please',
]);

const BY_LENGTH = (Object.entries(PHRASES) as [SmallTalk, string[]][])
  .flatMap(([kind, list]) => list.map((p) => ({ kind, words: p.split(' ') })))
  .sort((a, b) => b.words.length - a.words.length);

/** Which small talk kinds make up the whole message, in order; null when it carries anything else. */
export function readSmallTalk(text: string): SmallTalk[] | null {
  const words = normalizeReply(text);
  if (words.length === 0 || words.length > 12) return null;
  const kinds: SmallTalk[] = [];
  let i = 0;
  while (i < words.length) {
    if (FILLER.has(words[i]!)) {
      i += 1;
      continue;
    }
    const hit = BY_LENGTH.find((p) => p.words.every((w, j) => words[i + j] === w));
    if (!hit) return null;
    if (!kinds.includes(hit.kind)) kinds.push(hit.kind);
    i += hit.words.length;
  }
  return kinds.length ? kinds : null;
}

/** The one kind the answer is about: a goodbye or thanks closes; a question beats a greeting. */
export function smallTalkOf(text: string): SmallTalk | null {
  const kinds = readSmallTalk(text);
  if (!kinds) return null;
  const order: SmallTalk[] = ['goodbye', 'thanks', 'bot', 'who', 'greeting', 'ack'];
  return order.find((k) => kinds.includes(k)) ?? null;
}
