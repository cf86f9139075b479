import type { Kysely } from 'kysely';
import type { AppContext } from '../context.ts';
import { assignConversation, startConversation, systemMessage } from '../conversations/commands.ts';
import type { ContactInput } from '../conversations/contacts.ts';
import { resolveContact } from '../conversations/contacts.ts';
import { assignNewConversation, lifecycleOwner } from '../deployments/assign.ts';
import { deploymentOfChannel } from '../deployments/repository.ts';
import type { RoutingFacts } from '../deployments/routing-rules.ts';
import { withLock } from '../jobs/locks.ts';
import { notFound } from '../shared/errors.ts';
import type { ChannelRow, DB } from '../store/schema.ts';
import { inTransaction } from '../store/transaction.ts';

/**
 * The conversation an inbound message on a registered channel belongs to: the contact's
 * open conversation on that channel, or a new one — whose owner the deployment decides
 * (working hours, the switch, credits, routing rules; src/deployments/assign.ts). A closed
 * conversation is never reopened: the next message starts a new one.
 */
export async function conversationFor(
  ctx: AppContext,
  channel: ChannelRow,
  contact: ContactInput,
  facts: {
    contact?: Partial<RoutingFacts['contact']>;
    conversation?: Partial<RoutingFacts['conversation']>;
  } = {},
): Promise<{ conversationId: string; created: boolean }> {
  const who = contact.identities.map((i) => `${i.type}=${i.value}`).join('&');
  return withLock(ctx.database, `inbound:${channel.id}:${who}`, async () => {
    const resolved = await resolveContact(ctx.db, channel.account_id, contact);
    const row = resolved.contact;
    const open = await ctx.db
      .selectFrom('conversations')
      .select('id')
      .where('channel_id', '=', channel.id)
      .where('contact_id', '=', row.id)
      .where('status', '=', 'open')
      .orderBy('created_at', 'desc')
      .executeTakeFirst();
    if (open) return { conversationId: open.id, created: false };
    // The conversation and its routing decision (with the credit) in one transaction, the
    // contact resolved once: a new conversation is the live chat's first message (issue 11).
    const { started, assignment } = await inTransaction(ctx.db, async (tx) => {
      const deployment = await deploymentOfChannel(tx, channel.id);
      const agentId = deployment?.agentId ?? (await firstAgent(tx, channel.account_id));
      const started = await startConversation({ ...ctx, db: tx }, channel.account_id, {
        agentId,
        channel: channel.type,
        channelId: channel.id,
        contact,
        greet: false,
        resolved,
      });
      const assignment = await assignNewConversation(
        { db: tx },
        {
          accountId: channel.account_id,
          conversationId: started.id,
          channelId: channel.id,
          channelType: channel.type,
          channelName: channel.name,
          deployment,
          contact: {
            email: row.email,
            phone: row.phone,
            externalId: row.external_id,
            name: row.name,
            ...facts.contact,
          },
          conversation: { ...facts.conversation },
        },
      );
      return { started, assignment };
    });
    const owner = lifecycleOwner(assignment);
    if (owner.type !== 'agent') {
      await assignConversation(ctx, channel.account_id, started.id, owner);
      if (assignment.message) await systemMessage(ctx, channel.account_id, started.id, assignment.message);
    }
    return { conversationId: started.id, created: true };
  });
}

async function firstAgent(db: Kysely<DB>, accountId: string): Promise<string> {
  const agent = await db
    .selectFrom('agents')
    .select('id')
    .where('account_id', '=', accountId)
    .orderBy('created_at')
    .executeTakeFirst();
  if (!agent) throw notFound('Agent');
  return agent.id;
}
