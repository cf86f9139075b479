import { type ErrorDetail, formatPath } from '../../shared/errors.ts';
import { patternProblem } from '../../shared/linear-regex.ts';
import type { InputDefinition } from './schema.ts';
import { checkValue } from './values.ts';

/**
 * Rules between the fields of inputs, shared by actions and flows: unique names, `items`
 * only (and always) for arrays, formats and patterns on strings, enum values and defaults
 * that fit the type, context inputs naming their field. Returns the inputs with defaults
 * normalised to their typed value.
 */
export function checkInputDefinitions(
  inputs: readonly InputDefinition[],
  prefix: PropertyKey[],
): { inputs: InputDefinition[]; details: ErrorDetail[] } {
  const details: ErrorDetail[] = [];
  const add = (path: PropertyKey[], message: string) => details.push({ path: formatPath(path), message });
  const seen = new Set<string>();
  const normalised = inputs.map((input, index) => {
    const at = (...rest: PropertyKey[]) => [...prefix, index, ...rest];
    if (seen.has(input.name)) add(at('name'), `Another input is already named "${input.name}".`);
    seen.add(input.name);

    const scalar = input.type === 'array' ? input.items : input.type;
    if (input.type === 'array' && input.items === undefined)
      add(at('items'), 'An array input needs its item type.');
    if (input.type !== 'array' && input.items !== undefined)
      add(at('items'), 'Only array inputs have items.');
    if (input.format !== undefined && scalar !== 'string')
      add(at('format'), 'A format applies to strings only.');
    if (input.pattern !== undefined) {
      if (scalar !== 'string') add(at('pattern'), 'A pattern applies to strings only.');
      else {
        const problem = patternProblem(input.pattern);
        if (problem) add(at('pattern'), problem);
      }
    }
    if (input.enum !== undefined && scalar !== undefined) {
      if (scalar === 'boolean') add(at('enum'), 'A boolean input cannot have an enum.');
      const unique = new Set(input.enum);
      if (unique.size !== input.enum.length) add(at('enum'), 'Enum values must be unique.');
      input.enum.forEach((value, i) => {
        const result = checkValue({ type: scalar }, value, at('enum', i));
        if ('details' in result) details.push(...result.details);
      });
    }
    if (input.source === 'context' && input.contextField === undefined) {
      add(at('contextField'), 'A context input names the context field it is taken from.');
    }
    if (input.source === 'customer' && input.contextField !== undefined) {
      add(at('contextField'), 'Only context inputs have a context field.');
    }
    if (input.default === undefined) return input;
    if (input.required) {
      add(at('default'), 'A required input has no default; make it optional to give one.');
      return input;
    }
    const checked = detailsFree(() => checkValue(input, input.default, at('default')));
    if ('details' in checked) {
      details.push(...checked.details);
      return input;
    }
    return { ...input, default: checked.value };
  });
  return { inputs: normalised, details };
}

// An invalid pattern is already reported; checking a default against it must not throw.
function detailsFree<T>(fn: () => T | { details: ErrorDetail[] }): T | { details: ErrorDetail[] } {
  try {
    return fn();
  } catch {
    return { details: [] };
  }
}
