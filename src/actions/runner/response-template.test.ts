import { describe, expect, it } from 'vitest';
import { renderResponseTemplate } from './response-template.ts';

describe('renderResponseTemplate', () => {
  const template = 'Your order is {{status}}.{{#if eta}} It arrives on {{eta}}.{{else}} No date yet.{{/if}}';

  it('fills values and sections', () => {
    expect(renderResponseTemplate(template, { status: 'shipped', eta: '2025-06-04' })).toBe(
      'Your order is shipped. It arrives on 2025-06-04.',
    );
    expect(renderResponseTemplate(template, { status: 'packed' })).toBe('Your order is packed. No date yet.');
  });

  it('treats empty values as absent and joins lists', () => {
    const t = '{{#if items}}Items: {{items}}{{else}}none{{/if}} / {{#if n}}n={{n}}{{/if}}';
    expect(renderResponseTemplate(t, { items: [], n: 0 })).toBe('none / n=0');
    expect(renderResponseTemplate(t, { items: ['a', 'b'], n: false })).toBe('Items: a, b / ');
  });

  it('inserts values as plain text, never as template syntax', () => {
    expect(renderResponseTemplate('{{a}}', { a: '{{b}}', b: 'secret' })).toBe('{{b}}');
  });
});
