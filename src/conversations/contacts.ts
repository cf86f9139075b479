import type { Kysely } from 'kysely';
import { newId } from '../shared/ids.ts';
import { toJson } from '../store/json.ts';
import type { ContactRow, DB } from '../store/schema.ts';
import type { ContactFacts, ContactIdentity } from './engine/index.ts';

export interface ContactInput {
  name?: string | undefined;
  email?: string | undefined;
  phone?: string | undefined;
  externalId?: string | undefined;
  timeZone?: string | undefined;
  /**
   * Identity the caller vouches for: the business's own backend (a key with
   * conversations:write) creating the conversation for a signed-in user, or a channel
   * that matched the caller's phone.
   */
  verified?: ('email' | 'phone' | 'widget')[] | undefined;
}

/** Finds the contact by external id or email within the account, or creates it. */
export async function upsertContact(
  db: Kysely<DB>,
  accountId: string,
  input: ContactInput,
): Promise<ContactRow> {
  let existing: ContactRow | undefined;
  if (input.externalId || input.email) {
    existing = await db
      .selectFrom('contacts')
      .selectAll()
      .where('account_id', '=', accountId)
      .where((eb) =>
        input.externalId
          ? eb('external_id', '=', input.externalId)
          : eb('email', '=', input.email!.toLowerCase()),
      )
      .orderBy('created_at')
      .executeTakeFirst();
  }
  const now = new Date().toISOString();
  const verification = Object.fromEntries((input.verified ?? []).map((v) => [v, now]));
  if (existing) {
    return db
      .updateTable('contacts')
      .set({
        ...(input.name ? { name: input.name } : {}),
        ...(input.phone ? { phone: input.phone } : {}),
        ...(input.timeZone ? { time_zone: input.timeZone } : {}),
        verification: toJson({ ...existing.verification, ...verification }),
      })
      .where('id', '=', existing.id)
      .returningAll()
      .executeTakeFirstOrThrow();
  }
  return db
    .insertInto('contacts')
    .values({
      id: newId('ctc'),
      account_id: accountId,
      name: input.name ?? null,
      email: input.email?.toLowerCase() ?? null,
      phone: input.phone ?? null,
      external_id: input.externalId ?? null,
      time_zone: input.timeZone ?? null,
      verification: toJson(verification),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/**
 * The contact as the engine sees it: its identities, each verified or not. A verification
 * recorded on the contact (by a code, or vouched for by the caller) marks that identity.
 */
export function contactFacts(c: ContactRow): ContactFacts {
  const identities: ContactIdentity[] = [];
  const verified = c.verification;
  const add = (type: ContactIdentity['type'], value: string | null, key: string) => {
    if (value === null && verified[key] === undefined) return;
    identities.push({
      type,
      value: value ?? '',
      verified: verified[key] !== undefined,
      ...(verified[key] ? { via: key } : {}),
    });
  };
  add('email', c.email, 'email');
  add('phone', c.phone, 'phone');
  add('external', c.external_id, 'external');
  add('channel', verified['widget'] !== undefined ? 'widget' : null, 'widget');
  return { name: c.name, email: c.email, phone: c.phone, identities };
}
