import { DomUtils, parseDocument } from 'htmlparser2';
import type { TwilioStandIn } from './stand-in.ts';

/**
 * A phone caller as Twilio Voice plays one: posts the signed call webhook, reads the TwiML
 * answer and does what it says — speaks or presses keys into a `<Gather>` (posting to its
 * action with `SpeechResult`/`Digits`), stays silent (following the `<Redirect>` after the
 * Gather), follows a bare `<Redirect>` at once (as Twilio does after the `<Say>` before it).
 */
export interface TwimlStep {
  xml: string;
  status: number;
  /** Every `<Say>` in order, joined. */
  said: string;
  gather: { action: string; input: string; bargeIn: string | undefined } | null;
  redirect: string | null;
  dial: { number: string; action: string | undefined } | null;
  enqueue: string | null;
  record: { action: string } | null;
  hangup: boolean;
}

export function readTwiml(xml: string, status = 200): TwimlStep {
  const doc = parseDocument(xml, { xmlMode: true });
  const find = (name: string) => DomUtils.findOne((e) => e.name === name, doc.children, true);
  const gather = find('Gather');
  const redirect = find('Redirect');
  const dial = find('Dial');
  const enqueue = find('Enqueue');
  const record = find('Record');
  return {
    xml,
    status,
    said: DomUtils.findAll((e) => e.name === 'Say', doc.children)
      .map((e) => DomUtils.textContent(e))
      .join(' '),
    gather: gather
      ? {
          action: gather.attribs['action'] ?? '',
          input: gather.attribs['input'] ?? '',
          bargeIn: gather.attribs['bargeIn'],
        }
      : null,
    redirect: redirect ? DomUtils.textContent(redirect) : null,
    dial: dial ? { number: DomUtils.textContent(dial).trim(), action: dial.attribs['action'] } : null,
    enqueue: enqueue ? DomUtils.textContent(enqueue) : null,
    record: record ? { action: record.attribs['action'] ?? '' } : null,
    hangup: !!find('Hangup'),
  };
}

let calls = 0;

export class Caller {
  readonly callSid: string;
  last: TwimlStep | null = null;
  /** Everything the caller heard, in order. */
  readonly heard: string[] = [];

  private readonly tw: TwilioStandIn;
  private readonly webhookUrl: string;
  readonly from: string;
  readonly to: string;

  constructor(tw: TwilioStandIn, webhookUrl: string, from: string, to: string) {
    this.tw = tw;
    this.webhookUrl = webhookUrl;
    this.from = from;
    this.to = to;
    this.callSid = `CA${String(++calls).padStart(32, '0')}`;
  }

  private params(extra: Record<string, string> = {}): Record<string, string> {
    return {
      AccountSid: this.tw.accountSid,
      ApiVersion: '2010-04-01',
      CallSid: this.callSid,
      CallStatus: 'in-progress',
      Called: this.to,
      Caller: this.from,
      Direction: 'inbound',
      From: this.from,
      To: this.to,
      ...extra,
    };
  }

  /** Posts one webhook and follows bare redirects (a turn still running) until something to answer. */
  async post(
    url: string,
    extra: Record<string, string> = {},
    o: { follow?: boolean } = {},
  ): Promise<TwimlStep> {
    let step = await this.once(url, extra);
    if (o.follow === false) return step;
    for (let i = 0; i < 10 && step.status === 200 && !step.gather && step.redirect; i++)
      step = await this.once(step.redirect, {});
    return step;
  }

  private async once(url: string, extra: Record<string, string>): Promise<TwimlStep> {
    const res = await this.tw.webhook(url, this.params(extra));
    const step = res.status === 200 ? readTwiml(res.text, 200) : { ...readTwiml('<Response/>', res.status) };
    this.last = step;
    if (step.said) this.heard.push(step.said);
    return step;
  }

  dial(): Promise<TwimlStep> {
    return this.post(this.webhookUrl, { CallStatus: 'ringing' });
  }

  private gatherAction(): string {
    if (!this.last?.gather) throw new Error(`nothing is listening: ${this.last?.xml}`);
    return this.last.gather.action;
  }

  say(words: string): Promise<TwimlStep> {
    return this.post(this.gatherAction(), { SpeechResult: words, Confidence: '0.92' });
  }

  press(digits: string): Promise<TwimlStep> {
    return this.post(this.gatherAction(), { Digits: digits, FinishedOnKey: '#' });
  }

  /** Says nothing: Twilio falls through the Gather to the Redirect after it. */
  silence(): Promise<TwimlStep> {
    if (!this.last?.redirect) throw new Error(`no redirect after silence: ${this.last?.xml}`);
    return this.post(this.last.redirect, {});
  }
}
