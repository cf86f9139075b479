import { type ErrorDetail, invalid } from '../../../shared/errors.ts';
import type { SchemaObject, SchemaProperty } from '../schema.ts';
import { scopeForObject } from '../scopes.ts';
import type { Binding, BindingInput, ValueSource } from './grammar.ts';

/** What a binding is checked against: the account's discovered objects and granted scopes. */
export interface SchemaView {
  find(ref: string): SchemaObject | undefined;
  customObjectsGranted: boolean;
  /** The scopes HubSpot granted; when given, the binding's object scope is checked too. */
  granted?: readonly string[];
}

const NUMERIC = new Set(['number']);
const DATES = new Set(['date', 'datetime']);
const ORDERED = new Set([...NUMERIC, ...DATES]);
const TEXT = new Set(['string', 'phone_number', 'enumeration']);

/** May an input of this type feed a property of that type? */
function inputFits(input: BindingInput['type'], prop: SchemaProperty): boolean {
  if (NUMERIC.has(prop.type)) return input === 'number';
  if (DATES.has(prop.type)) return input === 'date' || input === 'number';
  if (prop.type === 'bool') return input === 'boolean';
  if (prop.type === 'enumeration') return input === 'string';
  return input !== 'boolean' || prop.type === 'string';
}

function literalFits(value: string | number | boolean, prop: SchemaProperty): string | null {
  const text = String(value);
  if (NUMERIC.has(prop.type) && Number.isNaN(Number(text))) return `"${text}" is not a number`;
  if (DATES.has(prop.type) && !/^\d+$/.test(text) && Number.isNaN(Date.parse(text)))
    return `"${text}" is not a date`;
  if (prop.type === 'bool' && text !== 'true' && text !== 'false') return `"${text}" is not true or false`;
  if (prop.type === 'enumeration' && prop.options.length > 0 && !prop.options.includes(text)) {
    return `"${text}" is not one of ${prop.options.slice(0, 12).join(', ')}${prop.options.length > 12 ? ', …' : ''}`;
  }
  return null;
}

/**
 * Checks a (grammar-valid) binding against the schema: the object is discovered (and its
 * scopes granted), every property exists on it and is writable where written, operators
 * suit the property's type, literals and input types fit. Throws 422 with every reason.
 */
export function validateBinding(binding: Binding, schema: SchemaView): { object: SchemaObject } {
  const issues: ErrorDetail[] = [];
  const add = (path: string, message: string) => issues.push({ path, message });
  const inputs = new Map(binding.inputs.map((i) => [i.name, i]));
  const root = binding.restSearch ? 'restSearch' : 'restWrite';
  const ref = (binding.restSearch ?? binding.restWrite)!.object;
  const object = schema.find(ref);
  if (!object) {
    add(
      `${root}.object`,
      `unknown object "${ref}": not in the discovered schema (run discovery, or check the name)`,
    );
    throw invalid('The binding is invalid.', issues, 'invalid_binding');
  }
  if (object.custom && !schema.customObjectsGranted) {
    add(
      `${root}.object`,
      `"${object.label}" is a custom object: reconnect HubSpot with custom-object access first`,
    );
  } else if (schema.granted) {
    const scope = scopeForObject(object, root === 'restWrite');
    if (!schema.granted.includes(scope)) {
      add(
        `${root}.object`,
        `needs the HubSpot scope ${scope}, which this connection was not granted: reconnect asking for it`,
      );
    }
  }
  const prop = (path: string, name: string): SchemaProperty | undefined => {
    const p = object.properties.find((x) => x.name === name);
    if (!p) add(path, `unknown property "${name}" on ${object.name}`);
    return p;
  };
  const value = (path: string, v: ValueSource | undefined, p: SchemaProperty | undefined) => {
    if (v === undefined || !p) return;
    if (typeof v === 'object') {
      const input = inputs.get(v.input);
      if (!input) add(path, `no input named "${v.input}"`);
      else if (!inputFits(input.type, p))
        add(path, `input "${v.input}" is a ${input.type}; ${p.name} is a ${p.type}`);
      return;
    }
    const problem = literalFits(v, p);
    if (problem) add(path, `wrong type for ${p.name} (${p.type}): ${problem}`);
  };

  if (binding.restSearch) {
    const s = binding.restSearch;
    s.filterGroups.forEach((g, gi) => {
      g.filters.forEach((f, fi) => {
        const path = `restSearch.filterGroups[${gi}].filters[${fi}]`;
        const p = prop(`${path}.property`, f.property);
        if (!p) return;
        if (['LT', 'LTE', 'GT', 'GTE', 'BETWEEN'].includes(f.operator) && !ORDERED.has(p.type)) {
          add(`${path}.operator`, `${f.operator} compares numbers or dates; ${p.name} is a ${p.type}`);
        }
        if (f.operator.endsWith('CONTAINS_TOKEN') && !TEXT.has(p.type)) {
          add(`${path}.operator`, `${f.operator} searches text; ${p.name} is a ${p.type}`);
        }
        value(`${path}.value`, f.value, p);
        value(`${path}.highValue`, f.highValue, p);
        f.values?.forEach((v, vi) => {
          value(`${path}.values[${vi}]`, v, p);
        });
      });
    });
    s.sorts.forEach((x, i) => {
      prop(`restSearch.sorts[${i}].property`, x.property);
    });
    s.properties.forEach((x, i) => {
      prop(`restSearch.properties[${i}]`, x);
    });
    if (s.query && typeof s.query === 'object' && !inputs.has(s.query.input))
      add('restSearch.query', `no input named "${s.query.input}"`);
  } else {
    const w = binding.restWrite!;
    for (const [name, v] of Object.entries(w.properties)) {
      const p = prop(`restWrite.properties.${name}`, name);
      if (p?.readOnly) add(`restWrite.properties.${name}`, `${name} is read-only in HubSpot`);
      value(`restWrite.properties.${name}`, v, p);
    }
    if (w.match)
      value('restWrite.match.value', w.match.value, prop('restWrite.match.property', w.match.property));
    if (w.id !== undefined && typeof w.id === 'object' && !inputs.has(w.id.input))
      add('restWrite.id', `no input named "${w.id.input}"`);
  }
  if (issues.length) throw invalid('The binding is invalid.', issues, 'invalid_binding');
  return { object };
}
