import { describe, expect, it } from 'vitest';
import {
  customObject,
  type ObjectTypeDef,
  standardObjects,
} from '../../../../test/support/hubspot/catalog.ts';
import type { AppError } from '../../../shared/errors.ts';
import type { SchemaObject } from '../schema.ts';
import { describeBinding } from './auto.ts';
import { bindingSchema } from './grammar.ts';
import { searchRequest } from './run.ts';
import { validateBinding } from './validate.ts';

const toSchema = (t: ObjectTypeDef): SchemaObject => ({
  name: t.name,
  objectTypeId: t.objectTypeId,
  label: t.singular,
  custom: t.custom,
  properties: t.properties.map((p) => ({
    name: p.name,
    label: p.label,
    type: p.type,
    fieldType: p.fieldType,
    description: p.description,
    options: p.options.map((o) => o.value),
    readOnly: p.calculated,
    unique: p.hasUniqueValue,
  })),
});
const objects = [
  ...standardObjects().filter((t) => !['notes', 'calls'].includes(t.name)),
  customObject(),
].map(toSchema);
const schema = (customObjectsGranted = true) => ({
  objects,
  customObjectsGranted,
  find: (ref: string) =>
    objects.find(
      (o) => o.name === ref || o.objectTypeId === ref || o.label.toLowerCase() === ref.toLowerCase(),
    ),
});
const reasons = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    return { code: (e as AppError).code, details: (e as AppError).details };
  }
  throw new Error('expected a rejection');
};
const parse = (b: unknown) => bindingSchema.parse(b);

describe('binding grammars', () => {
  const search = {
    key: 'find_plan',
    name: 'Find plan',
    inputs: [
      { name: 'serial', type: 'string' },
      { name: 'seats', type: 'number' },
    ],
    restSearch: {
      object: 'Service plan',
      filterGroups: [
        {
          filters: [
            { property: 'serial_number', operator: 'EQ', value: { input: 'serial' } },
            { property: 'seats', operator: 'GTE', value: { input: 'seats' } },
          ],
        },
      ],
      sorts: [{ property: 'renewal_date', direction: 'DESCENDING' }],
      properties: ['plan_name', 'tier'],
      limit: 1,
    },
  };

  it('accepts a multi-filter, latest-sort search on a custom object and renders the SDK request', () => {
    const b = parse(search);
    expect(validateBinding(b, schema()).object.objectTypeId).toBe('2-3456789');
    expect(searchRequest(b.restSearch!, { serial: 'SN-1', seats: '3' })).toMatchObject({
      filterGroups: [
        {
          filters: [
            { propertyName: 'serial_number', operator: 'EQ', value: 'SN-1' },
            { propertyName: 'seats', operator: 'GTE', value: '3' },
          ],
        },
      ],
      sorts: [{ propertyName: 'renewal_date', direction: 'DESCENDING' }],
      limit: 1,
    });
  });

  it('rejects unknown properties, wrong types and bad operators with paths', () => {
    const bad = parse({
      ...search,
      restSearch: {
        ...search.restSearch,
        filterGroups: [
          {
            filters: [
              { property: 'shoe_size', operator: 'EQ', value: '9' },
              { property: 'seats', operator: 'EQ', value: 'many' },
              { property: 'tier', operator: 'EQ', value: 'gold' },
              { property: 'plan_name', operator: 'GT', value: { input: 'serial' } },
              { property: 'seats', operator: 'EQ', value: { input: 'serial' } },
            ],
          },
        ],
      },
    });
    const r = reasons(() => validateBinding(bad, schema()));
    expect(r.code).toBe('invalid_binding');
    expect(r.details.map((d) => d.path)).toEqual([
      'restSearch.filterGroups[0].filters[0].property',
      'restSearch.filterGroups[0].filters[1].value',
      'restSearch.filterGroups[0].filters[2].value',
      'restSearch.filterGroups[0].filters[3].operator',
      'restSearch.filterGroups[0].filters[4].value',
    ]);
    expect(r.details[0]!.message).toContain('unknown property "shoe_size"');
    expect(r.details[2]!.message).toContain('basic, plus, premium');
  });

  it('rejects too many filters and sorts by the grammar', () => {
    const f = { property: 'email', operator: 'HAS_PROPERTY' };
    const tooMany = bindingSchema.safeParse({
      ...search,
      restSearch: {
        object: 'contacts',
        filterGroups: Array.from({ length: 4 }, () => ({ filters: [f, f, f, f, f] })),
      },
    });
    expect(tooMany.success).toBe(false);
    expect(tooMany.error!.issues[0]!.message).toContain('at most 18');
    expect(
      bindingSchema.safeParse({
        ...search,
        restSearch: { object: 'contacts', filterGroups: [{ filters: Array(7).fill(f) }] },
      }).success,
    ).toBe(false);
    expect(
      bindingSchema.safeParse({
        ...search,
        restSearch: { object: 'contacts', sorts: [{ property: 'email' }, { property: 'phone' }] },
      }).success,
    ).toBe(false);
  });

  it('refuses a custom object when its scopes were not granted, and read-only writes', () => {
    expect(reasons(() => validateBinding(parse(search), schema(false))).details[0]!.message).toContain(
      'reconnect',
    );
    const write = parse({
      key: 'w',
      name: 'w',
      restWrite: {
        object: 'contacts',
        operation: 'create',
        properties: { createdate: '2026-01-01', email: 'x@example.com' },
      },
    });
    expect(reasons(() => validateBinding(write, schema())).details).toEqual([
      { path: 'restWrite.properties.createdate', message: 'createdate is read-only in HubSpot' },
    ]);
  });
});

