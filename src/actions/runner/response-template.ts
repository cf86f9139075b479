import { parseTemplate, type TemplateNode } from '../definition/template.ts';
import { ownValue, textOf } from './render.ts';

/**
 * The built-in engine's answer (B7): `{{name}}` is replaced by the value's text (lists
 * joined with ", "), `{{#if name}}…{{else}}…{{/if}}` shows a part only when the value is
 * present and not false, empty or an empty list. Plain text: no markup is interpreted, and
 * channels escape it for their medium.
 */
export function renderResponseTemplate(template: string, values: Readonly<Record<string, unknown>>): string {
  return renderNodes(parseTemplate(template), values);
}

function renderNodes(nodes: readonly TemplateNode[], values: Readonly<Record<string, unknown>>): string {
  let out = '';
  for (const node of nodes) {
    if (node.kind === 'text') out += node.text;
    else if (node.kind === 'var') out += display(ownValue(values, node.name));
    else out += renderNodes(present(ownValue(values, node.name)) ? node.shown : node.otherwise, values);
  }
  return out;
}

function present(value: unknown): boolean {
  if (value === undefined || value === null || value === false || value === '') return false;
  return !(Array.isArray(value) && value.length === 0);
}

function display(value: unknown): string {
  return Array.isArray(value) ? value.map(textOf).join(', ') : textOf(value);
}
