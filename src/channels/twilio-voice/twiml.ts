import twilio from 'twilio';

/**
 * The TwiML a call is answered with, built by the `twilio` package's `VoiceResponse`
 * (contracts §4): the speech/keypad loop — `<Gather input="speech dtmf">` around `<Say>`,
 * with barge-in so the caller may speak over it, then a `<Redirect>` for when nothing was
 * heard — and the ways a call ends: a transfer, a message left after the tone, goodbye.
 */
export interface VoiceSettings {
  language: string;
  voice?: string | undefined;
}

type SayAttributes = Parameters<InstanceType<typeof twilio.twiml.VoiceResponse>['say']>[0];

const sayAttrs = (s: VoiceSettings): SayAttributes =>
  ({ language: s.language, ...(s.voice ? { voice: s.voice } : {}) }) as SayAttributes;

/** Say, listen for speech or keys (the caller may interrupt), and go to `noInput` on silence. */
export function gatherTwiml(
  text: string,
  s: VoiceSettings,
  urls: { action: string; noInput: string },
): string {
  const res = new twilio.twiml.VoiceResponse();
  const gather = res.gather({
    input: ['speech', 'dtmf'],
    action: urls.action,
    method: 'POST',
    speechTimeout: 'auto',
    timeout: 5,
    finishOnKey: '#',
    bargeIn: true,
    language: s.language as never,
  });
  if (text) gather.say(sayAttrs(s), text);
  res.redirect({ method: 'POST' }, urls.noInput);
  return res.toString();
}

/** Say, then continue at `url` (a turn still being worked on). */
export function redirectTwiml(text: string, s: VoiceSettings, url: string): string {
  const res = new twilio.twiml.VoiceResponse();
  if (text) res.say(sayAttrs(s), text);
  res.pause({ length: 1 });
  res.redirect({ method: 'POST' }, url);
  return res.toString();
}

export type TransferTarget = { number: string } | { queue: string };

/** Say, then put the caller through to a person: a number (`<Dial>`) or a queue (`<Enqueue>`). */
export function transferTwiml(text: string, s: VoiceSettings, to: TransferTarget, dialEnded: string): string {
  const res = new twilio.twiml.VoiceResponse();
  if (text) res.say(sayAttrs(s), text);
  if ('number' in to) res.dial({ action: dialEnded, method: 'POST', timeout: 20 }, to.number);
  else res.enqueue({ action: dialEnded, method: 'POST' }, to.queue);
  return res.toString();
}

/** Say, then record a message after the tone; `recorded` receives the recording. */
export function recordTwiml(text: string, s: VoiceSettings, recorded: string): string {
  const res = new twilio.twiml.VoiceResponse();
  res.say(sayAttrs(s), text);
  res.record({ action: recorded, method: 'POST', maxLength: 120, playBeep: true, finishOnKey: '#' });
  res.hangup();
  return res.toString();
}

export function hangUpTwiml(text: string, s: VoiceSettings): string {
  const res = new twilio.twiml.VoiceResponse();
  if (text) res.say(sayAttrs(s), text);
  res.hangup();
  return res.toString();
}
