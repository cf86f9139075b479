import { describe, expect, it } from 'vitest';
import { gatherTwiml, hangUpTwiml, recordTwiml, redirectTwiml, transferTwiml } from './twiml.ts';

const HEAD = '<?xml version="1.0" encoding="UTF-8"?>';
const s = { language: 'en-US' };

describe('voice TwiML', () => {
  it('listens for speech and keys around what it says, with barge-in, then redirects on silence', () => {
    expect(
      gatherTwiml('Order 1234 & more <soon>', s, { action: 'https://x/t?a=1&b=2', noInput: 'https://x/s' }),
    ).toBe(
      `${HEAD}<Response><Gather input="speech dtmf" action="https://x/t?a=1&amp;b=2" method="POST" speechTimeout="auto" timeout="5" finishOnKey="#" bargeIn="true" language="en-US"><Say language="en-US">Order 1234 &amp; more &lt;soon&gt;</Say></Gather><Redirect method="POST">https://x/s</Redirect></Response>`,
    );
  });

  it('transfers to a number or a queue, takes a message, waits, and hangs up', () => {
    const voice = { language: 'en-GB', voice: 'Polly.Amy' };
    expect(transferTwiml('Connecting you.', voice, { number: '+14155550199' }, 'https://x/d')).toBe(
      `${HEAD}<Response><Say language="en-GB" voice="Polly.Amy">Connecting you.</Say><Dial action="https://x/d" method="POST" timeout="20">+14155550199</Dial></Response>`,
    );
    expect(transferTwiml('', s, { queue: 'support' }, 'https://x/d')).toBe(
      `${HEAD}<Response><Enqueue action="https://x/d" method="POST">support</Enqueue></Response>`,
    );
    expect(recordTwiml('Leave a message.', s, 'https://x/r')).toBe(
      `${HEAD}<Response><Say language="en-US">Leave a message.</Say><Record action="https://x/r" method="POST" maxLength="120" playBeep="true" finishOnKey="#"/><Hangup/></Response>`,
    );
    expect(redirectTwiml('One moment, please.', s, 'https://x/w')).toBe(
      `${HEAD}<Response><Say language="en-US">One moment, please.</Say><Pause length="1"/><Redirect method="POST">https://x/w</Redirect></Response>`,
    );
    expect(hangUpTwiml('Goodbye.', s)).toBe(
      `${HEAD}<Response><Say language="en-US">Goodbye.</Say><Hangup/></Response>`,
    );
  });
});
