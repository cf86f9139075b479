import type { EventBus } from '../events/bus.ts';

/**
 * Published after any change of an agent's content sources (added, removed, turned on/off,
 * renamed, a website sync that changed pages), payload `{accountId, agentId}`: a process that
 * caches the agent's knowledge index drops it. `knowledgeIndexFor` stays correct without it.
 * The name has only characters that need no quoting: PGlite's UNLISTEN does not quote channel
 * names, so `knowledge:changed` would fail there when a subscriber unsubscribes.
 */
export const KNOWLEDGE_CHANGED = 'knowledge_changed';

export interface KnowledgeChanged {
  accountId: string;
  agentId: string;
}

export async function publishKnowledgeChanged(
  events: EventBus,
  accountId: string,
  agentId: string,
): Promise<void> {
  const payload: KnowledgeChanged = { accountId, agentId };
  await events.publish(KNOWLEDGE_CHANGED, payload);
}
