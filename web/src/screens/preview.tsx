import { useEffect, useRef, useState } from 'react';
import { api, enc } from '../api.ts';
import { useLoad } from '../load.ts';
import { useSession } from '../session.tsx';
import { useAgent } from '../shell.tsx';
import type { Action, Flow } from '../types.ts';
import { Empty, FormError, Section, submit } from '../ui.tsx';

interface Msg {
  role: 'customer' | 'agent';
  text: string;
}
interface Turn {
  replies: Array<{ text: string }>;
  state: string;
  trace: Record<string, unknown>;
}

const wanted = () => new URLSearchParams(window.location.hash.split('?')[1] ?? '').get('action');

/**
 * Preview (C7): a draft conversation, so unpublished actions take part. Click a trigger to
 * send it; the trace shows how each turn was routed and what each action sent and got.
 */
export function PreviewScreen() {
  const { agent } = useAgent();
  const { can } = useSession();
  const base = `/api/v1/agents/${enc(agent.id)}`;
  const skills = useLoad(
    async () => ({
      actions: (await api<{ actions: Action[] }>('GET', `${base}/actions`)).actions,
      flows: (await api<{ flows: Flow[] }>('GET', `${base}/flows`)).flows,
    }),
    [base],
  );
  const [conv, setConv] = useState<{ id: string; state: string } | null>(null);
  const [msgs, setMsgs] = useState<Msg[]>([]);
  const [traces, setTraces] = useState<Array<{ n: number; trace: Record<string, unknown> }>>([]);
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const log = useRef<HTMLOListElement>(null);
  const focus = wanted();

  const start = async () => {
    setError(null);
    setMsgs([]);
    setTraces([]);
    try {
      const c = await api<{ id: string; state: string; replies: Array<{ text: string }> }>(
        'POST',
        `${base}/conversations`,
        { channel: 'preview', draft: true },
      );
      setConv(c);
      setMsgs(c.replies.map((r) => ({ role: 'agent', text: r.text })));
    } catch (e) {
      setError(e);
    }
  };
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new conversation per agent
  useEffect(() => {
    if (can('conversations:write')) void start();
  }, [base]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: scroll when the transcript grows
  useEffect(() => {
    log.current?.lastElementChild?.scrollIntoView({ block: 'nearest' });
  }, [msgs]);

  const send = async (t: string) => {
    if (!conv || !t.trim()) return;
    setBusy(true);
    setError(null);
    setMsgs((m) => [...m, { role: 'customer', text: t }]);
    setText('');
    try {
      const turn = await api<Turn>('POST', `/api/v1/conversations/${enc(conv.id)}/messages`, { text: t });
      setMsgs((m) => [...m, ...turn.replies.map((r): Msg => ({ role: 'agent', text: r.text }))]);
      setTraces((tr) => [{ n: tr.length + 1, trace: turn.trace }, ...tr]);
      setConv({ ...conv, state: turn.state });
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  if (!can('conversations:write'))
    return (
      <>
        <h1>Preview</h1>
        <Empty title="Preview needs an editor.">
          <p>Ask an admin to make you an editor to chat with the draft agent.</p>
        </Empty>
      </>
    );
  const all = [...(skills.data?.actions ?? []), ...(skills.data?.flows ?? [])];
  return (
    <>
      <div className="title-row">
        <h1>Preview</h1>
        <span className="spacer" />
        <button type="button" onClick={() => void start()}>
          Restart conversation
        </button>
      </div>
      <p className="muted">
        A test chat with {agent.name}, including draft actions. Nothing here reaches customers.
      </p>
      <FormError error={error ?? skills.error} />
      <div className="preview">
        <Section title="Triggers">
          {all.length === 0 && <p className="muted">No actions yet.</p>}
          {all.map((s) => (
            <div key={s.id} className={`trigger-group${focus === s.key ? ' focus' : ''}`}>
              <p className="small">
                <strong>{s.name}</strong> <span className={`badge ${s.status}`}>{s.status}</span>
              </p>
              {s.triggers.map((t) => (
                <button
                  type="button"
                  className="chip"
                  key={t}
                  disabled={busy || !conv}
                  onClick={() => void send(t)}
                >
                  {t}
                </button>
              ))}
            </div>
          ))}
        </Section>
        <Section title="Chat">
          <ol className="chat" ref={log} aria-live="polite" data-testid="chat">
            {msgs.map((m, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: append-only transcript
              <li key={i} className={m.role}>
                <span className="sr-only">{m.role === 'agent' ? 'Agent:' : 'You:'} </span>
                {m.text}
              </li>
            ))}
          </ol>
          <form className="inline" onSubmit={submit(() => send(text))}>
            <label htmlFor="preview-text" className="sr-only">
              Message
            </label>
            <input
              id="preview-text"
              value={text}
              onChange={(e) => setText(e.target.value)}
              placeholder="Type as a customer…"
            />
            <button type="submit" className="primary" disabled={busy || !conv}>
              Send
            </button>
          </form>
          {conv && <p className="muted small">State: {conv.state}</p>}
        </Section>
        <Section title="Trace">
          {traces.length === 0 && <p className="muted">Send a message to see how the agent routes it.</p>}
          {traces.map((t) => (
            <TraceView key={t.n} trace={t.trace} n={t.n} />
          ))}
        </Section>
      </div>
    </>
  );
}

function TraceView({ trace, n }: { trace: Record<string, unknown>; n: number }) {
  const parts: Array<[string, unknown]> = [
    ['Route', trace['route']],
    ['Action', trace['skill']],
    ['Inputs', trace['inputs']],
    ['Request', (trace['run'] as { request?: unknown } | undefined)?.request],
    ['Outputs', (trace['run'] as { outputs?: unknown } | undefined)?.outputs],
    ['Knowledge', trace['knowledge']],
    ['Handoff', trace['handoff']],
  ];
  return (
    <details open={n > 0} className="trace" data-testid="trace">
      <summary>Turn {n}</summary>
      <dl>
        {parts
          .filter(([, v]) => v !== undefined)
          .map(([k, v]) => (
            <div key={k}>
              <dt>{k}</dt>
              <dd>
                <pre>{JSON.stringify(v, null, 2)}</pre>
              </dd>
            </div>
          ))}
      </dl>
    </details>
  );
}
