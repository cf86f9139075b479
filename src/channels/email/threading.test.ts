import { describe, expect, it } from 'vitest';
import { plusAddress, splitPlus } from './addresses.ts';
import { messageIds, outboundMessageId, referencedIds, replyReferences, replySubject } from './threading.ts';

describe('threading (RFC 5322 §3.6.4)', () => {
  it('reads message ids out of header values', () => {
    expect(messageIds('<a@x> <b@y>\r\n <c@z>')).toEqual(['<a@x>', '<b@y>', '<c@z>']);
    expect(messageIds(undefined)).toEqual([]);
    expect(messageIds('not an id')).toEqual([]);
  });

  it('looks up the nearest referenced message first', () => {
    expect(referencedIds('<p@x>', '<root@x> <mid@x> <p@x>')).toEqual(['<p@x>', '<mid@x>', '<root@x>']);
    expect(referencedIds(undefined, '<root@x> <mid@x>')).toEqual(['<mid@x>', '<root@x>']);
  });

  it("builds References from the parent's References and Message-ID", () => {
    expect(replyReferences({ messageId: '<p@x>', references: ['<r@x>', '<m@x>'], inReplyTo: [] })).toEqual([
      '<r@x>',
      '<m@x>',
      '<p@x>',
    ]);
    // No References on the parent: its single In-Reply-To, then its id.
    expect(replyReferences({ messageId: '<p@x>', references: [], inReplyTo: ['<q@x>'] })).toEqual([
      '<q@x>',
      '<p@x>',
    ]);
    expect(replyReferences({ messageId: '<p@x>', references: [], inReplyTo: [] })).toEqual(['<p@x>']);
  });

  it('caps a long thread, keeping its root and newest ids', () => {
    const refs = Array.from({ length: 40 }, (_, i) => `<${i}@x>`);
    const out = replyReferences({ messageId: '<p@x>', references: refs, inReplyTo: [] });
    expect(out).toHaveLength(20);
    expect(out[0]).toBe('<0@x>');
    expect(out.at(-1)).toBe('<p@x>');
    expect(out.at(-2)).toBe('<39@x>');
  });

  it('prefixes Re: once', () => {
    expect(replySubject('Opening hours')).toBe('Re: Opening hours');
    expect(replySubject('RE: Opening hours')).toBe('RE: Opening hours');
    expect(replySubject('  ')).toBe('Re: your message');
  });

  it('derives a stable Message-ID from the stored message', () => {
    expect(outboundMessageId('msg_1', 'shop.example')).toBe('<msg_1@shop.example>');
  });
});

describe('plus addresses', () => {
  it('splits and builds support+<token>@domain', () => {
    expect(splitPlus('Support+AbC1@Shop.Example')).toEqual({ base: 'support@shop.example', token: 'abc1' });
    expect(splitPlus('support@shop.example')).toEqual({ base: 'support@shop.example', token: undefined });
    expect(plusAddress('support@shop.example', 'abc1')).toBe('support+abc1@shop.example');
  });
});
