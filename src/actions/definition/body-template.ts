import { invalid } from '../../shared/errors.ts';

/**
 * Reads a body template typed as text, where a placeholder may stand bare for a typed
 * value: `{"qty": {{quantity}}}`. Bare tokens (outside JSON strings) become the string
 * `"{{quantity}}"`, which the renderer replaces by the typed value, so both spellings mean
 * the same. Throws 422 at `request.body` when the text is not JSON.
 */
export function parseBodyTemplate(text: string): unknown {
  let out = '';
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (inString) {
      out += c;
      if (c === '\\') out += text[++i] ?? '';
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') {
      inString = true;
      out += c;
      continue;
    }
    const bare = /^\{\{\s*([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+)*)\s*\}\}/.exec(text.slice(i, i + 200));
    if (bare) {
      out += `"{{${bare[1]}}}"`;
      i += bare[0].length - 1;
      continue;
    }
    out += c;
  }
  try {
    return JSON.parse(out);
  } catch (error) {
    throw invalid('The body template is not JSON.', [
      { path: 'request.body', message: (error as Error).message },
    ]);
  }
}
