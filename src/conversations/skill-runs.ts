import { executeSkill } from '../actions/execute.ts';
import type { AppContext } from '../context.ts';
import { newId } from '../shared/ids.ts';
import { toJson } from '../store/json.ts';
import type { ConversationRow } from '../store/schema.ts';
import type { CatalogSkill } from './catalog.ts';
import type { RunOutcome } from './engine/index.ts';

/**
 * Runs a skill for the conversation. A write first stores its idempotency key: if the key
 * is already there, the stored result is returned (or, if the earlier attempt never
 * finished, nothing is called again). No transaction or lock connection is held while the
 * API answers.
 */
export async function runSkillOnce(
  ctx: AppContext,
  conv: ConversationRow,
  contact: {
    email: string | null;
    phone: string | null;
    name: string | null;
    identities?: ReadonlyArray<{ verified: boolean }>;
  },
  skill: CatalogSkill,
  values: Record<string, unknown>,
  runId: string,
): Promise<RunOutcome> {
  const { db } = ctx;
  const key = `${conv.id}:${runId}`;
  if (skill.kind === 'write') {
    const inserted = await db
      .insertInto('action_runs')
      .values({
        id: newId('arn'),
        account_id: conv.account_id,
        conversation_id: conv.id,
        skill_key: skill.key,
        version: skill.version,
        idempotency_key: key,
        inputs: toJson(values),
        status: 'started',
      })
      .onConflict((oc) => oc.column('idempotency_key').doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!inserted) {
      const prior = await db
        .selectFrom('action_runs')
        .selectAll()
        .where('idempotency_key', '=', key)
        .executeTakeFirstOrThrow();
      if (prior.status === 'started') return { ok: false, outputs: {}, uncertain: true };
      return { ...(prior.result as unknown as RunOutcome), replayed: true };
    }
  }
  const exec = { db, keyring: ctx.keyring, devHosts: ctx.config.devHosts, app: ctx };
  const run = await executeSkill(exec, skill, values, {
    mode: conv.draft ? 'preview' : 'live',
    conversationId: conv.id,
    context: {
      'contact.email': contact.email,
      'contact.phone': contact.phone,
      'contact.name': contact.name,
      'conversation.id': conv.id,
      'contact.id': conv.contact_id,
      // The identity gate runs before any skill that needs a verified caller.
      'contact.verified':
        skill.requiresVerifiedIdentity || (contact.identities ?? []).some((i) => i.verified),
    },
  });
  // The engine's outcome is the shared run summary of any kind, without a flow's step lines.
  const { steps: _steps, ...outcome } = run.summary;
  if (skill.kind === 'write') {
    await db
      .updateTable('action_runs')
      .set({ status: outcome.ok ? 'succeeded' : 'failed', result: toJson(outcome), completed_at: new Date() })
      .where('idempotency_key', '=', key)
      .execute();
  }
  return outcome;
}
