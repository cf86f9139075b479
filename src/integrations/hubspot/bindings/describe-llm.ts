import { z } from 'zod';
import type { ModelPort } from '../../../conversations/engine/ports.ts';
import { AppError } from '../../../shared/errors.ts';
import type { SchemaObject } from '../schema.ts';
import { couldNotMap } from './auto.ts';
import { type Binding, bindingSchema } from './grammar.ts';
import { type SchemaView, validateBinding } from './validate.ts';

/**
 * "Describe it" with the agent's model (spec §D5): the model is shown the goal, the binding
 * grammar and the account's discovered schema, and answers with one tool call — a binding,
 * or why it cannot map the goal. Its answer is never trusted: it is parsed and validated
 * like any hand-written binding, and anything that fails is a 422 `could_not_map` naming
 * each reason.
 */
const PROPOSE = 'propose_binding';
const CANNOT = 'cannot_map';
const MAX_PROPERTIES = 60;

const bindingParameters = z.toJSONSchema(bindingSchema, { io: 'input', unrepresentable: 'any' }) as Record<
  string,
  unknown
>;

const SYSTEM = [
  'You map a plain-language goal to one HubSpot binding for a customer-service agent.',
  'A binding has a key, a name, a description, inputs the agent asks the customer for, and exactly one of:',
  '- restSearch (read): object, filterGroups (OR-ed) of filters (AND-ed; operators EQ, NEQ, LT, LTE, GT, GTE, BETWEEN, IN, NOT_IN, HAS_PROPERTY, NOT_HAS_PROPERTY, CONTAINS_TOKEN, NOT_CONTAINS_TOKEN), at most one sort, properties to return, limit 1-200;',
  '- restWrite (write): object, operation create | update (needs id) | findOrCreate (needs match), properties to write.',
  'Values are literals or {"input": "<input name>"}. Use only objects and internal property names from the schema given; never invent one.',
  `Call ${PROPOSE} with the binding, or ${CANNOT} with the reason when the schema has nothing that fits the goal.`,
].join('\n');

function schemaText(objects: SchemaObject[]): string {
  return objects
    .map((o) => {
      const props = o.properties.slice(0, MAX_PROPERTIES).map((p) => {
        const extras = [
          p.type,
          p.readOnly ? 'read-only' : '',
          p.options.length ? `one of ${p.options.slice(0, 10).join('|')}` : '',
        ]
          .filter(Boolean)
          .join(', ');
        return `  - ${p.name} "${p.label}" (${extras})`;
      });
      return `${o.name} (${o.label}${o.custom ? ', custom object' : ''}):\n${props.join('\n')}`;
    })
    .join('\n');
}

export async function describeWithModel(
  model: ModelPort,
  goal: string,
  schema: SchemaView & { objects: SchemaObject[] },
  objectHint?: string,
): Promise<Binding> {
  const pinned = objectHint ? schema.find(objectHint) : undefined;
  if (objectHint && !pinned) throw couldNotMap(goal, `"${objectHint}" is not a discovered object`);
  const result = await model.step({
    system: SYSTEM,
    messages: [
      {
        role: 'user',
        content: [
          `Goal: ${goal}`,
          ...(pinned ? [`Use the object ${pinned.name}.`] : []),
          'Schema:',
          schemaText(pinned ? [pinned] : schema.objects),
        ].join('\n'),
      },
    ],
    tools: [
      { name: PROPOSE, description: 'Propose the binding for the goal.', parameters: bindingParameters },
      {
        name: CANNOT,
        description: 'Say the goal cannot be mapped to this schema, and why.',
        parameters: {
          type: 'object',
          properties: { reason: { type: 'string' } },
          required: ['reason'],
          additionalProperties: false,
        },
      },
    ],
  });
  const call = result.toolCalls[0];
  if (!call) throw couldNotMap(goal, 'the model proposed no binding');
  if (call.name === CANNOT) {
    const reason = (call.args as { reason?: unknown } | undefined)?.reason;
    throw couldNotMap(
      goal,
      typeof reason === 'string' && reason.trim()
        ? reason.trim().slice(0, 300)
        : 'the model found nothing that fits',
    );
  }
  if (call.name !== PROPOSE) throw couldNotMap(goal, `the model called an unknown tool (${call.name})`);
  const parsed = bindingSchema.safeParse(call.args);
  if (!parsed.success) {
    throw rejected(
      goal,
      parsed.error.issues.map((i) => ({ path: ['binding', ...i.path].join('.'), message: i.message })),
    );
  }
  const binding = parsed.data;
  const object = schema.find(binding.restSearch?.object ?? binding.restWrite!.object);
  if (pinned && object !== pinned)
    throw couldNotMap(goal, `the model chose another object than ${pinned.name}`);
  try {
    validateBinding(binding, schema);
  } catch (e) {
    if (e instanceof AppError)
      throw rejected(
        goal,
        e.details.map((d) => ({ ...d, path: `binding.${d.path}` })),
      );
    throw e;
  }
  return binding;
}

/** The model's binding failed validation: could not map, with every reason. */
function rejected(goal: string, details: { path: string; message: string }[]): AppError {
  const first = details[0];
  const err = couldNotMap(
    goal,
    `the proposed binding is invalid (${first ? `${first.path}: ${first.message}` : 'no reason given'})`,
  );
  return new AppError(err.kind, err.code, err.message, details);
}
