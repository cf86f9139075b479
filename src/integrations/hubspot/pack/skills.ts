import type { AppContext } from '../../../context.ts';
import { withLock } from '../../../jobs/locks.ts';
import { AppError, forbidden, invalid } from '../../../shared/errors.ts';
import { checkInputs } from '../bindings/inputs.ts';
import { hubspotFor } from '../connection.ts';
import { hubspotFailure } from '../errors.ts';
import type { HubSpotSdk } from '../sdk.ts';
import { findContactByPhone } from './contacts.ts';
import { PACK, type PackKey } from './definitions.ts';
import { linkContact, linkedContact } from './links.ts';

/** Where a pack skill runs: the conversation, its contact, and what the engine knows of them. */
export interface SkillContext {
  conversationId?: string;
  /** The Frontdesk contact of the conversation (linked to the HubSpot contact found or created). */
  contactId?: string;
  /** The caller proved who they are (verified widget identity, email or phone code). */
  verifiedIdentity?: boolean;
  /** HubSpot contact ids that find_contact returned earlier in this conversation. */
  foundContactIds?: string[];
}

export type SkillOutputs = Record<string, unknown>;

const CONTACT_PROPS = ['firstname', 'lastname', 'email', 'phone', 'mobilephone', 'company'];
const contactView = (r: { id: string; properties: Record<string, string | null> }) => ({
  id: r.id,
  firstname: r.properties['firstname'] ?? null,
  lastname: r.properties['lastname'] ?? null,
  email: r.properties['email'] ?? null,
  phone: r.properties['phone'] ?? r.properties['mobilephone'] ?? null,
});

/** The first pipeline and its first stage (internal ids, never labels; contracts §1.6). */
async function firstStage(
  sdk: HubSpotSdk,
  object: 'tickets' | 'deals',
): Promise<{ pipeline: string; stage: string }> {
  const res = await sdk.crm.pipelines.pipelinesApi.getAll(object);
  const p = [...res.results].filter((x) => !x.archived).sort((a, b) => a.displayOrder - b.displayOrder)[0];
  const s = p
    ? [...p.stages].filter((x) => !x.archived).sort((a, b) => a.displayOrder - b.displayOrder)[0]
    : undefined;
  if (!p || !s)
    throw invalid(`HubSpot has no ${object} pipeline to put the record in.`, [], 'hubspot_no_pipeline');
  return { pipeline: p.id, stage: s.id };
}

