import { describe, expect, it } from 'vitest';
import { automatedReason } from './automated.ts';

const person = { envelope: 'ada@customer.example', from: 'ada@customer.example' };
const h = (key: string, value: string) => [{ key, value }];

describe('automatedReason (RFC 3834 loop safety)', () => {
  it('lets a person’s mail through, including Auto-Submitted: no', () => {
    expect(automatedReason([], person)).toBeNull();
    expect(automatedReason(h('auto-submitted', 'no'), person)).toBeNull();
    expect(automatedReason(h('Auto-Submitted', ' No ; reason=x'), person)).toBeNull();
    expect(automatedReason(h('precedence', 'first-class'), person)).toBeNull();
  });

  it('refuses every other Auto-Submitted value', () => {
    for (const v of ['auto-replied', 'auto-generated', 'auto-notified; owner-email=x@y', 'something-new'])
      expect(automatedReason(h('auto-submitted', v), person)).toMatch(/^Auto-Submitted/);
  });

  it('refuses bulk, junk and list precedence, and list mail', () => {
    for (const v of ['bulk', 'junk', 'list', 'Bulk'])
      expect(automatedReason(h('precedence', v), person)).toMatch(/^Precedence/);
    expect(automatedReason(h('list-id', '<news.lists.example>'), person)).toBe('List-Id');
    expect(automatedReason(h('X-Autoreply', 'yes'), person)).toBe('X-Autoreply');
  });

  it('refuses bounces and machine senders', () => {
    expect(automatedReason([], { envelope: '', from: 'mailer-daemon@mx.example' })).toBe('null sender');
    expect(automatedReason([], { envelope: 'MAILER-DAEMON@mx.example', from: null })).toBe('machine sender');
    expect(automatedReason([], { envelope: 'news-request@lists.example', from: 'a@b.example' })).toBe(
      'machine sender',
    );
    expect(automatedReason([], { envelope: 'a@b.example', from: 'noreply@shop.example' })).toBe(
      'machine sender',
    );
  });
});
