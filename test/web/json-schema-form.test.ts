import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { CHANNEL_TYPES, validateChannelConfig } from '../../src/channels/channel-config.ts';
import { type AppError, formatPath } from '../../src/shared/errors.ts';
import {
  checkSchema,
  draftOf,
  fieldFor,
  fieldsOf,
  type JsonSchema,
  labelOf,
  valueFromDraft,
} from '../../web/src/components/json-schema.ts';

/**
 * The channel form is generated from the JSON Schema the server publishes: the structural
 * problems it finds before sending are the ones the server reports, at the same paths.
 */
const schemaOf = (type: keyof typeof CHANNEL_TYPES) =>
  z.toJSONSchema(CHANNEL_TYPES[type].config, { io: 'input', unrepresentable: 'any' }) as JsonSchema;

const serverPaths = (type: string, config: unknown): string[] => {
  try {
    validateChannelConfig(type, config, {});
    return [];
  } catch (e) {
    return (e as AppError).details.map((d) => d.path);
  }
};

describe('schema-generated channel form', () => {
  it('makes one input per field, with labels, kinds and hints', () => {
    const fields = fieldsOf(schemaOf('livechat'), 'config');
    expect(fields.map((f) => [f.path, f.label, f.kind, f.required])).toEqual([
      ['config.allowedOrigins', 'Allowed origins', 'list', true],
      ['config.requireVerifiedIdentity', 'Require verified identity', 'boolean', false],
    ]);
    expect(fields[0]!.hint).toMatch(/Pages allowed/);
    expect(labelOf('webhookUrl')).toBe('Webhook URL');
  });

  it('round-trips a stored config through the draft, lists one item a line', () => {
    const fields = fieldsOf(schemaOf('livechat'), 'config');
    const stored = {
      allowedOrigins: ['https://a.example', 'https://b.example'],
      requireVerifiedIdentity: true,
    };
    const draft = draftOf(fields, stored);
    expect(draft['config.allowedOrigins']).toBe('https://a.example\nhttps://b.example');
    expect(
      valueFromDraft(fields, {
        ...draft,
        'config.allowedOrigins': 'https://a.example\n\n https://b.example ',
      }),
    ).toEqual(stored);
    expect(draftOf(fields, {})['config.requireVerifiedIdentity']).toBe(false);
  });

  it('finds the structural problems the server finds, at the same paths', () => {
    for (const [type, config] of [
      ['livechat', {}],
      ['livechat', { allowedOrigins: [] }],
      ['livechat', { allowedOrigins: ['https://a.example'], extra: 1 }],
      ['custom', {}],
      ['custom', { webhookUrl: 42 }],
    ] as const) {
      const client = checkSchema(schemaOf(type), config, 'config').map((d) => d.path);
      expect(client, `${type} ${JSON.stringify(config)}`).toEqual(serverPaths(type, config));
    }
    expect(checkSchema(schemaOf('livechat'), { allowedOrigins: ['https://a.example'] }, 'config')).toEqual(
      [],
    );
  });

  it('puts an error about a list item at the list field', () => {
    const fields = fieldsOf(schemaOf('livechat'), 'config');
    expect(fieldFor(fields, 'config.allowedOrigins[1]')).toBe('config.allowedOrigins');
    expect(fieldFor(fields, 'name')).toBeUndefined();
  });

  it('handles the shapes other channel types use: emails, numbers with defaults, choices, optional text', () => {
    const spec = z.strictObject({
      addresses: z.array(z.email().toLowerCase()).min(1).max(20),
      fromName: z.string().trim().min(1).max(100).optional(),
      maxRepliesPerHour: z.number().int().min(1).max(1000).default(10),
      region: z.enum(['us', 'eu']).default('us'),
    });
    const schema = z.toJSONSchema(spec, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
    const fields = fieldsOf(schema, 'config');
    expect(fields.map((f) => [f.path, f.kind, f.required])).toEqual([
      ['config.addresses', 'list', true],
      ['config.fromName', 'text', false],
      ['config.maxRepliesPerHour', 'number', false],
      ['config.region', 'choice', false],
    ]);
    const draft = draftOf(fields, {});
    expect(draft).toMatchObject({
      'config.maxRepliesPerHour': '10',
      'config.region': 'us',
      'config.fromName': '',
    });
    const value = valueFromDraft(fields, {
      ...draft,
      'config.addresses': 'not-an-email',
      'config.maxRepliesPerHour': '0',
    });
    expect(value).toEqual({ addresses: ['not-an-email'], maxRepliesPerHour: 0, region: 'us' });
    const client = checkSchema(schema, value, 'config').map((d) => d.path);
    const server = spec.safeParse(value).error!.issues.map((i) => `config.${formatPath(i.path)}`);
    expect(client).toEqual(server);
  });
});
