import { AssociationTypes } from '@hubspot/api-client';

/**
 * What the HubSpot stand-in knows about object types, properties and association types.
 * Association type ids come from the official SDK's enum, so the stand-in cannot drift
 * from what the SDK (and contracts.md §1.5) says.
 */
export interface PropertyDef {
  name: string;
  label: string;
  type: 'bool' | 'date' | 'datetime' | 'enumeration' | 'number' | 'phone_number' | 'string';
  fieldType: string;
  groupName: string;
  description: string;
  options: Array<{ label: string; value: string; displayOrder: number; hidden: boolean }>;
  hasUniqueValue: boolean;
  hidden: boolean;
  calculated: boolean;
  hubspotDefined: boolean;
}

export interface ObjectTypeDef {
  /** Path name (`contacts`) or `p{portal}_{name}` for a custom object. */
  name: string;
  objectTypeId: string;
  singular: string;
  plural: string;
  custom: boolean;
  primaryDisplayProperty: string;
  properties: PropertyDef[];
}

const FIELD: Record<PropertyDef['type'], string> = {
  bool: 'booleancheckbox',
  date: 'date',
  datetime: 'date',
  enumeration: 'select',
  number: 'number',
  phone_number: 'phonenumber',
  string: 'text',
};

export function prop(
  name: string,
  label: string,
  type: PropertyDef['type'] = 'string',
  extra: { description?: string; options?: string[]; unique?: boolean; calculated?: boolean } = {},
): PropertyDef {
  return {
    name,
    label,
    type,
    fieldType: FIELD[type],
    groupName: 'information',
    description: extra.description ?? '',
    options: (extra.options ?? []).map((value, i) => ({
      label: value,
      value,
      displayOrder: i,
      hidden: false,
    })),
    hasUniqueValue: extra.unique ?? false,
    hidden: false,
    calculated: extra.calculated ?? false,
    hubspotDefined: true,
  };
}

const common = () => [
  prop('hs_object_id', 'Record ID', 'number', { calculated: true }),
  prop('createdate', 'Create date', 'datetime', { calculated: true }),
  prop('hs_lastmodifieddate', 'Last modified date', 'datetime', { calculated: true }),
];

export const PORTAL_ID = 62515;

export function standardObjects(): ObjectTypeDef[] {
  const std = (
    name: string,
    objectTypeId: string,
    singular: string,
    primary: string,
    properties: PropertyDef[],
  ): ObjectTypeDef => ({
    name,
    objectTypeId,
    singular,
    plural: `${singular}s`,
    custom: false,
    primaryDisplayProperty: primary,
    properties: [...common(), ...properties],
  });
  return [
    std('contacts', '0-1', 'Contact', 'email', [
      prop('email', 'Email', 'string', { unique: true, description: "The contact's email address" }),
      prop('firstname', 'First name'),
      prop('lastname', 'Last name'),
      prop('phone', 'Phone number', 'phone_number', { description: "The contact's primary phone number" }),
      prop('mobilephone', 'Mobile phone number', 'phone_number'),
      prop('company', 'Company name'),
      prop('jobtitle', 'Job title'),
      prop('city', 'City'),
      prop('lifecyclestage', 'Lifecycle stage', 'enumeration', {
        options: ['subscriber', 'lead', 'marketingqualifiedlead', 'opportunity', 'customer', 'other'],
      }),
    ]),
    std('companies', '0-2', 'Company', 'name', [
      prop('name', 'Company name'),
      prop('domain', 'Company domain name', 'string', { description: 'The website domain of the company' }),
      prop('industry', 'Industry'),
      prop('phone', 'Phone number', 'phone_number'),
      prop('city', 'City'),
      prop('numberofemployees', 'Number of employees', 'number'),
    ]),
    std('deals', '0-3', 'Deal', 'dealname', [
      prop('dealname', 'Deal name'),
      prop('amount', 'Amount', 'number'),
      prop('pipeline', 'Pipeline', 'enumeration', { options: ['default'] }),
      prop('dealstage', 'Deal stage', 'enumeration', {
        options: ['appointmentscheduled', 'qualifiedtobuy', 'closedwon', 'closedlost'],
      }),
      prop('closedate', 'Close date', 'datetime'),
      prop('description', 'Deal description'),
    ]),
    std('tickets', '0-5', 'Ticket', 'subject', [
      prop('subject', 'Ticket name', 'string', { description: 'Short summary of the support request' }),
      prop('content', 'Ticket description'),
      prop('hs_pipeline', 'Pipeline', 'enumeration', { options: ['0'] }),
      prop('hs_pipeline_stage', 'Ticket status', 'enumeration', { options: ['1', '2', '3', '4'] }),
      prop('hs_ticket_priority', 'Priority', 'enumeration', { options: ['LOW', 'MEDIUM', 'HIGH', 'URGENT'] }),
    ]),
    std('notes', '0-46', 'Note', 'hs_timestamp', [
      prop('hs_timestamp', 'Activity date', 'datetime'),
      prop('hs_note_body', 'Note body'),
      prop('hubspot_owner_id', 'Activity assigned to', 'enumeration'),
      prop('hs_attachment_ids', 'Attachment IDs'),
    ]),
    std('calls', '0-48', 'Call', 'hs_call_title', [
      prop('hs_timestamp', 'Activity date', 'datetime'),
      prop('hs_call_body', 'Call notes'),
      prop('hs_call_title', 'Call title'),
      prop('hs_call_direction', 'Call direction', 'enumeration', { options: ['INBOUND', 'OUTBOUND'] }),
      prop('hs_call_status', 'Call status', 'enumeration', {
        options: [
          'BUSY',
          'CALLING_CRM_USER',
          'CANCELED',
          'COMPLETED',
          'CONNECTING',
          'FAILED',
          'IN_PROGRESS',
          'NO_ANSWER',
          'QUEUED',
          'RINGING',
        ],
      }),
      prop('hs_call_duration', 'Call duration', 'number'),
      prop('hs_call_from_number', 'From number'),
      prop('hs_call_to_number', 'To number'),
      prop('hubspot_owner_id', 'Activity assigned to', 'enumeration'),
    ]),
  ];
}

