import type { ObjectTypeDef } from './catalog.ts';
import type { StoredRecord } from './search.ts';

/** The stand-in's scopes, pipelines and response shapes. */
export const ALL_SCOPES = [
  'oauth',
  'crm.objects.contacts.read',
  'crm.objects.contacts.write',
  'crm.objects.companies.read',
  'crm.objects.companies.write',
  'crm.objects.deals.read',
  'crm.objects.deals.write',
  'tickets',
  'crm.schemas.contacts.read',
  'crm.schemas.companies.read',
  'crm.schemas.deals.read',
  'crm.objects.custom.read',
  'crm.objects.custom.write',
  'crm.schemas.custom.read',
];

/** The scope an object operation needs (notes and calls ride on the contacts scopes). */
export function scopeFor(t: ObjectTypeDef, write: boolean, schema = false): string {
  if (t.name === 'tickets') return 'tickets';
  if (t.custom) return schema ? 'crm.schemas.custom.read' : `crm.objects.custom.${write ? 'write' : 'read'}`;
  const base = t.name === 'notes' || t.name === 'calls' ? 'contacts' : t.name;
  return schema ? `crm.schemas.${base}.read` : `crm.objects.${base}.${write ? 'write' : 'read'}`;
}

export const pipelines = {
  deals: [
    {
      id: 'default',
      label: 'Sales Pipeline',
      displayOrder: 0,
      archived: false,
      stages: [
        ['appointmentscheduled', 'Appointment scheduled', '0.2'],
        ['qualifiedtobuy', 'Qualified to buy', '0.4'],
        ['closedwon', 'Closed won', '1.0'],
        ['closedlost', 'Closed lost', '0.0'],
      ].map(([id, label, probability], i) => ({
        id,
        label,
        displayOrder: i,
        archived: false,
        metadata: { probability },
        createdAt: '2026-01-01T00:00:00Z',
        updatedAt: '2026-01-01T00:00:00Z',
      })),
      createdAt: '2026-01-01T00:00:00Z',
      updatedAt: '2026-01-01T00:00:00Z',
    },
  ],
  tickets: [
    {
      id: '0',
      label: 'Support Pipeline',
      displayOrder: 0,
      archived: false,
      stages: [
        ['1', 'New', 'OPEN'],
        ['2', 'Waiting on contact', 'OPEN'],
        ['3', 'Waiting on us', 'OPEN'],
        ['4', 'Closed', 'CLOSED'],
      ].map(([id, label, ticketState], i) => ({
        id,
        label,
        displayOrder: i,
        archived: false,
        metadata: { ticketState },
        createdAt: '2026-01-01T00:00:00Z',
        updatedAt: '2026-01-01T00:00:00Z',
      })),
      createdAt: '2026-01-01T00:00:00Z',
      updatedAt: '2026-01-01T00:00:00Z',
    },
  ],
};

export function view(r: StoredRecord, props?: string[]) {
  const properties: Record<string, string | null> = {};
  const names = props?.length ? props : Object.keys(r.properties);
  for (const n of names) properties[n] = r.properties[n] ?? null;
  for (const n of ['hs_object_id', 'createdate', 'hs_lastmodifieddate'])
    properties[n] = r.properties[n] ?? null;
  return { id: r.id, properties, createdAt: r.createdAt, updatedAt: r.updatedAt, archived: r.archived };
}

export function schemaView(t: ObjectTypeDef) {
  return {
    id: t.objectTypeId.split('-')[1],
    objectTypeId: t.objectTypeId,
    fullyQualifiedName: t.name,
    name: t.name.replace(/^p\d+_/, ''),
    labels: { singular: t.singular, plural: t.plural },
    primaryDisplayProperty: t.primaryDisplayProperty,
    requiredProperties: [t.primaryDisplayProperty],
    searchableProperties: [t.primaryDisplayProperty],
    secondaryDisplayProperties: [],
    properties: t.properties.map(propertyView),
    associations: [],
    createdAt: '2026-01-01T00:00:00Z',
    updatedAt: '2026-01-01T00:00:00Z',
    archived: false,
  };
}

export function propertyView(p: ObjectTypeDef['properties'][number]) {
  return {
    ...p,
    displayOrder: 0,
    formField: !p.calculated,
    modificationMetadata: {
      archivable: !p.hubspotDefined,
      readOnlyDefinition: p.hubspotDefined,
      readOnlyValue: p.calculated,
    },
  };
}
