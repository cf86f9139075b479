import {
  associationTable,
  customObject,
  DEFAULT_TYPE,
  type ObjectTypeDef,
  type PropertyDef,
  standardObjects,
} from './catalog.ts';
import type { StoredRecord } from './search.ts';

/** One association edge, as the v4 API stores it. */
export interface Edge {
  from: string;
  fromId: string;
  to: string;
  toId: string;
  typeId: number;
  category: string;
}

export class HttpProblem extends Error {
  readonly status: number;
  readonly body: Record<string, unknown>;

  constructor(status: number, body: Record<string, unknown>) {
    super(String(body['message']));
    this.status = status;
    this.body = body;
  }
}

export const validationError = (message: string, extra: Record<string, unknown> = {}) =>
  new HttpProblem(400, {
    status: 'error',
    message,
    category: 'VALIDATION_ERROR',
    correlationId: 'c-validation',
    ...extra,
  });

/** The records of one HubSpot portal, held in memory. */
export class Portal {
  readonly types: ObjectTypeDef[] = [...standardObjects(), customObject()];
  readonly records = new Map<string, Map<string, StoredRecord>>();
  readonly edges: Edge[] = [];
  readonly assocTypes = associationTable();
  #nextId = 1000;

  readonly now: () => number;

  constructor(now: () => number) {
    this.now = now;
    for (const t of this.types) this.records.set(t.objectTypeId, new Map());
  }

  /** `contacts`, `0-1`, `p62515_service_plans`, `2-3456789` (and the custom object's short name). */
  type(ref: string): ObjectTypeDef {
    const t = this.types.find(
      (x) => x.name === ref || x.objectTypeId === ref || (x.custom && x.name.endsWith(`_${ref}`)),
    );
    if (!t)
      throw new HttpProblem(400, {
        status: 'error',
        message: `Unable to infer object type from: ${ref}`,
        category: 'OBJECT_NOT_FOUND',
      });
    return t;
  }

  property(t: ObjectTypeDef, name: string): PropertyDef | undefined {
    return t.properties.find((p) => p.name === name);
  }

  /** HubSpot's checks on written values: names exist, not calculated, values fit the type. */
  checkProperties(t: ObjectTypeDef, props: Record<string, unknown>): Record<string, string> {
    const problems: Array<Record<string, unknown>> = [];
    const out: Record<string, string> = {};
    for (const [name, raw] of Object.entries(props)) {
      const def = this.property(t, name);
      const value = raw === null || raw === undefined ? '' : String(raw);
      if (!def) {
        problems.push({
          isValid: false,
          message: `Property "${name}" does not exist`,
          error: 'PROPERTY_DOESNT_EXIST',
          name,
        });
        continue;
      }
      if (def.calculated) {
        problems.push({
          isValid: false,
          message: `"${name}" is a read only property`,
          error: 'READ_ONLY_VALUE',
          name,
        });
        continue;
      }
      const bad =
        value !== '' &&
        ((def.type === 'number' && Number.isNaN(Number(value))) ||
          (def.type === 'bool' && !['true', 'false'].includes(value)) ||
          ((def.type === 'date' || def.type === 'datetime') &&
            !/^\d+$/.test(value) &&
            Number.isNaN(Date.parse(value))) ||
          (def.type === 'enumeration' &&
            def.options.length > 0 &&
            !def.options.some((o) => o.value === value)));
      if (bad) {
        problems.push({
          isValid: false,
          message: `${value} was not a valid ${def.type}`,
          error: 'INVALID_OPTION',
          name,
        });
        continue;
      }
      out[name] = value;
    }
    if (problems.length) throw validationError(`Property values were not valid: ${JSON.stringify(problems)}`);
    return out;
  }