describe('describe it (deterministic)', () => {
  it('maps a find by a custom field to a search', () => {
    const b = describeBinding('Find the service plan by serial number', schema());
    expect(b.restSearch).toMatchObject({
      object: 'p62515_service_plans',
      filterGroups: [
        { filters: [{ property: 'serial_number', operator: 'EQ', value: { input: 'serial_number' } }] },
      ],
    });
    expect(b.inputs).toEqual([
      { name: 'serial_number', type: 'string', required: true, description: 'Serial number' },
    ]);
  });

  it('maps latest, list-many, multi-filter, create, update and find-or-create', () => {
    expect(describeBinding('Get the latest ticket', schema()).restSearch).toMatchObject({
      object: 'tickets',
      sorts: [{ property: 'createdate', direction: 'DESCENDING' }],
      limit: 1,
    });
    expect(describeBinding('List all deals in deal stage', schema()).restSearch).toMatchObject({
      object: 'deals',
      limit: 50,
    });
    const multi = describeBinding('Find contacts by first name and city', schema()).restSearch!;
    expect(multi.filterGroups[0]!.filters.map((f) => f.property)).toEqual(['firstname', 'city']);
    expect(describeBinding('Create a deal with deal name and amount', schema()).restWrite).toMatchObject({
      operation: 'create',
      properties: { dealname: { input: 'dealname' }, amount: { input: 'amount' } },
    });
    expect(describeBinding('Update the contact job title', schema()).restWrite).toMatchObject({
      operation: 'update',
      id: { input: 'id' },
      properties: { jobtitle: { input: 'jobtitle' } },
    });
    expect(
      describeBinding('Find or create a company by company domain name', schema()).restWrite,
    ).toMatchObject({ operation: 'findOrCreate', match: { property: 'domain' } });
  });

  it('says clearly when it cannot map', () => {
    expect(reasons(() => describeBinding('Order a pizza', schema()))).toMatchObject({
      code: 'could_not_map',
    });
    expect(reasons(() => describeBinding('Find the company', schema())).details[0]!.message).toContain(
      'no field of Company',
    );
  });
});
