import type { InboxRow } from '../../../src/inbox/schema.ts';

export const when = (iso: string) => new Date(iso).toLocaleString();

/** Who has the conversation, in words. */
export const ownerLabel = (o: InboxRow['owner']) =>
  o.type === 'agent'
    ? 'The agent'
    : o.type === 'unassigned'
      ? 'Unassigned'
      : o.type === 'team'
        ? `Team ${o.name ?? o.id}`
        : (o.name ?? o.id ?? 'A person');

export const contactLabel = (c: InboxRow['contact']) => c.name ?? c.email ?? c.phone ?? 'Visitor';