  create(t: ObjectTypeDef, props: Record<string, unknown>, associations: unknown[] = []): StoredRecord {
    const values = this.checkProperties(t, props);
    if ((t.name === 'notes' || t.name === 'calls') && !values['hs_timestamp'])
      throw validationError('Property values were not valid: hs_timestamp is required', {
        errors: [{ message: 'hs_timestamp is required' }],
      });
    for (const p of t.properties.filter((x) => x.hasUniqueValue)) {
      const v = values[p.name];
      if (!v) continue;
      const clash = [...this.records.get(t.objectTypeId)!.values()].find(
        (r) => !r.archived && r.properties[p.name]?.toLowerCase() === v.toLowerCase(),
      );
      if (clash)
        throw new HttpProblem(409, {
          status: 'error',
          message: `${t.singular} already exists. Existing ID: ${clash.id}`,
          category: 'CONFLICT',
        });
    }
    const links = associations.map((a) => this.parseAssociation(t, a));
    const id = String(++this.#nextId);
    const at = new Date(this.now()).toISOString();
    const record: StoredRecord = {
      id,
      properties: { ...values, hs_object_id: id, createdate: at, hs_lastmodifieddate: at },
      createdAt: at,
      updatedAt: at,
      archived: false,
    };
    this.records.get(t.objectTypeId)!.set(id, record);
    for (const l of links) this.link(t.name, id, l.to, l.toId, l.types);
    return record;
  }

  get(t: ObjectTypeDef, id: string, idProperty?: string): StoredRecord {
    const all = this.records.get(t.objectTypeId)!;
    const r = idProperty ? [...all.values()].find((x) => x.properties[idProperty] === id) : all.get(id);
    if (!r || r.archived)
      throw new HttpProblem(404, {
        status: 'error',
        message: 'Object not found.',
        category: 'OBJECT_NOT_FOUND',
      });
    return r;
  }

  update(t: ObjectTypeDef, id: string, props: Record<string, unknown>): StoredRecord {
    const r = this.get(t, id);
    Object.assign(r.properties, this.checkProperties(t, props));
    r.updatedAt = new Date(this.now()).toISOString();
    r.properties['hs_lastmodifieddate'] = r.updatedAt;
    return r;
  }

  parseAssociation(
    from: ObjectTypeDef,
    raw: unknown,
  ): { to: string; toId: string; types: Array<{ associationCategory: string; associationTypeId: number }> } {
    const a = raw as {
      to?: { id?: string };
      types?: Array<{ associationCategory: string; associationTypeId: number }>;
    };
    const types = a.types ?? [];
    const toId = String(a.to?.id ?? '');
    // The target type is the one whose pair admits every given type id.
    for (const t of this.types) {
      const allowed = this.assocTypes.get(`${from.name}->${t.name}`);
      if (!allowed || types.length === 0) continue;
      if (
        types.every((x) => x.associationCategory === 'HUBSPOT_DEFINED' && allowed.has(x.associationTypeId))
      ) {
        this.get(t, toId);
        return { to: t.name, toId, types };
      }
    }
    throw validationError(`association type ${JSON.stringify(types)} is not valid from ${from.name}`, {
      category: 'VALIDATION_ERROR',
    });
  }

  link(
    from: string,
    fromId: string,
    to: string,
    toId: string,
    types: Array<{ associationCategory: string; associationTypeId: number }>,
  ): void {
    const allowed = this.assocTypes.get(`${from}->${to}`);
    for (const ty of types) {
      if (ty.associationCategory === 'HUBSPOT_DEFINED' && !allowed?.has(ty.associationTypeId))
        throw validationError(
          `${ty.associationTypeId} is not a valid association type from ${from} to ${to}`,
        );
      if (
        !this.edges.some(
          (e) =>
            e.from === from &&
            e.fromId === fromId &&
            e.to === to &&
            e.toId === toId &&
            e.typeId === ty.associationTypeId,
        )
      )
        this.edges.push({
          from,
          fromId,
          to,
          toId,
          typeId: ty.associationTypeId,
          category: ty.associationCategory,
        });
    }
  }

  linkDefault(from: string, fromId: string, to: string, toId: string): void {
    const id = DEFAULT_TYPE[`${from}->${to}`];
    if (id === undefined) throw validationError(`No default association from ${from} to ${to}`);
    this.link(from, fromId, to, toId, [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: id }]);
  }

  /** Ids of `to` records linked with `r` in either direction. */
  associated(t: ObjectTypeDef, id: string, toRef: string): Set<string> {
    const to =
      this.types.find((x) => x.name === toRef || x.name === `${toRef}s` || x.singular.toLowerCase() === toRef)
        ?.name ?? toRef;
    const out = new Set<string>();
    for (const e of this.edges) {
      if (e.from === t.name && e.fromId === id && e.to === to) out.add(e.toId);
      if (e.to === t.name && e.toId === id && e.from === to) out.add(e.fromId);
    }
    return out;
  }

  /** The edges out of one record to a type, grouped as v4 GET answers. */
  edgesFrom(
    from: string,
    fromId: string,
    to: string,
  ): Array<{
    toObjectId: number;
    associationTypes: Array<{ category: string; typeId: number; label: null }>;
  }> {
    const by = new Map<string, Edge[]>();
    for (const e of this.edges)
      if (e.from === from && e.fromId === fromId && e.to === to)
        by.set(e.toId, [...(by.get(e.toId) ?? []), e]);
    return [...by].map(([toId, es]) => ({
      toObjectId: Number(toId),
      associationTypes: es.map((e) => ({ category: e.category, typeId: e.typeId, label: null })),
    }));
  }
}
