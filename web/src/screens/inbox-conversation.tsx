import { useEffect, useState } from 'react';
import type { InboxConversation, TranscriptItem } from '../../../src/inbox/schema.ts';
import { api, enc } from '../api.ts';
import { useLoad } from '../load.ts';
import { useSession } from '../session.tsx';
import { AreaField, errorsOf, FormError, Loading, Notice, Section, SelectField, submit } from '../ui.tsx';
import { contactLabel, ownerLabel, when } from './inbox-format.ts';

interface Team {
  id: string;
  name: string;
  members: { userId: string; name: string }[];
}

const ROLE: Record<string, string> = {
  customer: 'Customer',
  agent: 'Agent',
  human: 'Person',
  system: 'System',
};

/** One conversation in the inbox: handoff summary, transcript with actions and notes, and what a person can do. */
export function ConversationPane(p: { id: string; tick: number; teams: Team[]; onChanged: () => void }) {
  const { can, session } = useSession();
  const conv = useLoad(
    () => api<InboxConversation>('GET', `/api/v1/inbox/conversations/${enc(p.id)}`),
    [p.id],
  );
  const users = useLoad(
    () =>
      can('users:read')
        ? api<{ users: { id: string; name: string }[] }>('GET', '/api/v1/users')
        : Promise.resolve({ users: [] }),
    [],
  );
  // biome-ignore lint/correctness/useExhaustiveDependencies: a live event for this conversation reloads it
  useEffect(() => {
    if (p.tick > 0) conv.reload();
  }, [p.tick]);
  const [reply, setReply] = useState('');
  const [note, setNote] = useState('');
  const [assignTo, setAssignTo] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState('');
  const [busy, setBusy] = useState(false);

  const act = async (what: string, path: string, body?: unknown, after?: () => void) => {
    setBusy(true);
    setError(null);
    setDone('');
    try {
      await api('POST', `/api/v1/inbox/conversations/${enc(p.id)}/${path}`, body);
      after?.();
      setDone(what);
      conv.reload();
      p.onChanged();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  if (conv.error) return <FormError error={conv.error} />;
  const c = conv.data;
  if (!c) return <Loading />;
  const writable = can('conversations:write');
  const open = c.status === 'open';
  const people = new Map<string, string>([[session.user.id, `${session.user.name} (me)`]]);
  for (const u of users.data?.users ?? []) if (!people.has(u.id)) people.set(u.id, u.name);
  for (const t of p.teams) for (const m of t.members) if (!people.has(m.userId)) people.set(m.userId, m.name);
  const assignOptions: Array<[string, string]> = [
    ['', 'Choose a person or team'],
    ...[...people].map(([id, name]): [string, string] => [`user:${id}`, name]),
    ...p.teams.map((t): [string, string] => [`team:${t.id}`, `Team ${t.name} (next member)`]),
  ];
  const [kind, target] = assignTo.split(':');

  return (
    <article aria-labelledby="conv-title">
      <div className="title-row">
        <h2 id="conv-title">{contactLabel(c.contact)}</h2>
        <span className={`badge ${open ? 'published' : 'unpublished'}`}>{c.status}</span>
      </div>
      <p className="muted" data-testid="conv-meta">
        {c.channel.name ?? c.channel.type} · {c.agent.name} ·{' '}
        <span data-testid="owner">{ownerLabel(c.owner)}</span>
      </p>
      {c.handoff && (
        <Section title="Handoff summary">
          <pre data-testid="handoff-summary">{c.handoff.summary}</pre>
          <p className="muted small">
            Handed off <time dateTime={c.handoff.at}>{when(c.handoff.at)}</time>
            {c.handoff.resolvedAt && (
              <>
                {' · resolved '}
                <time dateTime={c.handoff.resolvedAt}>{when(c.handoff.resolvedAt)}</time>
              </>
            )}
          </p>
        </Section>
      )}
      <ol className="transcript" aria-label="Transcript" data-testid="transcript">
        {c.transcript.map((i) => (
          <Item key={itemKey(i)} i={i} />
        ))}
      </ol>
      <FormError error={error} />
      {done && <Notice>{done}</Notice>}
      {writable && open && (
        <form
          className="card"
          aria-label="Write a reply"
          onSubmit={submit(() => act('Reply sent.', 'reply', { text: reply }, () => setReply('')))}
        >
          <AreaField
            label="Reply to the customer"
            hint={`Sent on ${c.channel.name ?? c.channel.type}. Replying takes the conversation from the agent.`}
            value={reply}
            onChange={setReply}
            path="text"
            errors={errorsOf(error)}
          />
          <button type="submit" className="primary" disabled={busy || !reply.trim()}>
            Send reply
          </button>
        </form>
      )}
      {writable && (
        <form
          className="card"
          aria-label="Write an internal note"
          onSubmit={submit(() => act('Note added.', 'notes', { text: note }, () => setNote('')))}
        >
          <AreaField
            label="Internal note"
            hint="Only people in Frontdesk see notes; the customer and the agent never do."
            value={note}
            onChange={setNote}
            rows={2}
          />
          <button type="submit" disabled={busy || !note.trim()}>
            Add note
          </button>
        </form>
      )}
      {writable && open && (
        <div className="card">
          <form
            className="input-row"
            aria-label="Assign the conversation"
            onSubmit={submit(() =>
              act('Assigned.', 'assign', kind === 'team' ? { teamId: target } : { userId: target }, () =>
                setAssignTo(''),
              ),
            )}
          >
            <SelectField label="Assign to" value={assignTo} onChange={setAssignTo} options={assignOptions} />
            <button type="submit" disabled={busy || !assignTo}>
              Assign
            </button>
          </form>
          <div className="buttons">
            {c.owner.type !== 'agent' && (
              <button
                type="button"
                disabled={busy}
                onClick={() => void act('Handed back to the agent.', 'hand-back')}
              >
                Hand back to the agent
              </button>
            )}
            <button
              type="button"
              className="danger"
              disabled={busy}
              onClick={() => void act('Closed.', 'close')}
            >
              Close conversation
            </button>
          </div>
        </div>
      )}
      {!writable && <p className="muted">You can read the inbox; an editor or admin can reply and assign.</p>}
    </article>
  );
}

const itemKey = (i: TranscriptItem) => (i.type === 'action' ? `a:${i.messageId}` : `${i.type}:${i.id}`);

function Item({ i }: { i: TranscriptItem }) {
  if (i.type === 'note')
    return (
      <li className="note">
        <span className="meta">
          Internal note · {i.author?.name ?? 'API'} · <time dateTime={i.at}>{when(i.at)}</time>
        </span>
        <p>{i.text}</p>
      </li>
    );
  if (i.type === 'action')
    return (
      <li className="action">
        <details>
          <summary>
            Action <code>{i.skill.key}</code> {i.ok ? 'succeeded' : 'failed'}
            {i.status !== null ? ` (${i.status})` : ''}
          </summary>
          {i.error && <p className="error">{i.error}</p>}
          <pre>{JSON.stringify({ inputs: i.inputs, outputs: i.outputs }, null, 2)}</pre>
        </details>
      </li>
    );
  return (
    <li className={`msg ${i.role}`}>
      <span className="meta">
        {i.author?.name ?? ROLE[i.role]} · <time dateTime={i.at}>{when(i.at)}</time>
        {i.delivery && (
          <>
            {' · '}
            <span className={`delivery ${i.delivery.state}`}>
              {i.delivery.state}
              {i.delivery.error ? `: ${i.delivery.error}` : ''}
            </span>
          </>
        )}
      </span>
      <p>{i.text}</p>
    </li>
  );
}
