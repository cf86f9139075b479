import type { InputDefinition, ScalarType } from './schema.ts';

export type JsonSchema = Record<string, unknown>;

/**
 * The JSON Schema of an action's (or flow's) inputs for an LLM tool (C3): one property per
 * customer input, with type, format, enum, anchored pattern, default and the instructions
 * as description. Context inputs are left out: the engine fills them, never the model.
 * The strict check (`checkInputs`) still runs on whatever the model sends.
 */
export function actionInputsJsonSchema(action: { inputs: readonly InputDefinition[] }): JsonSchema {
  const properties: Record<string, JsonSchema> = {};
  const required: string[] = [];
  for (const input of action.inputs) {
    if (input.source === 'context') continue;
    const scalar = scalarSchema(input.type === 'array' ? (input.items ?? 'string') : input.type, input);
    const schema: JsonSchema = input.type === 'array' ? { type: 'array', items: scalar } : scalar;
    if (input.instructions !== '') schema['description'] = input.instructions;
    if (input.default !== undefined) schema['default'] = input.default;
    properties[input.name] = schema;
    if (input.required) required.push(input.name);
  }
  return { type: 'object', properties, required, additionalProperties: false };
}

function scalarSchema(type: ScalarType, input: InputDefinition): JsonSchema {
  const schema: JsonSchema = {};
  switch (type) {
    case 'string':
      schema['type'] = 'string';
      break;
    case 'integer':
      schema['type'] = 'integer';
      break;
    case 'decimal':
      schema['type'] = 'number';
      break;
    case 'boolean':
      schema['type'] = 'boolean';
      break;
    case 'date':
      Object.assign(schema, { type: 'string', format: 'date' });
      break;
    case 'datetime':
      Object.assign(schema, { type: 'string', format: 'date-time' });
      break;
  }
  if (input.format === 'email') schema['format'] = 'email';
  if (input.format === 'url') schema['format'] = 'uri';
  if (input.format === 'phone') schema['pattern'] = '^\\+[1-9][0-9]{1,14}$';
  if (input.pattern !== undefined) schema['pattern'] = `^(?:${input.pattern})$`;
  if (input.enum !== undefined) schema['enum'] = [...input.enum];
  return schema;
}
