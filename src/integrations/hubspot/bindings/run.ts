import type { PublicObjectSearchRequest } from '@hubspot/api-client/lib/codegen/crm/objects/index.js';
import type { AppContext } from '../../../context.ts';
import { withLock } from '../../../jobs/locks.ts';
import { AppError, invalid } from '../../../shared/errors.ts';
import { hubspotFor } from '../connection.ts';
import { hubspotFailure } from '../errors.ts';
import { getObject } from '../schema.ts';
import type { Binding, RestSearch, ValueSource } from './grammar.ts';
import { checkInputs } from './inputs.ts';

export interface HubSpotRecord {
  id: string;
  properties: Record<string, string | null>;
}

export type BindingResult =
  | { kind: 'read'; total: number; records: HubSpotRecord[] }
  | { kind: 'write'; created: boolean; record: HubSpotRecord };

/** A value source with the call's inputs; undefined when it names an optional input not given. */
function resolve(v: ValueSource | undefined, inputs: Record<string, string>): string | undefined {
  if (v === undefined) return undefined;
  if (typeof v === 'object') return inputs[v.input];
  return String(v);
}

/** The search request a restSearch binding sends; filters on missing optional inputs drop out. */
export function searchRequest(s: RestSearch, inputs: Record<string, string>): PublicObjectSearchRequest {
  const filterGroups = s.filterGroups
    .map((g) => ({
      filters: g.filters.flatMap((f) => {
        const value = resolve(f.value, inputs);
        const highValue = resolve(f.highValue, inputs);
        const values = f.values?.map((x) => resolve(x, inputs)).filter((x): x is string => x !== undefined);
        if (
          (f.value !== undefined && value === undefined) ||
          (f.highValue !== undefined && highValue === undefined)
        )
          return [];
        return [
          {
            propertyName: f.property,
            operator: f.operator,
            ...(value !== undefined && { value }),
            ...(highValue !== undefined && { highValue }),
            ...(values && { values }),
          },
        ];
      }),
    }))
    .filter((g) => g.filters.length > 0);
  const query = resolve(s.query, inputs);
  return {
    filterGroups,
    // SDK 13.5 types `sorts` as string[]; HubSpot takes objects, which the SDK passes through.
    sorts: s.sorts.map((x) => ({ propertyName: x.property, direction: x.direction })),
    properties: s.properties,
    limit: s.limit,
    ...(query !== undefined && { query }),
  } as unknown as PublicObjectSearchRequest;
}

const record = (r: { id: string; properties: Record<string, string | null> }): HubSpotRecord => ({
  id: r.id,
  properties: r.properties,
});

/** Executes a binding through the SDK: what the `crm` skill kind runs. */
export async function runBinding(
  ctx: AppContext,
  accountId: string,
  binding: Binding,
  given: Record<string, unknown>,
): Promise<BindingResult> {
  const inputs = checkInputs(binding.inputs, given);
  const { sdk } = await hubspotFor(ctx, accountId);
  const object = await getObject(ctx, accountId, (binding.restSearch ?? binding.restWrite)!.object);
  const type = object.objectTypeId;
  try {
    if (binding.restSearch) {
      const res = await sdk.crm.objects.searchApi.doSearch(type, searchRequest(binding.restSearch, inputs));
      return { kind: 'read', total: res.total, records: res.results.map(record) };
    }
    const w = binding.restWrite!;
    const properties: Record<string, string> = {};
    for (const [name, v] of Object.entries(w.properties)) {
      const value = resolve(v, inputs);
      if (value !== undefined) properties[name] = value;
    }
    if (w.operation === 'update') {
      const id = resolve(w.id, inputs);
      if (!id || !/^\d+$/.test(id))
        throw invalid(
          'update needs a record id.',
          [{ path: 'inputs', message: 'a numeric record id' }],
          'invalid_input',
        );
      return {
        kind: 'write',
        created: false,
        record: record(await sdk.crm.objects.basicApi.update(type, id, { properties })),
      };
    }
    if (w.operation === 'create') {
      return {
        kind: 'write',
        created: true,
        record: record(await sdk.crm.objects.basicApi.create(type, { properties, associations: [] })),
      };
    }
    const match = w.match!;
    const value = resolve(match.value, inputs);
    if (value === undefined)
      throw invalid(
        'findOrCreate needs its match value.',
        [{ path: 'inputs', message: `a value for ${match.property}` }],
        'invalid_input',
      );
    // Two calls for one value at once must not create two records: one at a time per value.
    return await withLock(
      ctx.database,
      `hubspot:foc:${accountId}:${type}:${match.property}:${value.toLowerCase()}`,
      async () => {
        const found = await sdk.crm.objects.searchApi.doSearch(type, {
          filterGroups: [{ filters: [{ propertyName: match.property, operator: 'EQ' as never, value }] }],
          limit: 1,
        });
        if (found.results[0])
          return { kind: 'write' as const, created: false, record: record(found.results[0]) };
        const created = await sdk.crm.objects.basicApi.create(type, {
          properties: { [match.property]: value, ...properties },
          associations: [],
        });
        return { kind: 'write' as const, created: true, record: record(created) };
      },
    );
  } catch (e) {
    if (e instanceof AppError) throw e;
    throw hubspotFailure(e, object.label);
  }
}
