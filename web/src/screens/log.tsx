import { useState } from 'react';
import { api, enc } from '../api.ts';
import { useLoad } from '../load.ts';
import { useAgent } from '../shell.tsx';
import type { Action } from '../types.ts';
import { Empty, FormError, Loading, SelectField, TextField } from '../ui.tsx';

interface Entry {
  id: string;
  actionId: string | null;
  actionKey: string;
  version: number | null;
  conversationId: string | null;
  mode: string;
  status: 'ok' | 'error';
  statusCode: number | null;
  errorClass: string | null;
  errorMessage: string | null;
  request: string;
  inputs: Record<string, unknown>;
  outputs: Record<string, unknown>;
  durationMs: number;
  createdAt: string;
}

const SINCE: Array<[string, string]> = [
  ['', 'Any time'],
  ['1', 'Last hour'],
  ['24', 'Last 24 hours'],
  ['168', 'Last 7 days'],
];

/** The integration log (B11): every action call — test, preview, live — filterable, with details. */
export function LogScreen() {
  const { agent } = useAgent();
  const [f, setF] = useState({ actionKey: '', conversationId: '', status: '', since: '' });
  const [open, setOpen] = useState<string | null>(null);
  const actions = useLoad(
    () => api<{ actions: Action[] }>('GET', `/api/v1/agents/${enc(agent.id)}/actions`),
    [agent.id],
  );
  const qs = new URLSearchParams();
  if (f.actionKey) qs.set('actionKey', f.actionKey);
  if (f.conversationId.trim()) qs.set('conversationId', f.conversationId.trim());
  if (f.status) qs.set('status', f.status);
  if (f.since) qs.set('since', new Date(Date.now() - Number(f.since) * 3600_000).toISOString());
  const query = qs.toString();
  const log = useLoad(() => api<{ entries: Entry[] }>('GET', `/api/v1/integration-log?${query}`), [query]);
  const set = (k: keyof typeof f) => (v: string) => setF((x) => ({ ...x, [k]: v }));

  return (
    <>
      <div className="title-row">
        <h1>Integration log</h1>
        <span className="spacer" />
        <button type="button" onClick={log.reload}>
          Refresh
        </button>
      </div>
      <p className="muted">
        Every call actions made: test calls, previews and live conversations. Sensitive inputs are masked.
      </p>
      <form className="filters" aria-label="Filter the log" onSubmit={(e) => e.preventDefault()}>
        <SelectField
          label="Action"
          value={f.actionKey}
          onChange={set('actionKey')}
          options={[
            ['', 'All actions'],
            ...(actions.data?.actions ?? []).map((a): [string, string] => [a.key, a.name]),
          ]}
        />
        <TextField label="Conversation id" value={f.conversationId} onChange={set('conversationId')} />
        <SelectField
          label="Status"
          value={f.status}
          onChange={set('status')}
          options={[
            ['', 'Any'],
            ['ok', 'Succeeded'],
            ['error', 'Failed'],
          ]}
        />
        <SelectField label="Time" value={f.since} onChange={set('since')} options={SINCE} />
      </form>
      <FormError error={log.error} />
      {!log.data && !log.error && <Loading />}
      {log.data?.entries.length === 0 && (
        <Empty title="No calls match.">
          <p>Make a test call from an action's editor, or chat in Preview, and it shows up here.</p>
        </Empty>
      )}
      {log.data && log.data.entries.length > 0 && (
        <table className="list" data-testid="log">
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Action</th>
              <th scope="col">Mode</th>
              <th scope="col">Result</th>
              <th scope="col">Request</th>
            </tr>
          </thead>
          <tbody>
            {log.data.entries.map((e) => (
              <LogRow
                key={e.id}
                e={e}
                open={open === e.id}
                toggle={() => setOpen(open === e.id ? null : e.id)}
              />
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

function LogRow({ e, open, toggle }: { e: Entry; open: boolean; toggle: () => void }) {
  return (
    <>
      <tr>
        <td>
          <button type="button" className="link" aria-expanded={open} onClick={toggle}>
            {new Date(e.createdAt).toLocaleString()}
          </button>
        </td>
        <td>
          {e.actionKey}
          {e.version ? ` v${e.version}` : ''}
        </td>
        <td>{e.mode}</td>
        <td>
          <span className={`badge ${e.status === 'ok' ? 'published' : 'error'}`}>{e.status}</span>{' '}
          {e.statusCode ?? ''} · {e.durationMs} ms
        </td>
        <td>
          <code className="small">{e.request}</code>
        </td>
      </tr>
      {open && (
        <tr className="detail">
          <td colSpan={5}>
            <dl className="grid2">
              <div>
                <dt>Conversation</dt>
                <dd>{e.conversationId ?? '—'}</dd>
              </div>
              <div>
                <dt>Error</dt>
                <dd>{e.errorClass ? `${e.errorClass}: ${e.errorMessage}` : '—'}</dd>
              </div>
              <div>
                <dt>Inputs</dt>
                <dd>
                  <pre>{JSON.stringify(e.inputs, null, 2)}</pre>
                </dd>
              </div>
              <div>
                <dt>Outputs</dt>
                <dd>
                  <pre>{JSON.stringify(e.outputs, null, 2)}</pre>
                </dd>
              </div>
            </dl>
          </td>
        </tr>
      )}
    </>
  );
}
