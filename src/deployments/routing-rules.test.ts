import { describe, expect, it } from 'vitest';
import { completeFacts, conditionProblems, matches } from './routing-rules.ts';

const facts = completeFacts({
  contact: { email: 'Ana@BigCorp.com', tier: 'vip', language: 'pt', properties: { plan: 'enterprise' } },
  conversation: { channel: 'livechat', pageUrl: 'https://shop.example.com/pricing?x=1', topic: 'refund' },
});

describe('routing rule conditions', () => {
  it('derive the email domain and page host', () => {
    expect(facts.contact.email).toBe('ana@bigcorp.com');
    expect(facts.contact.emailDomain).toBe('bigcorp.com');
    expect(facts.conversation.pageHost).toBe('shop.example.com');
  });

  it('match on tier, domain, language, channel, page URL, topic and custom properties', () => {
    expect(matches({ '==': [{ var: 'contact.tier' }, 'vip'] }, facts)).toBe(true);
    expect(matches({ '==': [{ var: 'contact.emailDomain' }, 'bigcorp.com'] }, facts)).toBe(true);
    expect(matches({ in: [{ var: 'contact.language' }, ['pt', 'es']] }, facts)).toBe(true);
    expect(
      matches(
        {
          and: [
            { '==': [{ var: 'conversation.channel' }, 'livechat'] },
            { in: ['/pricing', { var: 'conversation.pageUrl' }] },
          ],
        },
        facts,
      ),
    ).toBe(true);
    expect(matches({ starts_with: [{ var: 'conversation.topic' }, 'ref'] }, facts)).toBe(true);
    expect(matches({ ends_with: [{ lower: [{ var: 'contact.email' }] }, '@other.com'] }, facts)).toBe(false);
    expect(matches({ '==': [{ var: 'contact.properties.plan' }, 'enterprise'] }, facts)).toBe(true);
    expect(matches(true, facts)).toBe(true);
  });

  it('accept a valid condition', () => {
    expect(
      conditionProblems({
        or: [{ '==': [{ var: ['contact.tier', 'none'] }, 'vip'] }, { missing: ['contact.email'] }],
      }),
    ).toEqual([]);
  });

  it('report an unknown operator, an unknown variable and a malformed operation with their paths', () => {
    expect(
      conditionProblems({
        and: [
          { '==': [{ var: 'contact.teir' }, 'vip'] },
          { regex: ['a', 'b'] },
          { '==': [1, 1], '!=': [1, 2] },
        ],
      }),
    ).toEqual([
      {
        path: 'condition.and[0].==[0].var',
        message: expect.stringContaining('unknown variable "contact.teir"'),
      },
      { path: 'condition.and[1].regex', message: expect.stringContaining('unknown operator "regex"') },
      { path: 'condition.and[2]', message: 'an operation has exactly one operator, found 2' },
    ]);
    expect(conditionProblems({ map: [[1], { var: '' }] })[0]!.path).toBe('condition.map');
    expect(conditionProblems('vip')[0]!.path).toBe('condition');
    expect(conditionProblems({ missing: ['contact.nope'] })[0]!.path).toBe('condition.missing[0]');
  });
});
