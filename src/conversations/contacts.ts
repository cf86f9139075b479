import type { Kysely } from 'kysely';
import { newId } from '../shared/ids.ts';
import type { ContactIdentityRow, ContactRow, DB } from '../store/schema.ts';

/**
 * Contacts (the customers) and their identities: email, E.164 phone, the business's
 * external id, and channel ids (WhatsApp id, Messenger PSID, widget visitor id). A contact
 * is found by any of them. Proof is per conversation: an identity counts as verified for
 * the identity gate only when this conversation proved it (a vouching backend, a signed
 * widget token, a caller id, a one-time code) — never because a caller typed it.
 */
export const IDENTITY_TYPES = ['email', 'phone', 'external', 'visitor', 'whatsapp', 'messenger'] as const;
export type IdentityType = (typeof IDENTITY_TYPES)[number];

/** Identities anyone can type: they never join a contact by themselves when more is known. */
const CLAIMABLE = new Set<string>(['email', 'phone']);

export interface IdentityInput {
  type: IdentityType;
  value: string;
  /** How this conversation proved it (e.g. 'api', 'widget_token', 'caller_id'); absent: claimed only. */
  proof?: string | undefined;
}

export interface ContactInput {
  name?: string | undefined;
  timeZone?: string | undefined;
  identities: IdentityInput[];
}

export interface ResolvedContact {
  contact: ContactRow;
  identities: ContactIdentityRow[];
  /** Ids of the identities this input proved. */
  proved: string[];
}

const normalise = (i: IdentityInput): IdentityInput => ({
  ...i,
  value: i.type === 'email' ? i.value.trim().toLowerCase() : i.value.trim(),
});

/**
 * Finds the contact any identity names (the first that matches, in the order given), or
 * creates one; adds the identities it lacks and records proofs. Two contacts are merged
 * only through a proved identity, so claiming someone's email never joins their record.
 */
