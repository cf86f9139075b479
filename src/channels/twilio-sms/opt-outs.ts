import type { Kysely } from 'kysely';
import type { DB } from '../../store/schema.ts';

/** Numbers that replied STOP on a channel: the outbox sends them nothing until START. */
export async function isOptedOut(db: Kysely<DB>, channelId: string, phone: string): Promise<boolean> {
  const row = await db
    .selectFrom('sms_opt_outs')
    .select('phone')
    .where('channel_id', '=', channelId)
    .where('phone', '=', phone)
    .executeTakeFirst();
  return !!row;
}

export async function optOut(db: Kysely<DB>, accountId: string, channelId: string, phone: string) {
  await db
    .insertInto('sms_opt_outs')
    .values({ account_id: accountId, channel_id: channelId, phone })
    .onConflict((oc) => oc.columns(['channel_id', 'phone']).doNothing())
    .execute();
}

export async function optIn(db: Kysely<DB>, channelId: string, phone: string) {
  await db
    .deleteFrom('sms_opt_outs')
    .where('channel_id', '=', channelId)
    .where('phone', '=', phone)
    .execute();
}
