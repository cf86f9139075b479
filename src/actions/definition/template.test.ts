import { describe, expect, it } from 'vitest';
import { placeholderNames, tokenize, wholePlaceholder } from './placeholders.ts';
import { parseTemplate, TemplateSyntaxError } from './template.ts';

describe('the template tokenizer', () => {
  it('finds placeholders and sections, leaving other braces as text', () => {
    expect(tokenize('Hi {{ name }}, {{#if eta}}due {{eta}}{{else}}soon{{/if}} {{not a tag}} {x}')).toEqual([
      { kind: 'text', text: 'Hi ' },
      { kind: 'var', name: 'name' },
      { kind: 'text', text: ', ' },
      { kind: 'if', name: 'eta' },
      { kind: 'text', text: 'due ' },
      { kind: 'var', name: 'eta' },
      { kind: 'else' },
      { kind: 'text', text: 'soon' },
      { kind: 'end' },
      { kind: 'text', text: ' {{not a tag}} {x}' },
    ]);
    expect(placeholderNames('{{a}}/{{steps.0.b}}')).toEqual(['a', 'steps.0.b']);
    expect(wholePlaceholder(' {{qty}}')).toBeUndefined();
    expect(wholePlaceholder('{{ qty }}')).toBe('qty');
  });

  it('parses sections and refuses unbalanced ones', () => {
    expect(parseTemplate('{{#if a}}x{{#if b}}y{{/if}}{{/if}}')).toHaveLength(1);
    for (const bad of ['{{#if a}}x', 'x{{/if}}', '{{else}}', '{{#if a}}1{{else}}2{{else}}3{{/if}}']) {
      expect(() => parseTemplate(bad)).toThrow(TemplateSyntaxError);
    }
  });
});
