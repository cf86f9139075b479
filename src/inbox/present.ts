import type { MessageRole, OwnerType } from '../store/schema.ts';
import type { InboxRow } from './schema.ts';

/** What the list query selects for one conversation. */
export interface RowData {
  id: string;
  status: 'open' | 'closed';
  channel: string;
  channel_id: string | null;
  agent_id: string;
  owner_type: OwnerType;
  owner_id: string | null;
  last_activity_at: Date;
  created_at: Date;
  contact_id: string;
  contact_name: string | null;
  contact_email: string | null;
  contact_phone: string | null;
  agent_name: string;
  channel_name: string | null;
  user_name: string | null;
  team_id: string | null;
  team_name: string | null;
}

export interface LastMessage {
  role: MessageRole;
  text: string;
  created_at: Date;
}

export interface LatestHandoff {
  reason: string;
  summary: string;
  created_at: Date;
  resolved_at: Date | null;
}

const PREVIEW_CHARS = 140;

/** A message's first line, cut at a word near the preview length. */
export function preview(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= PREVIEW_CHARS) return flat;
  const cut = flat.slice(0, PREVIEW_CHARS);
  const space = cut.lastIndexOf(' ');
  return `${(space > PREVIEW_CHARS * 0.6 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

export function presentOwner(
  r: Pick<RowData, 'owner_type' | 'owner_id' | 'user_name' | 'team_id' | 'team_name'>,
) {
  if (r.owner_type === 'user') return { type: 'user' as const, id: r.owner_id, name: r.user_name };
  // A handoff setting stores the team's name; show the team's id and name either way.
  if (r.owner_type === 'team')
    return { type: 'team' as const, id: r.team_id ?? r.owner_id, name: r.team_name };
  return { type: r.owner_type, id: null, name: null };
}

export function presentRow(
  r: RowData,
  last: LastMessage | undefined,
  handoff: LatestHandoff | undefined,
): InboxRow {
  return {
    id: r.id,
    status: r.status,
    contact: { id: r.contact_id, name: r.contact_name, email: r.contact_email, phone: r.contact_phone },
    channel: { type: r.channel, id: r.channel_id, name: r.channel_name },
    agent: { id: r.agent_id, name: r.agent_name },
    owner: presentOwner(r),
    lastMessage: last
      ? { role: last.role, preview: preview(last.text), at: last.created_at.toISOString() }
      : null,
    // Back with the agent, the old handoff's reason no longer describes the conversation.
    handoffReason: r.owner_type === 'agent' && r.status === 'open' ? null : (handoff?.reason ?? null),
    lastActivityAt: r.last_activity_at.toISOString(),
    createdAt: r.created_at.toISOString(),
  };
}
