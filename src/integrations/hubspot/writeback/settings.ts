import type { AppContext } from '../../../context.ts';

/** Interaction logging (spec §D4): per connection, off by default. */
export interface WritebackSettings {
  mode: 'off' | 'summary' | 'summary_transcript';
  onNoMatch: 'skip' | 'create';
  /** When logging was last switched on: conversations that ended before are never written. */
  enabledAt: string | null;
  /** Conversations skipped because no HubSpot contact matched (onNoMatch: skip). */
  skippedCount: number;
}

export async function getWritebackSettings(ctx: AppContext, accountId: string): Promise<WritebackSettings> {
  const row = await ctx.db
    .selectFrom('hubspot_writeback_settings')
    .selectAll()
    .where('account_id', '=', accountId)
    .executeTakeFirst();
  if (!row) return { mode: 'off', onNoMatch: 'skip', enabledAt: null, skippedCount: 0 };
  return {
    mode: row.mode,
    onNoMatch: row.on_no_match,
    enabledAt: row.enabled_at?.toISOString() ?? null,
    skippedCount: row.skipped_count,
  };
}

/** PATCH semantics: omitted fields stay as they are; switching on (from off) starts a new "enabled since". */
export async function patchWritebackSettings(
  ctx: AppContext,
  accountId: string,
  patch: {
    mode?: WritebackSettings['mode'] | undefined;
    onNoMatch?: WritebackSettings['onNoMatch'] | undefined;
  },
): Promise<WritebackSettings> {
  const current = await getWritebackSettings(ctx, accountId);
  const mode = patch.mode ?? current.mode;
  const onNoMatch = patch.onNoMatch ?? current.onNoMatch;
  const switchedOn = current.mode === 'off' && mode !== 'off';
  const enabledAt = switchedOn ? new Date() : current.enabledAt ? new Date(current.enabledAt) : null;
  await ctx.db
    .insertInto('hubspot_writeback_settings')
    .values({ account_id: accountId, mode, on_no_match: onNoMatch, enabled_at: enabledAt })
    .onConflict((oc) =>
      oc
        .column('account_id')
        .doUpdateSet({ mode, on_no_match: onNoMatch, enabled_at: enabledAt, updated_at: new Date() }),
    )
    .execute();
  return getWritebackSettings(ctx, accountId);
}