/** The stand-in's one custom object: equipment a customer has under a service plan. */
export function customObject(): ObjectTypeDef {
  return {
    name: `p${PORTAL_ID}_service_plans`,
    objectTypeId: '2-3456789',
    singular: 'Service plan',
    plural: 'Service plans',
    custom: true,
    primaryDisplayProperty: 'plan_name',
    properties: [
      ...common(),
      {
        ...prop('plan_name', 'Plan name', 'string', { description: 'Name of the service plan' }),
        hubspotDefined: false,
      },
      {
        ...prop('serial_number', 'Serial number', 'string', {
          description: 'Serial number of the covered device',
          unique: true,
        }),
        hubspotDefined: false,
      },
      {
        ...prop('renewal_date', 'Renewal date', 'date', { description: 'When the plan renews' }),
        hubspotDefined: false,
      },
      { ...prop('seats', 'Seats', 'number'), hubspotDefined: false },
      {
        ...prop('tier', 'Tier', 'enumeration', { options: ['basic', 'plus', 'premium'] }),
        hubspotDefined: false,
      },
    ],
  };
}

const SINGULAR: Record<string, string> = {
  contact: 'contacts',
  company: 'companies',
  deal: 'deals',
  ticket: 'tickets',
  note: 'notes',
  call: 'calls',
};

/** `from→to` → the HUBSPOT_DEFINED type ids the SDK's enum lists for that pair. */
export function associationTable(): Map<string, Set<number>> {
  const table = new Map<string, Set<number>>();
  for (const [name, id] of Object.entries(AssociationTypes)) {
    if (typeof id !== 'number') continue;
    const m = /^(?:primary)?([a-zA-Z]+?)To([A-Z][a-zA-Z]*)$/.exec(name);
    if (!m) continue;
    const from = SINGULAR[m[1]!.toLowerCase()];
    const to = SINGULAR[m[2]!.toLowerCase()];
    if (!from || !to) continue;
    const key = `${from}->${to}`;
    if (!table.has(key)) table.set(key, new Set());
    table.get(key)!.add(id);
  }
  return table;
}

/** The default (unlabeled) type id for a pair, as HubSpot's "default" association uses. */
export const DEFAULT_TYPE: Record<string, number> = {
  'notes->contacts': 202,
  'calls->contacts': 194,
  'tickets->contacts': 16,
  'contacts->tickets': 15,
  'deals->contacts': 3,
  'contacts->deals': 4,
  'contacts->companies': 279,
  'companies->contacts': 280,
  'tickets->companies': 339,
  'deals->companies': 341,
};
