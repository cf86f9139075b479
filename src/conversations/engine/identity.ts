import { extractValue } from '../../understanding/extract/index.ts';
import { type Draft, say } from './draft.ts';
import { handOff } from './handoff.ts';
import { maskEmail } from './wording/compose.ts';

/** What an identity step did: asked something, handed off, or verified the contact just now. */
export type IdentityStep = 'waiting' | 'done' | 'verified';

/**
 * The identity gate (C4): a skill that needs a verified contact waits until the contact is
 * verified — by an identity the contact already has verified, or by a one-time code mailed
 * to the contact's address in this conversation. Without mail it goes to a person.
 */
export async function identityGate(draft: Draft): Promise<IdentityStep> {
  const { ports, w } = draft;
  draft.trace.gate = 'identity';
  if (!ports.canSendCodes) {
    handOff(draft, 'identity_unavailable', w.cantVerify);
    return 'done';
  }
  const email = ports.contact.email;
  if (email) {
    await ports.sendCode(email);
    say(draft, {
      type: 'code_request',
      step: 'sent',
      to: maskEmail(email),
      text: w.codeSent(maskEmail(email)),
    });
    draft.memory.awaiting = 'code';
  } else {
    say(draft, { type: 'code_request', step: 'ask_email', text: w.askEmailForCode });
    draft.memory.awaiting = 'email';
  }
  return 'waiting';
}

/** The address to send the code to, when the contact had none. */
export async function answerEmail(draft: Draft, text: string): Promise<IdentityStep> {
  const { ports, w } = draft;
  const got = extractValue(text, { type: 'string', format: 'email' }, ports.extract);
  if (!got.ok) {
    say(draft, got.reason, { type: 'code_request', step: 'ask_email', text: w.askEmailForCode });
    return 'waiting';
  }
  const email = String(got.value);
  await ports.sendCode(email);
  draft.memory.awaiting = 'code';
  say(draft, {
    type: 'code_request',
    step: 'sent',
    to: maskEmail(email),
    text: w.codeSent(maskEmail(email)),
  });
  return 'waiting';
}

/** The code the customer typed: verified moves the skill on; wrong asks again; expired sends a new one. */
export async function answerCode(draft: Draft, text: string): Promise<IdentityStep> {
  const { ports, w } = draft;
  const code = /\b(\d{6})\b/.exec(text.replace(/(\d)[\s-](?=\d)/g, '$1'))?.[1];
  if (!code) {
    say(draft, w.typeCode);
    return 'waiting';
  }
  const check = await ports.checkCode(code);
  if (check === 'verified') {
    draft.verified = true;
    say(draft, w.verified);
    delete draft.memory.awaiting;
    return 'verified';
  }
  if (check === 'wrong') {
    say(draft, w.codeWrong);
    return 'waiting';
  }
  if (check === 'expired' && ports.contact.email) {
    await ports.sendCode(ports.contact.email);
    say(draft, {
      type: 'code_request',
      step: 'resent',
      to: maskEmail(ports.contact.email),
      text: w.codeExpired,
    });
    return 'waiting';
  }
  handOff(draft, 'verification_failed', w.cantVerify);
  return 'done';
}
