import type { AppContext } from '../../context.ts';
import { notFound } from '../../shared/errors.ts';
import { toJson } from '../../store/json.ts';
import { inTransaction } from '../../store/transaction.ts';
import { hubspotFor } from './connection.ts';
import { hubspotFailure } from './errors.ts';
import { hasCustomObjectAccess } from './scopes.ts';

/** One property of a discovered object, as bindings are validated against it. */
export interface SchemaProperty {
  name: string;
  label: string;
  type: string;
  fieldType: string;
  description: string;
  /** Allowed values of an enumeration (internal values, never labels). */
  options: string[];
  readOnly: boolean;
  unique: boolean;
}

export interface SchemaObject {
  /** Path name: `contacts`, or a custom object's fully qualified name `p123_things`. */
  name: string;
  objectTypeId: string;
  label: string;
  custom: boolean;
  properties: SchemaProperty[];
}

/** The standard objects discovered (and bindable); engagements are written by the connector itself. */
export const STANDARD_OBJECTS = [
  { name: 'contacts', objectTypeId: '0-1', label: 'Contact' },
  { name: 'companies', objectTypeId: '0-2', label: 'Company' },
  { name: 'deals', objectTypeId: '0-3', label: 'Deal' },
  { name: 'tickets', objectTypeId: '0-5', label: 'Ticket' },
] as const;

interface RawProperty {
  name: string;
  label: string;
  type: string;
  fieldType: string;
  description?: string;
  options?: Array<{ value: string }>;
  calculated?: boolean;
  hasUniqueValue?: boolean;
  modificationMetadata?: { readOnlyValue?: boolean };
}

const toProperty = (p: RawProperty): SchemaProperty => ({
  name: p.name,
  label: p.label,
  type: p.type,
  fieldType: p.fieldType,
  description: p.description ?? '',
  options: (p.options ?? []).map((o) => o.value),
  readOnly: Boolean(p.calculated || p.modificationMetadata?.readOnlyValue),
  unique: Boolean(p.hasUniqueValue),
});

/** POST …/discover: reads every object's properties (and custom objects when granted) and stores them. */
export async function discoverSchema(
  ctx: AppContext,
  accountId: string,
): Promise<{
  objects: Array<Omit<SchemaObject, 'properties'> & { propertyCount: number }>;
  customObjects: 'discovered' | 'not_granted';
}> {
  const { sdk, scopes } = await hubspotFor(ctx, accountId);
  const objects: SchemaObject[] = [];
  try {
    for (const o of STANDARD_OBJECTS) {
      const props = await sdk.crm.properties.coreApi.getAll(o.name);
      objects.push({ ...o, custom: false, properties: (props.results as RawProperty[]).map(toProperty) });
    }
    if (hasCustomObjectAccess(scopes)) {
      const schemas = await sdk.crm.schemas.coreApi.getAll();
      for (const s of schemas.results) {
        objects.push({
          name: s.fullyQualifiedName ?? s.name,
          objectTypeId: s.objectTypeId ?? s.id,
          label: s.labels.singular ?? s.name,
          custom: true,
          properties: (s.properties as RawProperty[]).map(toProperty),
        });
      }
    }
  } catch (e) {
    throw hubspotFailure(e, 'HubSpot schema');
  }
  await inTransaction(ctx.db, async (tx) => {
    await tx.deleteFrom('hubspot_objects').where('account_id', '=', accountId).execute();
    await tx
      .insertInto('hubspot_objects')
      .values(
        objects.map((o) => ({
          account_id: accountId,
          name: o.name,
          object_type_id: o.objectTypeId,
          label: o.label,
          custom: o.custom,
          properties: toJson(o.properties),
        })),
      )
      .execute();
  });
  return {
    objects: objects.map(({ properties, ...o }) => ({ ...o, propertyCount: properties.length })),
    customObjects: hasCustomObjectAccess(scopes) ? 'discovered' : 'not_granted',
  };
}

export async function listObjects(ctx: Pick<AppContext, 'db'>, accountId: string): Promise<SchemaObject[]> {
  const rows = await ctx.db
    .selectFrom('hubspot_objects')
    .selectAll()
    .where('account_id', '=', accountId)
    .orderBy('custom')
    .orderBy('name')
    .execute();
  return rows.map((r) => ({
    name: r.name,
    objectTypeId: r.object_type_id,
    label: r.label,
    custom: r.custom,
    properties: r.properties as unknown as SchemaProperty[],
  }));
}

/** An object by path name, type id, or label (singular, any case); undefined when not discovered. */
export async function findObject(
  ctx: AppContext,
  accountId: string,
  ref: string,
): Promise<SchemaObject | undefined> {
  const all = await listObjects(ctx, accountId);
  const r = ref.toLowerCase();
  return all.find(
    (o) =>
      o.name === ref ||
      o.objectTypeId === ref ||
      o.label.toLowerCase() === r ||
      o.name.replace(/^p\d+_/, '') === r,
  );
}

export async function getObject(ctx: AppContext, accountId: string, ref: string): Promise<SchemaObject> {
  const found = await findObject(ctx, accountId, ref);
  if (!found) throw notFound(`HubSpot object "${ref}" (run discovery first?)`);
  return found;
}

export interface SchemaHit {
  object: string;
  objectLabel: string;
  property: string | null;
  label: string;
  type: string | null;
  score: number;
}

/** GET …/search: objects and properties whose name, label or description match every word. */
export async function searchSchema(
  ctx: AppContext,
  accountId: string,
  q: string,
  limit = 50,
): Promise<SchemaHit[]> {
  const words = q.toLowerCase().split(/\W+/).filter(Boolean);
  const score = (name: string, label: string, description: string) => {
    const n = name.toLowerCase();
    const l = label.toLowerCase();
    const d = description.toLowerCase();
    let s = 0;
    for (const w of words) {
      if (n === w || l === w) s += 3;
      else if (n.includes(w) || l.includes(w)) s += 2;
      else if (d.includes(w)) s += 1;
      else return 0;
    }
    return s;
  };
  const hits: SchemaHit[] = [];
  for (const o of await listObjects(ctx, accountId)) {
    const os = score(o.name, o.label, '');
    if (os > 0)
      hits.push({
        object: o.name,
        objectLabel: o.label,
        property: null,
        label: o.label,
        type: null,
        score: os + 1,
      });
    for (const p of o.properties) {
      const ps = score(p.name, p.label, p.description);
      if (ps > 0)
        hits.push({
          object: o.name,
          objectLabel: o.label,
          property: p.name,
          label: p.label,
          type: p.type,
          score: ps,
        });
    }
  }
  return hits.sort((a, b) => b.score - a.score || a.object.localeCompare(b.object)).slice(0, limit);
}
