/**
 * The engine's sentences in English, keyed by message id. Another language is a table of
 * the same shape (see index.ts); keep each sentence whole so a translator sees its context.
 */
export const en = {
  cantHelp: "Sorry, I can't help with that.",
  offerPerson: 'Would you like me to connect you with a person?',
  anythingElse: 'Is there anything else I can help with?',
  cancelled: "OK, I've cancelled that. Is there anything else I can help with?",
  notDone: "OK, I won't do that. Is there anything else I can help with?",
  startOver: "Sure, let's start over. How can I help?",
  yesOrNo: 'Please answer yes or no.',
  yes: 'yes',
  no: 'no',
  yesLabel: 'Yes',
  noLabel: 'No',
  /** A yes/no question in words, for a channel without buttons. */
  yesNoInline: (prompt: string, yes: string, no: string) => `${prompt} (${yes} / ${no})`,
  handoff: "I'm connecting you with a person from our team. They'll see our conversation so far.",
  handoffAfterInvalid:
    "I'm having trouble with that answer, so I'm connecting you with a person from our team who can help.",
  handoffAfterFailure:
    "Sorry, that didn't work on our side. I'm connecting you with a person from our team who can help.",
  uncertain:
    "I started that request earlier but couldn't confirm it finished, so I won't repeat it. I'm connecting you with a person to check.",
  askEmailForCode:
    'For your security I need to verify your identity first. What is the email address on your account?',
  codeSent: (maskedEmail: string) =>
    `For your security I need to verify your identity first. I've sent a 6-digit code to ${maskedEmail} — please type it here.`,
  typeCode: 'Please type the 6-digit code from the email.',
  codeWrong: "That code doesn't match. Please check the email and try again.",
  codeExpired: 'That code has expired. I have sent you a new one.',
  verified: 'Thanks, you are verified.',
  cantVerify:
    "I can't verify your identity in this conversation, so I'll connect you with a person who can help.",
  notFound: "I couldn't find anything for those details.",
  invalidValue: 'That value is not valid.',
  /** Asks for an input by name, with its instructions as a hint when they are not a question. */
  whatIsYour: (name: string, hint?: string) => `What is your ${name}?${hint ? ` (${hint})` : ''}`,
  corrected: (name: string, value: string) => `OK, I've changed the ${name} to ${value}.`,
  confirmIntro: (what: string, details: string) =>
    `To confirm: I'm about to ${what}${details ? ` (${details})` : ''}.`,
  confirmPrompt: 'Shall I go ahead?',
  /** "name: value" pairs in a summary. */
  detail: (name: string, value: string) => `${name}: ${value}`,
  done: 'Done.',
  nothingToReport: "I checked, but there's nothing to report.",
  found: (details: string[]) => `Here's what I found: ${details.join('; ')}.`,
  clarifyPrompt: 'Which one did you mean?',
  /** The content option of a question between an action and content. */
  aboutSource: (title: string) => `an answer from our ${title}`,
  clarifyInline: (labels: string[]) => `Did you mean ${labels.map((l, i) => `${i + 1}) ${l}`).join(' or ')}?`,
  /** Ordinal words a customer may pick an option with, in order. */
  ordinals: ['first', 'second', 'third'],
  source: (title: string, section?: string) =>
    section ? `Source: ${title} (#${section})` : `Source: ${title}`,
  sourceLink: (title: string, url: string) => `Source: ${title} (${url})`,
  untitled: 'Untitled',
  /** Small talk, in two registers: the agent's tone picks one (see smallTalkRegister). */
  smallTalk: {
    friendly: {
      greeting: 'Hi! How can I help you today?',
      thanks: "You're welcome! Is there anything else I can help with?",
      thanksResolved: "You're welcome! Glad I could help.",
      goodbye: 'Goodbye, and have a great day!',
      bot: (name: string) =>
        `I'm ${name}, a virtual assistant. If you'd rather talk to a person, just say so.`,
      who: (name: string) => `You're talking to ${name}, a virtual assistant. How can I help?`,
      ack: "Great! Let me know if there's anything else I can help with.",
    },
    formal: {
      greeting: 'Hello. How may I help you?',
      thanks: "You're welcome. Is there anything else I can help you with?",
      thanksResolved: "You're welcome. I'm glad I could help.",
      goodbye: 'Goodbye, and thank you for contacting us.',
      bot: (name: string) =>
        `I am ${name}, a virtual assistant. If you would prefer to speak with a person, please say so.`,
      who: (name: string) => `You are speaking with ${name}, a virtual assistant. How may I help you?`,
      ack: 'Very well. Let me know if there is anything else I can help you with.',
    },
  },
  /** Words in an agent's tone that call for the formal register. */
  formalTone: /\b(formal|professional|precise|polite|courteous|calm|serious|business)/i,
};

export type Wording = typeof en;
