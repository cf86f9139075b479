import { createHash, randomInt, timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import { newId } from '../shared/ids.ts';
import type { DB } from '../store/schema.ts';
import type { Mailer } from './mailer.ts';

/**
 * Identity verification by a one-time code sent to an email address (C4). Codes are six
 * digits, stored hashed, valid for 10 minutes and for 5 attempts.
 */
export const CODE_TTL_MS = 10 * 60_000;
export const MAX_ATTEMPTS = 5;

const hashCode = (conversationId: string, code: string) =>
  createHash('sha256').update(`${conversationId}:${code}`).digest('hex');

/** Six random digits, never one digit repeated ("000000" is the first guess anyone tries). */
export function newCode(): string {
  for (;;) {
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    if (!/^(\d)\1{5}$/.test(code)) return code;
  }
}

export async function sendVerificationCode(
  db: Kysely<DB>,
  mailer: Mailer,
  args: { accountId: string; conversationId: string; email: string; agentName: string },
): Promise<void> {
  const code = newCode();
  await db
    .insertInto('verification_codes')
    .values({
      id: newId('otp'),
      account_id: args.accountId,
      conversation_id: args.conversationId,
      email: args.email,
      code_hash: hashCode(args.conversationId, code),
      expires_at: new Date(Date.now() + CODE_TTL_MS),
    })
    .execute();
  await mailer.send({
    to: args.email,
    subject: `Your verification code: ${code}`,
    text: `Your code for ${args.agentName} is ${code}. It expires in 10 minutes.\nIf you did not ask for it, ignore this message.`,
  });
}

export type CodeCheck = 'verified' | 'wrong' | 'expired' | 'too_many_attempts' | 'none';

/** Checks a code; on success returns the email it proves (the caller records the proof). */
export async function checkVerificationCode(
  db: Kysely<DB>,
  args: { accountId: string; conversationId: string; code: string },
): Promise<{ check: CodeCheck; email?: string }> {
  const row = await db
    .selectFrom('verification_codes')
    .selectAll()
    .where('account_id', '=', args.accountId)
    .where('conversation_id', '=', args.conversationId)
    .where('verified_at', 'is', null)
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!row) return { check: 'none' };
  if (row.expires_at.getTime() < Date.now()) return { check: 'expired' };
  if (row.attempts >= MAX_ATTEMPTS) return { check: 'too_many_attempts' };
  const given = Buffer.from(hashCode(args.conversationId, args.code));
  if (!timingSafeEqual(given, Buffer.from(row.code_hash))) {
    await db
      .updateTable('verification_codes')
      .set({ attempts: row.attempts + 1 })
      .where('id', '=', row.id)
      .execute();
    return { check: row.attempts + 1 >= MAX_ATTEMPTS ? 'too_many_attempts' : 'wrong' };
  }
  await db
    .updateTable('verification_codes')
    .set({ verified_at: new Date() })
    .where('id', '=', row.id)
    .execute();
  return { check: 'verified', email: row.email };
}
