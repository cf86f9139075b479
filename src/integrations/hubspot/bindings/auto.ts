import { stemmer } from 'stemmer';
import { invalid } from '../../../shared/errors.ts';
import type { SchemaObject, SchemaProperty } from '../schema.ts';
import type { Binding, BindingInput } from './grammar.ts';
import { type SchemaView, validateBinding } from './validate.ts';

/**
 * "Describe it" without an LLM (spec §D5): a deterministic matcher from a plain-language
 * goal to a binding. It picks the operation from the verbs, the object from object labels,
 * and properties from property names, labels and descriptions; "latest/newest" becomes a
 * sort on the create date with one result, "all/list" a page of 50. The result is validated
 * like any binding; when the goal names no discovered object or field, the answer is a
 * clear "could not map" with what is known instead.
 */
const STOP = new Set([
  'a',
  'an',
  'the',
  'by',
  'with',
  'where',
  'for',
  'of',
  'and',
  'or',
  'their',
  'its',
  'his',
  'her',
  'to',
  'in',
  'on',
  'from',
  'that',
  'is',
  'it',
  'me',
  'my',
  'our',
  'new',
  'record',
  'records',
  'hubspot',
  'crm',
  'using',
  'given',
  'when',
  'if',
  'not',
  'exist',
  'exists',
  'already',
  'one',
]);
const words = (s: string) =>
  s
    .toLowerCase()
    .replace(/[_-]/g, ' ')
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
const stems = (s: string) =>
  words(s)
    .filter((w) => !STOP.has(w))
    .map((w) => stemmer(w));

type Operation = 'search' | 'create' | 'update' | 'findOrCreate';

function operationOf(goal: string): { op: Operation; latest: boolean; many: boolean } {
  const g = ` ${goal.toLowerCase()} `;
  const latest = /\b(latest|newest|most recent|last|recent)\b/.test(g);
  const many = /\b(all|list|every|many)\b/.test(g);
  if (
    /find[- ]or[- ]create|create (it )?(only )?if|unless (it )?exists|if (it )?does ?n[o']t exist|upsert|\bcapture\b/.test(
      g,
    )
  ) {
    return { op: 'findOrCreate', latest, many };
  }
  if (/\b(update|change|edit|set|modify)\b/.test(g)) return { op: 'update', latest, many };
  if (/\b(create|add|open|log|register|make|start)\b/.test(g)) return { op: 'create', latest, many };
  return { op: 'search', latest, many };
}

/** The object whose label (singular or plural) or name appears in the goal, longest first. */
function objectOf(goal: string, objects: SchemaObject[]): SchemaObject | undefined {
  const g = stems(goal).join(' ');
  let best: { o: SchemaObject; score: number } | undefined;
  for (const o of objects) {
    for (const label of [o.label, o.name.replace(/^p\d+_/, '')]) {
      const l = stems(label).join(' ');
      if (l && ` ${g} `.includes(` ${l} `) && (!best || l.length > best.score)) best = { o, score: l.length };
    }
  }
  return best?.o;
}

/** Properties named in the goal (label or name, all words present), longest match first, no word used twice. */
function propertiesOf(goal: string, object: SchemaObject): SchemaProperty[] {
  const used = new Set<string>();
  const objectWords = new Set(stems(object.label));
  const goalStems = stems(goal).filter((w) => !objectWords.has(w));
  const candidates = object.properties
    .filter((p) => !p.name.startsWith('hs_') || p.name === 'hs_ticket_priority')
    .flatMap((p) =>
      [p.label, p.name].map((text) => ({
        p,
        ws: stems(text).filter((w) => !objectWords.has(w) || stems(text).length === 1),
      })),
    )
    .filter((c) => c.ws.length > 0 && c.ws.every((w) => goalStems.includes(w)))
    .sort((a, b) => b.ws.length - a.ws.length);
  const out: SchemaProperty[] = [];
  for (const c of candidates) {
    if (out.includes(c.p) || c.ws.some((w) => used.has(w))) continue;
    for (const w of c.ws) used.add(w);
    out.push(c.p);
  }
  // Keep the goal's order, which is the order a person reads the filters in.
  const at = (p: SchemaProperty) =>
    Math.min(
      ...stems(p.label)
        .map((w) => goalStems.indexOf(w))
        .filter((i) => i >= 0),
      99,
    );
  return out.sort((a, b) => at(a) - at(b));
}

