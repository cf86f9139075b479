import { z } from 'zod';
import { type ErrorDetail, invalid } from '../../../shared/errors.ts';
import { toE164 } from '../phone.ts';
import type { BindingInput } from './grammar.ts';

const email = z.email();

/** One input value, checked and normalised to the string HubSpot receives; or a reason. */
function coerce(input: BindingInput, raw: unknown): { value: string } | { error: string } {
  const text = typeof raw === 'string' ? raw.trim() : raw;
  switch (input.type) {
    case 'number':
      return (typeof text === 'number' || (typeof text === 'string' && text !== '')) &&
        Number.isFinite(Number(text))
        ? { value: String(Number(text)) }
        : { error: 'expected a number' };
    case 'boolean':
      return typeof text === 'boolean' || text === 'true' || text === 'false'
        ? { value: String(text) }
        : { error: 'expected true or false' };
    case 'date': {
      const ms = typeof text === 'number' ? text : typeof text === 'string' ? Date.parse(text) : Number.NaN;
      return Number.isFinite(ms) ? { value: String(ms) } : { error: 'expected a date (ISO-8601)' };
    }
    case 'email':
      return typeof text === 'string' && email.safeParse(text).success
        ? { value: text.toLowerCase() }
        : { error: 'expected an email address' };
    case 'phone': {
      const e164 = typeof text === 'string' ? toE164(text) : null;
      return e164
        ? { value: e164 }
        : { error: 'expected a phone number in international format, e.g. +14155550123' };
    }
    default:
      return typeof text === 'string' || typeof text === 'number'
        ? { value: String(text) }
        : { error: 'expected text' };
  }
}

/** Checks the call's inputs against the binding's declared inputs; 422 with `inputs.<name>` paths. */
export function checkInputs(
  declared: readonly BindingInput[],
  given: Record<string, unknown>,
): Record<string, string> {
  const out: Record<string, string> = {};
  const issues: ErrorDetail[] = [];
  for (const input of declared) {
    const raw = given[input.name];
    if (raw === undefined || raw === null || raw === '') {
      if (input.required) issues.push({ path: `inputs.${input.name}`, message: 'required' });
      continue;
    }
    const r = coerce(input, raw);
    if ('error' in r) issues.push({ path: `inputs.${input.name}`, message: r.error });
    else out[input.name] = r.value;
  }
  for (const name of Object.keys(given)) {
    if (!declared.some((i) => i.name === name))
      issues.push({ path: `inputs.${name}`, message: 'not an input of this binding' });
  }
  if (issues.length) throw invalid('The inputs are invalid.', issues, 'invalid_input');
  return out;
}