const cleanDomain = (d: string) =>
  d
    .trim()
    .toLowerCase()
    .replace(/^[a-z]+:\/\//, '')
    .replace(/^www\./, '')
    .replace(/[/?#].*$/, '');

type Runner = (
  ctx: AppContext,
  accountId: string,
  sdk: HubSpotSdk,
  inputs: Record<string, string>,
  sc: SkillContext,
) => Promise<SkillOutputs>;

const runners: Record<PackKey, Runner> = {
  async find_contact(ctx, accountId, sdk, inputs, sc) {
    const found = await findContactByPhone(sdk, inputs['phone']!);
    if (!found) return { found: false, phone: inputs['phone'] };
    if (sc.contactId) await linkContact(ctx, accountId, sc.contactId, found.id);
    const contact = contactView(found);
    return { found: true, contact, greetingName: contact.firstname ?? null };
  },

  async find_company(_ctx, _accountId, sdk, inputs) {
    const domain = inputs['domain'] ? cleanDomain(inputs['domain']) : undefined;
    const name = inputs['name'];
    if (!domain && !name)
      throw invalid(
        'Give a company name or domain.',
        [{ path: 'inputs.name', message: 'name or domain required' }],
        'invalid_input',
      );
    const filterGroups = [
      ...(domain ? [{ filters: [{ propertyName: 'domain', operator: 'EQ' as never, value: domain }] }] : []),
      ...(name ? [{ filters: [{ propertyName: 'name', operator: 'EQ' as never, value: name }] }] : []),
    ];
    const res = await sdk.crm.objects.searchApi.doSearch('companies', {
      filterGroups,
      properties: ['name', 'domain', 'city', 'industry'],
      limit: 5,
    });
    const companies = res.results.map((r) => ({
      id: r.id,
      name: r.properties['name'] ?? null,
      domain: r.properties['domain'] ?? null,
    }));
    return { found: companies.length > 0, companies };
  },

  async find_ticket(_ctx, _accountId, sdk, inputs) {
    const res = await sdk.crm.objects.searchApi.doSearch('tickets', {
      query: inputs['query']!,
      sorts: [{ propertyName: 'createdate', direction: 'DESCENDING' }] as never,
      properties: ['subject', 'content', 'hs_pipeline_stage', 'createdate'],
      limit: 5,
    });
    const tickets = res.results.map((r) => ({
      id: r.id,
      subject: r.properties['subject'] ?? null,
      stage: r.properties['hs_pipeline_stage'] ?? null,
    }));
    return { found: tickets.length > 0, tickets };
  },

  async create_contact(ctx, accountId, sdk, inputs, sc) {
    const phone = inputs['phone']!;
    // Find-or-create by E.164 under one lock per account and phone, across processes: two
    // concurrent calls for one caller find the contact the first one created.
    return withLock(ctx.database, `hubspot:contact:${accountId}:${phone}`, async () => {
      const existing = await findContactByPhone(sdk, phone);
      const record =
        existing ??
        (await sdk.crm.objects.basicApi.create('contacts', {
          properties: Object.fromEntries(
            Object.entries({ ...inputs, phone }).filter(([k]) => CONTACT_PROPS.includes(k)),
          ),
          associations: [],
        }));
      if (sc.contactId) await linkContact(ctx, accountId, sc.contactId, record.id);
      return { created: !existing, contact: contactView(record) };
    });
  },

  async update_contact(ctx, accountId, sdk, inputs, sc) {
    if (!sc.verifiedIdentity)
      throw forbidden('Updating a contact needs a verified caller identity.', 'identity_not_verified');
    const id = inputs['id']!;
    const known = new Set(sc.foundContactIds ?? []);
    if (sc.contactId) {
      const linked = await linkedContact(ctx, accountId, sc.contactId);
      if (linked) known.add(linked);
    }
    if (!known.has(id)) {
      throw forbidden(
        'update_contact only edits a contact that find_contact returned in this conversation.',
        'contact_not_found_first',
      );
    }
    const { id: _id, ...changes } = inputs;
    if (Object.keys(changes).length === 0)
      throw invalid(
        'Nothing to change.',
        [{ path: 'inputs', message: 'give at least one field' }],
        'invalid_input',
      );
    const updated = await sdk.crm.objects.basicApi.update('contacts', id, { properties: changes });
    return { updated: true, contact: contactView(updated) };
  },

  async create_ticket(_ctx, _accountId, sdk, inputs) {
    const { pipeline, stage } = await firstStage(sdk, 'tickets');
    const ticket = await sdk.crm.objects.basicApi.create('tickets', {
      properties: {
        subject: inputs['subject']!,
        hs_pipeline: pipeline,
        hs_pipeline_stage: stage,
        ...(inputs['content'] && { content: inputs['content'] }),
      },
      associations: inputs['contact_id']
        ? [
            {
              to: { id: inputs['contact_id'] },
              types: [{ associationCategory: 'HUBSPOT_DEFINED' as never, associationTypeId: 16 }],
            },
          ]
        : [],
    });
    return { created: true, ticket: { id: ticket.id, subject: ticket.properties['subject'] ?? null } };
  },

  async create_deal(_ctx, _accountId, sdk, inputs) {
    const { pipeline, stage } = await firstStage(sdk, 'deals');
    const deal = await sdk.crm.objects.basicApi.create('deals', {
      properties: {
        dealname: inputs['dealname']!,
        pipeline,
        dealstage: stage,
        ...(inputs['amount'] && { amount: inputs['amount'] }),
      },
      associations: inputs['contact_id']
        ? [
            {
              to: { id: inputs['contact_id'] },
              types: [{ associationCategory: 'HUBSPOT_DEFINED' as never, associationTypeId: 3 }],
            },
          ]
        : [],
    });
    return { created: true, deal: { id: deal.id, dealname: deal.properties['dealname'] ?? null } };
  },
};

/** Runs one pack skill through the SDK. Inputs are checked against its declared inputs first. */
export async function runPackSkill(
  ctx: AppContext,
  accountId: string,
  key: PackKey,
  given: Record<string, unknown>,
  sc: SkillContext = {},
): Promise<SkillOutputs> {
  const inputs = checkInputs(PACK[key].inputs, given);
  const { sdk } = await hubspotFor(ctx, accountId);
  try {
    return await runners[key](ctx, accountId, sdk, inputs, sc);
  } catch (e) {
    if (e instanceof AppError) throw e;
    throw hubspotFailure(e, key);
  }
}
