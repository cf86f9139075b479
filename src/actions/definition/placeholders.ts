/**
 * The one template tokenizer of the project: `{{name}}` placeholders in request URLs,
 * query values, headers and bodies, and `{{name}}` / `{{#if name}}…{{else}}…{{/if}}` in
 * response templates. Names are identifiers, dotted for flow references
 * (`steps.lookup.eta`). Braces holding anything else stay literal text.
 */
export type TemplateToken =
  | { kind: 'text'; text: string }
  | { kind: 'var'; name: string }
  | { kind: 'if'; name: string }
  | { kind: 'else' }
  | { kind: 'end' };

const NAME = '[A-Za-z_][A-Za-z0-9_]*(?:\\.[A-Za-z0-9_]+)*';
// `else` is a keyword, tried before names.
const TAG = new RegExp(`\\{\\{\\s*(?:#if\\s+(${NAME})|(else)|(/if)|(${NAME}))\\s*\\}\\}`, 'g');
const WHOLE = new RegExp(`^\\{\\{\\s*(${NAME})\\s*\\}\\}$`);

export function tokenize(template: string): TemplateToken[] {
  const tokens: TemplateToken[] = [];
  let last = 0;
  for (const match of template.matchAll(TAG)) {
    if (match.index > last) tokens.push({ kind: 'text', text: template.slice(last, match.index) });
    const [, ifName, isElse, isEnd, name] = match;
    if (ifName !== undefined) tokens.push({ kind: 'if', name: ifName });
    else if (isElse !== undefined) tokens.push({ kind: 'else' });
    else if (isEnd !== undefined) tokens.push({ kind: 'end' });
    else tokens.push({ kind: 'var', name: name! });
    last = match.index + match[0].length;
  }
  if (last < template.length) tokens.push({ kind: 'text', text: template.slice(last) });
  return tokens;
}

/** Names referenced by `{{name}}` and `{{#if name}}` tags, in order of appearance. */
export function placeholderNames(template: string): string[] {
  const names: string[] = [];
  for (const token of tokenize(template)) {
    if (token.kind === 'var' || token.kind === 'if') names.push(token.name);
  }
  return names;
}

/** The name when the whole string is one placeholder (`"{{qty}}"`), which keeps its type. */
export function wholePlaceholder(text: string): string | undefined {
  return WHOLE.exec(text)?.[1];
}

export function hasPlaceholder(text: string): boolean {
  return tokenize(text).some((t) => t.kind !== 'text');
}