export async function resolveContact(
  db: Kysely<DB>,
  accountId: string,
  input: ContactInput,
): Promise<ResolvedContact> {
  const given = givenIdentities(input);
  const matches = given.length
    ? await db
        .selectFrom('contact_identities')
        .selectAll()
        .where('account_id', '=', accountId)
        .where((eb) => eb.or(given.map((i) => eb.and([eb('type', '=', i.type), eb('value', '=', i.value)]))))
        .execute()
    : [];
  const matchOf = (i: IdentityInput) => matches.find((m) => m.type === i.type && m.value === i.value);
  // Who this is: a proved identity first, then the channel's or business's own id; an email or
  // phone that is only claimed names the contact only when nothing stronger was given.
  const strong = (i: IdentityInput) => !!i.proof || !CLAIMABLE.has(i.type);
  const candidates = given.some(strong) ? given.filter(strong) : given;
  const primary = candidates.map(matchOf).find((m) => m)?.contact_id;
  let contact: ContactRow;
  if (primary) {
    const changes = {
      ...(input.name ? { name: input.name } : {}),
      ...(input.timeZone ? { time_zone: input.timeZone } : {}),
    };
    contact =
      Object.keys(changes).length > 0
        ? await db
            .updateTable('contacts')
            .set(changes)
            .where('id', '=', primary)
            .returningAll()
            .executeTakeFirstOrThrow()
        : await db.selectFrom('contacts').selectAll().where('id', '=', primary).executeTakeFirstOrThrow();
    for (const i of given) {
      const m = matchOf(i);
      if (m && m.contact_id !== primary && i.proof) await mergeInto(db, primary, m.contact_id);
    }
  } else {
    contact = await db
      .insertInto('contacts')
      .values({
        id: newId('ctc'),
        account_id: accountId,
        name: input.name ?? null,
        email: given.find((i) => i.type === 'email')?.value ?? null,
        phone: given.find((i) => i.type === 'phone')?.value ?? null,
        external_id: given.find((i) => i.type === 'external')?.value ?? null,
        time_zone: input.timeZone ?? null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
  }
  const proved: string[] = [];
  for (const i of given) {
    const m = matchOf(i);
    if (m && m.contact_id !== contact.id && !i.proof) continue; // someone else's, and not proved here
    const row = await upsertIdentity(db, accountId, contact.id, i, m);
    if (i.proof) proved.push(row.id);
  }
  const identities = await identitiesOf(db, contact.id);
  await syncPrimaryColumns(db, contact, identities);
  return { contact, identities, proved };
}

async function upsertIdentity(
  db: Kysely<DB>,
  accountId: string,
  contactId: string,
  i: IdentityInput,
  existing: ContactIdentityRow | undefined,
): Promise<ContactIdentityRow> {
  const proof = i.proof ? { verified_at: new Date(), verified_via: i.proof } : {};
  if (existing) {
    return db
      .updateTable('contact_identities')
      .set({ contact_id: contactId, ...proof })
      .where('id', '=', existing.id)
      .returningAll()
      .executeTakeFirstOrThrow();
  }
  return db
    .insertInto('contact_identities')
    .values({
      id: newId('cid'),
      account_id: accountId,
      contact_id: contactId,
      type: i.type,
      value: i.value,
      verified_at: i.proof ? new Date() : null,
      verified_via: i.proof ?? null,
    })
    .onConflict((oc) =>
      oc.columns(['account_id', 'type', 'value']).doUpdateSet(proof.verified_at ? proof : { value: i.value }),
    )
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Moves everything of `from` onto `into` and removes `from`. */
async function mergeInto(db: Kysely<DB>, into: string, from: string): Promise<void> {
  await db
    .updateTable('contact_identities')
    .set({ contact_id: into })
    .where('contact_id', '=', from)
    .execute();
  await db.updateTable('conversations').set({ contact_id: into }).where('contact_id', '=', from).execute();
  await db.deleteFrom('contacts').where('id', '=', from).execute();
}

export const identitiesOf = (db: Kysely<DB>, contactId: string) =>
  db
    .selectFrom('contact_identities')
    .selectAll()
    .where('contact_id', '=', contactId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();

/** The contact row keeps its main email/phone/external id for listing and search. */
async function syncPrimaryColumns(db: Kysely<DB>, contact: ContactRow, identities: ContactIdentityRow[]) {
  const first = (t: IdentityType) => identities.find((i) => i.type === t)?.value ?? null;
  const next = { email: first('email'), phone: first('phone'), external_id: first('external') };
  if (
    next.email === contact.email &&
    next.phone === contact.phone &&
    next.external_id === contact.external_id
  )
    return;
  Object.assign(contact, next);
  await db.updateTable('contacts').set(next).where('id', '=', contact.id).execute();
}

/** The input's identities as they are stored: normalised, each once (a proved one wins). */
export const givenIdentities = (input: ContactInput): IdentityInput[] =>
  dedupe(input.identities.map(normalise));

function dedupe(list: IdentityInput[]): IdentityInput[] {
  const seen = new Map<string, IdentityInput>();
  for (const i of list) {
    const key = `${i.type}:${i.value}`;
    const prior = seen.get(key);
    if (!prior || (!prior.proof && i.proof)) seen.set(key, i);
  }
  return [...seen.values()];
}

/** Marks an identity proved in this conversation (e.g. the email a one-time code reached). */
export async function proveIdentity(
  db: Kysely<DB>,
  accountId: string,
  contactId: string,
  identity: IdentityInput & { proof: string },
): Promise<ContactIdentityRow> {
  const i = normalise(identity);
  const existing = await db
    .selectFrom('contact_identities')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('type', '=', i.type)
    .where('value', '=', i.value)
    .executeTakeFirst();
  if (existing && existing.contact_id !== contactId) await mergeInto(db, contactId, existing.contact_id);
  return upsertIdentity(db, accountId, contactId, i, existing);
}
