import { handoffOf } from '../agents/service.ts';
import type { AppContext } from '../context.ts';
import type { KnowledgeIndex } from '../knowledge/index.ts';
import { answer } from '../knowledge/retrieve.ts';
import { knowledgeIndexFor } from '../knowledge/store.ts';
import { internal } from '../shared/errors.ts';
import { newId } from '../shared/ids.ts';
import { catalogFor } from './catalog.ts';
import { proveIdentity } from './contacts.ts';
import type { ContactIdentity, EnginePorts } from './engine/index.ts';
import type { Leased } from './lease.ts';
import { mailerFor } from './mailer.ts';
import { modelPortFor } from './model-port.ts';
import { runSkillOnce } from './skill-runs.ts';
import { checkVerificationCode, sendVerificationCode } from './verification.ts';

/**
 * The engine's ports for one turn, over what the lease statement returned. The router and
 * the knowledge index come from per-process caches stamped with the agent's revision.
 * `proved` collects identity ids this turn proves; the turn's commit stores them.
 */
export async function turnPorts(ctx: AppContext, leased: Leased, proved: string[]): Promise<EnginePorts> {
  const { conversation: conv, agent, contact, identities } = leased;
  const { db } = ctx;
  const mailer = mailerFor(ctx.mailer, conv.account_id);
  const accountId = conv.account_id;
  const catalog = await catalogFor(db, agent, conv.draft);
  const index = await knowledgeFor(ctx, agent);
  const handoff = handoffOf(agent);
  const model = modelPortFor(agent, ctx.keyring);
  // An identity counts as verified when it was proved in this conversation (or vouched for at its start).
  const facts = {
    name: contact.name,
    email: contact.email,
    phone: contact.phone,
    identities: identities.map(
      (i): ContactIdentity => ({
        type: identityType(i.type),
        value: i.value,
        verified: proved.includes(i.id),
        ...(i.verified_via ? { via: i.verified_via } : {}),
      }),
    ),
  };
  return {
    conversationId: conv.id,
    catalog,
    agent: {
      name: agent.name,
      tone: agent.tone,
      greeting: agent.greeting,
      guidelines: agent.guidelines,
      languages: agent.languages,
      handoffTopics: handoff.topics,
      maxFailures: handoff.maxFailures,
    },
    contact: facts,
    extract: { now: new Date(), timeZone: contact.time_zone ?? 'UTC' },
    knowledge: (q) => (index ? answer(index, q) : null),
    run: (skill, values, runId) => runSkillOnce(ctx, conv, facts, skill, values, runId),
    canSendCodes: mailer !== null,
    sendCode: async (email) => {
      if (!mailer) throw internal('smtp_not_configured', 'No SMTP server is configured.');
      await sendVerificationCode(db, mailer, {
        accountId,
        conversationId: conv.id,
        email,
        agentName: agent.name,
      });
      facts.email = email;
    },
    checkCode: async (code) => {
      const r = await checkVerificationCode(db, { accountId, conversationId: conv.id, code });
      if (r.check === 'verified' && r.email) {
        const identity = await proveIdentity(db, accountId, contact.id, {
          type: 'email',
          value: r.email,
          proof: 'code',
        });
        proved.push(identity.id);
        facts.email = r.email;
      }
      return r.check;
    },
    newRunId: () => newId('run'),
    ...(model ? { model } : {}),
  };
}

/** Channel-specific ids (a WhatsApp id, a Messenger PSID, a widget visitor id) are all 'channel' to the engine. */
const identityType = (type: string): ContactIdentity['type'] =>
  type === 'email' || type === 'phone' || type === 'external' ? type : 'channel';

const indexes = new Map<string, { revision: number; index: KnowledgeIndex | null }>();

async function knowledgeFor(ctx: AppContext, agent: Leased['agent']): Promise<KnowledgeIndex | null> {
  const hit = indexes.get(agent.id);
  if (hit?.revision === agent.revision) return hit.index;
  const index = await knowledgeIndexFor(ctx.db, agent.account_id, agent.id);
  indexes.set(agent.id, { revision: agent.revision, index });
  return index;
}
