import type { Kysely } from 'kysely';
import { z } from 'zod';
import { notFound } from '../shared/errors.ts';
import { toJson } from '../store/json.ts';
import type { DB } from '../store/schema.ts';

/**
 * Account-wide settings (stored in `accounts.settings`): its display name and how long the
 * integration log keeps entries (the hourly prune job in src/server/maintenance.ts reads it).
 */
export const DEFAULT_LOG_RETENTION_DAYS = 30;

export const accountSettingsSchema = z.object({
  integrationLogRetentionDays: z
    .number()
    .int()
    .min(1)
    .max(3650)
    .describe('Days the integration log keeps an entry (1–3650; default 30).'),
});

export const accountPatchSchema = z
  .strictObject({
    name: z.string().trim().min(1).max(120).optional(),
    settings: accountSettingsSchema.partial().strict().optional(),
  })
  .refine((v) => v.name !== undefined || v.settings !== undefined, 'at least one field is required');
export type AccountPatch = z.infer<typeof accountPatchSchema>;

export const accountViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  createdAt: z.string(),
  settings: accountSettingsSchema,
});
export type AccountView = z.infer<typeof accountViewSchema>;

export async function getAccount(db: Kysely<DB>, accountId: string): Promise<AccountView> {
  const acc = await db.selectFrom('accounts').selectAll().where('id', '=', accountId).executeTakeFirst();
  if (!acc) throw notFound('Account');
  const stored = acc.settings as { integrationLogRetentionDays?: number };
  return {
    id: acc.id,
    name: acc.name,
    createdAt: acc.created_at.toISOString(),
    settings: {
      integrationLogRetentionDays: stored.integrationLogRetentionDays ?? DEFAULT_LOG_RETENTION_DAYS,
    },
  };
}

/** Changes only the fields named; settings merge into what is stored. */
export async function updateAccount(
  db: Kysely<DB>,
  accountId: string,
  patch: AccountPatch,
): Promise<AccountView> {
  await db.transaction().execute(async (tx) => {
    const acc = await tx
      .selectFrom('accounts')
      .select('settings')
      .where('id', '=', accountId)
      .executeTakeFirst();
    if (!acc) throw notFound('Account');
    await tx
      .updateTable('accounts')
      .set({
        ...(patch.name !== undefined && { name: patch.name }),
        ...(patch.settings !== undefined && {
          settings: toJson({ ...(acc.settings as Record<string, unknown>), ...patch.settings }),
        }),
      })
      .where('id', '=', accountId)
      .execute();
  });
  return getAccount(db, accountId);
}
