import type { BindingInput } from '../bindings/grammar.ts';

/**
 * The Connector Pack (spec §D2–D3): seven skills every agent gets against the account's
 * HubSpot connection. Write skills are gated — confirmed with the customer and never run in
 * parallel — and update_contact also needs a verified caller identity and a contact id that
 * an earlier find_contact returned in the same conversation.
 */
export const PACK_KEYS = [
  'find_contact',
  'find_company',
  'find_ticket',
  'create_contact',
  'update_contact',
  'create_ticket',
  'create_deal',
] as const;
export type PackKey = (typeof PACK_KEYS)[number];

export interface PackSkillDefinition {
  key: PackKey;
  name: string;
  description: string;
  kind: 'read' | 'write';
  requiresVerifiedIdentity: boolean;
  /** Write skills: confirmed with the customer first, never run in parallel. */
  gated: boolean;
  inputs: BindingInput[];
  /** Phrases the router can learn the skill from. */
  triggers: string[];
}

const input = (
  name: string,
  type: BindingInput['type'],
  required: boolean,
  description: string,
): BindingInput => ({
  name,
  type,
  required,
  description,
});

const read = (
  d: Omit<PackSkillDefinition, 'kind' | 'gated' | 'requiresVerifiedIdentity'>,
): PackSkillDefinition => ({
  ...d,
  kind: 'read',
  gated: false,
  requiresVerifiedIdentity: false,
});
const write = (d: Omit<PackSkillDefinition, 'kind' | 'gated'>): PackSkillDefinition => ({
  ...d,
  kind: 'write',
  gated: true,
});

export const PACK: Record<PackKey, PackSkillDefinition> = {
  find_contact: read({
    key: 'find_contact',
    name: 'Find contact',
    description: 'Recognise a caller by phone (find or nothing) so the agent can greet them by name.',
    inputs: [input('phone', 'phone', true, "The caller's phone number")],
    triggers: ['who am I', 'do you have my details', 'look me up'],
  }),
  find_company: read({
    key: 'find_company',
    name: 'Find company',
    description: 'Look up a company by name or website domain.',
    inputs: [
      input('name', 'string', false, 'Company name'),
      input('domain', 'string', false, 'Website domain, e.g. acme.com'),
    ],
    triggers: ['find my company', 'look up a company', 'is my company a customer'],
  }),
  find_ticket: read({
    key: 'find_ticket',
    name: 'Find ticket',
    description: 'Find a support ticket by subject or a keyword.',
    inputs: [input('query', 'string', true, 'Words from the ticket subject')],
    triggers: ['status of my ticket', 'find my support request', 'what happened to my case'],
  }),
  create_contact: write({
    key: 'create_contact',
    name: 'Create contact',
    description: 'Capture a caller: find-or-create by phone, so a returning caller is never duplicated.',
    requiresVerifiedIdentity: false,
    inputs: [
      input('phone', 'phone', true, 'Phone number'),
      input('firstname', 'string', false, 'First name'),
      input('lastname', 'string', false, 'Last name'),
      input('email', 'email', false, 'Email address'),
    ],
    triggers: ['save my details', 'add me as a contact', 'register me'],
  }),
  update_contact: write({
    key: 'update_contact',
    name: 'Update contact',
    description: 'Edit a known contact by id (from a prior find_contact); needs a verified caller.',
    requiresVerifiedIdentity: true,
    inputs: [
      input('id', 'string', true, 'The contact id find_contact returned'),
      input('firstname', 'string', false, 'First name'),
      input('lastname', 'string', false, 'Last name'),
      input('email', 'email', false, 'Email address'),
      input('jobtitle', 'string', false, 'Job title'),
      input('city', 'string', false, 'City'),
    ],
    triggers: ['update my email', 'change my details', 'my address changed'],
  }),
  create_ticket: write({
    key: 'create_ticket',
    name: 'Create ticket',
    description: 'Open a support request.',
    requiresVerifiedIdentity: false,
    inputs: [
      input('subject', 'string', true, 'What the request is about'),
      input('content', 'string', false, 'Details'),
      input('contact_id', 'string', false, 'The contact to link the ticket to'),
    ],
    triggers: ['open a ticket', 'report a problem', 'I need support'],
  }),
  create_deal: write({
    key: 'create_deal',
    name: 'Create deal',
    description: 'Open a sales opportunity.',
    requiresVerifiedIdentity: false,
    inputs: [
      input('dealname', 'string', true, 'What the opportunity is'),
      input('amount', 'number', false, 'Expected amount'),
      input('contact_id', 'string', false, 'The contact to link the deal to'),
    ],
    triggers: ['I want to buy', 'request a quote', 'talk to sales'],
  }),
};
