import { describe, expect, it } from 'vitest';
import { visibleText } from './quotes.ts';

describe('visibleText', () => {
  it('drops the quoted history of a reply', () => {
    const text = [
      'Thanks, and when do you open on Saturday?',
      '',
      'On Mon, 7 Dec 2026 at 10:00, Shop support <support@shop.example> wrote:',
      '> We are open 9 to 5, Monday to Friday.',
      '>',
      '> > What are your opening hours?',
    ].join('\r\n');
    expect(visibleText({ text })).toBe('Thanks, and when do you open on Saturday?');
  });

  it('drops a signature after the "-- " separator', () => {
    const text = 'Where is my order 1234?\n\n-- \nAda Lovelace\nAnalytical Engines Ltd\n+44 20 7946 0000';
    expect(visibleText({ text })).toBe('Where is my order 1234?');
  });

  it('drops "Sent from my iPhone"', () => {
    expect(visibleText({ text: 'Is it in stock?\n\nSent from my iPhone' })).toBe('Is it in stock?');
  });

  it('keeps a message that quotes nothing as it is, paragraphs included', () => {
    const text = 'Hello,\n\nI would like a refund for order 77.\nIt arrived broken.\n';
    expect(visibleText({ text })).toBe('Hello,\n\nI would like a refund for order 77.\nIt arrived broken.');
  });

  it('reads HTML-only mail as text, then strips the quote', () => {
    const html =
      '<html><body><p>Do you ship to Norway?</p><p>On Mon, 7 Dec 2026, Shop wrote:</p><blockquote><p>&gt; Hello</p></blockquote></body></html>';
    expect(visibleText({ html })).toBe('Do you ship to Norway?');
  });

  it('is empty for a reply that only quotes', () => {
    expect(visibleText({ text: '> old text\n> more' })).toBe('');
  });
});
