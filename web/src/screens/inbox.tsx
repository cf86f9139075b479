import { useCallback, useEffect, useRef, useState } from 'react';
import type { InboxRow, InboxView } from '../../../src/inbox/schema.ts';
import { api, enc } from '../api.ts';
import { useLoad } from '../load.ts';
import { useAgent } from '../shell.tsx';
import { Empty, FormError, Loading, SelectField } from '../ui.tsx';
import { ConversationPane } from './inbox-conversation.tsx';
import { contactLabel, ownerLabel, when } from './inbox-format.ts';
import { type InboxEvent, useInboxEvents } from './inbox-live.ts';
import './inbox.css';

const VIEWS: Array<[InboxView, string]> = [
  ['waiting', 'Waiting for a person'],
  ['mine', 'Assigned to me'],
  ['unassigned', 'Unassigned'],
  ['agent', 'With the agent'],
  ['closed', 'Closed'],
];

const EMPTY: Record<InboxView, string> = {
  waiting: 'Nobody is waiting for a person.',
  mine: 'No conversation is assigned to you.',
  unassigned: 'The unassigned queue is empty.',
  agent: 'The agent has no open conversations.',
  closed: 'No closed conversations.',
};

interface Page {
  conversations: InboxRow[];
  nextCursor: string | null;
}
interface Team {
  id: string;
  name: string;
  members: { userId: string; name: string }[];
}
interface Channel {
  id: string;
  name: string;
  type: string;
}

/** The inbox (E8): conversations by view and filters, updated live; the open one beside the list. */
export function InboxScreen({ openId }: { openId: string | undefined }) {
  const { agents } = useAgent();
  const [f, setF] = useState({ view: 'waiting' as InboxView, channel: '', agentId: '', teamId: '' });
  const [more, setMore] = useState<InboxRow[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [convTick, setConvTick] = useState(0);
  const teams = useLoad(() => api<{ teams: Team[] }>('GET', '/api/v1/teams'), []);
  const channels = useLoad(() => api<{ channels: Channel[] }>('GET', '/api/v1/channels'), []);
  const qs = new URLSearchParams({ view: f.view });
  if (f.channel) qs.set('channel', f.channel);
  if (f.agentId) qs.set('agentId', f.agentId);
  if (f.teamId) qs.set('teamId', f.teamId);
  const query = qs.toString();
  const list = useLoad(() => api<Page>('GET', `/api/v1/inbox/conversations?${query}`), [query]);
  useEffect(() => {
    setMore([]);
    setCursor(list.data?.nextCursor ?? null);
  }, [list.data]);

  // Live: events carry ids; the list reloads (coalesced) and the open conversation refreshes.
  const pending = useRef<number | null>(null);
  const onEvent = useCallback(
    (e: InboxEvent | null) => {
      if (!e || e.conversationId === openId) setConvTick((t) => t + 1);
      if (pending.current !== null) return;
      pending.current = window.setTimeout(() => {
        pending.current = null;
        list.reload();
      }, 150);
    },
    [openId, list.reload],
  );
  useEffect(
    () => () => {
      if (pending.current !== null) window.clearTimeout(pending.current);
    },
    [],
  );
  const live = useInboxEvents(onEvent);

  const loadMore = async () => {
    if (!cursor) return;
    const page = await api<Page>('GET', `/api/v1/inbox/conversations?${query}&cursor=${enc(cursor)}`);
    setMore((m) => [...m, ...page.conversations]);
    setCursor(page.nextCursor);
  };
  const set = (k: keyof typeof f) => (v: string) => setF((x) => ({ ...x, [k]: v }));
  const rows = [...(list.data?.conversations ?? []), ...more];

  return (
    <>
      <div className="title-row">
        <h1>Inbox</h1>
        <span className="spacer" />
        <span className={`live ${live}`} role="status" data-testid="live">
          {live === 'live' ? 'Live' : live === 'connecting' ? 'Connecting…' : 'Reconnecting…'}
        </span>
      </div>
      <form className="filters" aria-label="Filter conversations" onSubmit={(e) => e.preventDefault()}>
        <SelectField label="View" value={f.view} onChange={set('view')} options={VIEWS} />
        <SelectField
          label="Channel"
          value={f.channel}
          onChange={set('channel')}
          options={[
            ['', 'All channels'],
            ['api', 'API'],
            ...(channels.data?.channels ?? []).map((c): [string, string] => [c.id, `${c.name} (${c.type})`]),
          ]}
        />
        <SelectField
          label="Agent"
          value={f.agentId}
          onChange={set('agentId')}
          options={[['', 'All agents'], ...agents.map((a): [string, string] => [a.id, a.name])]}
        />
        <SelectField
          label="Team"
          value={f.teamId}
          onChange={set('teamId')}
          options={[
            ['', 'All teams'],
            ...(teams.data?.teams ?? []).map((t): [string, string] => [t.id, t.name]),
          ]}
        />
      </form>
      <div className={`inbox${openId ? ' has-open' : ''}`}>
        <section className="inbox-list" aria-label="Conversations">
          <FormError error={list.error} />
          {!list.data && !list.error && <Loading />}
          {list.data && rows.length === 0 && (
            <Empty title={EMPTY[f.view]}>
              <p className="muted">New conversations appear here as they arrive.</p>
            </Empty>
          )}
          {rows.length > 0 && (
            <ul data-testid="inbox-list">
              {rows.map((c) => (
                <li key={c.id}>
                  <a
                    href={`#/inbox/${enc(c.id)}`}
                    aria-current={c.id === openId ? 'true' : undefined}
                    className="inbox-row"
                  >
                    <span className="who">{contactLabel(c.contact)}</span>
                    <span className="meta">
                      {c.channel.name ?? c.channel.type} · {ownerLabel(c.owner)}
                      {c.handoffReason ? ` · ${c.handoffReason.replace(/_/g, ' ')}` : ''}
                    </span>
                    {c.lastMessage && <span className="preview">{c.lastMessage.preview}</span>}
                    <time dateTime={c.lastActivityAt} className="meta">
                      {when(c.lastActivityAt)}
                    </time>
                  </a>
                </li>
              ))}
            </ul>
          )}
          {cursor && (
            <button type="button" onClick={() => void loadMore()}>
              Load more
            </button>
          )}
        </section>
        <section className="inbox-open" aria-label="Conversation">
          {openId ? (
            <ConversationPane
              key={openId}
              id={openId}
              tick={convTick}
              teams={teams.data?.teams ?? []}
              onChanged={list.reload}
            />
          ) : (
            <Empty title="No conversation open.">
              <p className="muted">Choose one from the list to read it and reply.</p>
            </Empty>
          )}
        </section>
      </div>
    </>
  );
}