function inputFor(p: SchemaProperty): BindingInput {
  const type: BindingInput['type'] =
    p.type === 'number'
      ? 'number'
      : p.type === 'date' || p.type === 'datetime'
        ? 'date'
        : p.type === 'bool'
          ? 'boolean'
          : p.type === 'phone_number'
            ? 'phone'
            : p.name.includes('email')
              ? 'email'
              : 'string';
  return { name: p.name.replace(/^p\d+_/, '').slice(0, 64), type, required: true, description: p.label };
}

const slug = (s: string) =>
  words(s)
    .filter((w) => !STOP.has(w))
    .join('_')
    .replace(/^[^a-z]+/, '')
    .slice(0, 60) || 'binding';

export function couldNotMap(goal: string, reason: string) {
  return invalid(
    `Could not map "${goal.slice(0, 200)}": ${reason}`,
    [{ path: 'goal', message: reason }],
    'could_not_map',
  );
}

export function describeBinding(
  goal: string,
  schema: SchemaView & { objects: SchemaObject[] },
  objectHint?: string,
): Binding {
  const object = objectHint ? schema.find(objectHint) : objectOf(goal, schema.objects);
  if (!object) {
    throw couldNotMap(
      goal,
      `it names no discovered object (known: ${schema.objects.map((o) => o.label).join(', ') || 'none — run discovery'})`,
    );
  }
  const { op, latest, many } = operationOf(goal);
  const props = propertiesOf(goal, object);
  const writable = props.filter((p) => !p.readOnly);
  const key = slug(`${op === 'search' ? 'find' : op} ${object.label} ${props.map((p) => p.label).join(' ')}`);
  const base = { key, name: goal.trim().slice(0, 120), description: goal.trim().slice(0, 1000) };
  let binding: Binding;
  if (op === 'search') {
    const filters = latest || many ? props.filter((p) => !['date', 'datetime'].includes(p.type)) : props;
    if (filters.length === 0 && !latest && !many) {
      throw couldNotMap(
        goal,
        `it names no field of ${object.label} to search by (fields include ${object.properties
          .slice(3, 10)
          .map((p) => p.label)
          .join(', ')})`,
      );
    }
    binding = {
      ...base,
      inputs: filters.map(inputFor),
      restSearch: {
        object: object.name,
        filterGroups: filters.length
          ? [
              {
                filters: filters.map((p) => ({
                  property: p.name,
                  operator: 'EQ' as const,
                  value: { input: inputFor(p).name },
                })),
              },
            ]
          : [],
        sorts: latest
          ? [
              {
                property: object.properties.some((p) => p.name === 'createdate')
                  ? 'createdate'
                  : 'hs_lastmodifieddate',
                direction: 'DESCENDING' as const,
              },
            ]
          : [],
        properties: [
          ...new Set([
            ...object.properties
              .filter((p) => !p.readOnly)
              .slice(0, 8)
              .map((p) => p.name),
            ...props.map((p) => p.name),
          ]),
        ],
        limit: latest ? 1 : many ? 50 : 10,
      },
    };
  } else {
    if (writable.length === 0) {
      throw couldNotMap(
        goal,
        `it names no writable field of ${object.label} (fields include ${object.properties
          .filter((p) => !p.readOnly)
          .slice(0, 8)
          .map((p) => p.label)
          .join(', ')})`,
      );
    }
    const match =
      op === 'findOrCreate'
        ? (writable.find((p) => p.unique || p.type === 'phone_number' || p.name.includes('email')) ??
          writable[0]!)
        : undefined;
    const written = writable.filter((p) => p !== match);
    binding = {
      ...base,
      inputs: [
        ...(op === 'update'
          ? [
              {
                name: 'id',
                type: 'string' as const,
                required: true,
                description: `${object.label} record id`,
              },
            ]
          : []),
        ...writable.map(inputFor),
      ],
      restWrite: {
        object: object.name,
        operation: op,
        properties: Object.fromEntries(
          (op === 'findOrCreate' ? written : writable).map((p) => [p.name, { input: inputFor(p).name }]),
        ),
        ...(op === 'update' && { id: { input: 'id' } }),
        ...(match && { match: { property: match.name, value: { input: inputFor(match).name } } }),
      },
    };
  }
  validateBinding(binding, schema);
  return binding;
}
