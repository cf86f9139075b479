import { type TemplateToken, tokenize } from './placeholders.ts';

/** A response template parsed into a tree: text, values and `#if` sections. */
export type TemplateNode =
  | { kind: 'text'; text: string }
  | { kind: 'var'; name: string }
  | { kind: 'if'; name: string; shown: TemplateNode[]; otherwise: TemplateNode[] };

export class TemplateSyntaxError extends Error {}

export function parseTemplate(template: string): TemplateNode[] {
  const tokens = tokenize(template);
  let position = 0;

  function block(inside: boolean): { nodes: TemplateNode[]; end: 'else' | 'end' | 'eof' } {
    const nodes: TemplateNode[] = [];
    while (position < tokens.length) {
      const token = tokens[position++] as TemplateToken;
      switch (token.kind) {
        case 'text':
        case 'var':
          nodes.push(token);
          break;
        case 'if': {
          const shown = block(true);
          let otherwise: TemplateNode[] = [];
          if (shown.end === 'else') {
            const rest = block(true);
            if (rest.end === 'else') throw new TemplateSyntaxError(`Two {{else}} in {{#if ${token.name}}}.`);
            otherwise = rest.nodes;
          }
          nodes.push({ kind: 'if', name: token.name, shown: shown.nodes, otherwise });
          break;
        }
        case 'else':
        case 'end':
          if (!inside)
            throw new TemplateSyntaxError(`{{${token.kind === 'else' ? 'else' : '/if'}}} without {{#if}}.`);
          return { nodes, end: token.kind };
      }
    }
    if (inside) throw new TemplateSyntaxError('{{#if}} without {{/if}}.');
    return { nodes, end: 'eof' };
  }

  return block(false).nodes;
}
