import { useState } from 'react';
import { CONNECTION_TYPES, validateConnectionInput } from '../../../src/connections/definition.ts';
import { AppError } from '../../../src/shared/errors.ts';
import { ApiError, api, enc } from '../api.ts';
import { Listing } from '../components/list-table.tsx';
import { useLoad } from '../load.ts';
import { useSession } from '../session.tsx';
import type { Connection } from '../types.ts';
import { Empty, errorsOf, FormError, Notice, Section, SelectField, submit, TextField } from '../ui.tsx';

/** The secret field each connection type takes (write-only: never shown again). */
const SECRET: Record<string, [string, string] | null> = {
  none: null,
  api_key: ['apiKey', 'API key'],
  bearer: ['token', 'Bearer token'],
  basic: ['password', 'Password'],
  oauth2_client_credentials: ['clientSecret', 'Client secret'],
  hubspot_signature_v3: ['clientSecret', 'App client secret'],
};
const FIELDS: Record<string, Array<[string, string]>> = {
  api_key: [
    ['in', 'Send the key in (header or query)'],
    ['parameterName', 'Header or parameter name'],
  ],
  basic: [['username', 'User name']],
  oauth2_client_credentials: [
    ['tokenUrl', 'Token URL'],
    ['clientId', 'Client ID'],
    ['scope', 'Scope'],
    ['audience', 'Audience'],
  ],
};

type Form = Record<string, string>;
const blank = (): Form => ({ type: 'api_key', in: 'header', parameterName: 'X-API-Key', key: '', name: '' });

/** Connections (B4): how actions authenticate. Secrets are write-only; allowed hosts limit where they go. */
export function ConnectionsScreen() {
  const { can } = useSession();
  const list = useLoad(() => api<{ connections: Connection[] }>('GET', '/api/v1/connections'), []);
  const [editing, setEditing] = useState<Connection | 'new' | null>(null);
  const [f, setF] = useState<Form>(blank);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState('');
  const editable = can('connections:write');

  const open = (c: Connection | 'new') => {
    setEditing(c);
    setError(null);
    setNotice('');
    if (c === 'new') return setF(blank());
    const form: Form = {
      type: c.type,
      key: c.key,
      name: c.name,
      allowedHosts: (c.allowedHosts ?? []).join(', '),
    };
    for (const [k] of FIELDS[c.type] ?? []) form[k] = String(c[k] ?? '');
    setF(form);
  };
  const body = () => {
    const out: Record<string, unknown> = { key: f['key'], name: f['name'], type: f['type'] };
    for (const [k] of FIELDS[f['type']!] ?? []) if (f[k]) out[k] = f[k];
    const hosts = (f['allowedHosts'] ?? '')
      .split(',')
      .map((h) => h.trim())
      .filter(Boolean);
    if (hosts.length) out['allowedHosts'] = hosts;
    const secret = SECRET[f['type']!];
    if (secret && f['secret']) out['secrets'] = { [secret[0]]: f['secret'] };
    else if (editing === 'new') out['secrets'] = {};
    return out;
  };
  const save = async () => {
    setError(null);
    try {
      const b = body();
      if (editing === 'new') {
        // The server's own validation first, so problems show at their fields before sending.
        try {
          validateConnectionInput(b);
        } catch (e) {
          if (e instanceof AppError) throw new ApiError(422, e.code, e.message, e.details);
          throw e;
        }
        await api('POST', '/api/v1/connections', b);
      } else if (editing) {
        const { key: _k, type: _t, ...patch } = b;
        await api('PATCH', `/api/v1/connections/${enc(editing.id)}`, patch);
      }
      setNotice(`Saved “${b['name']}”.`);
      setEditing(null);
      list.reload();
    } catch (e) {
      setError(e);
    }
  };
  // `allowedHosts[1]` is reported at the one comma-separated field.
  const errors = errorsOf(error).map((d) =>
    d.path.startsWith('allowedHosts[') ? { ...d, path: 'allowedHosts' } : d,
  );
  const secret = SECRET[f['type'] ?? 'none'];
  const set = (k: string) => (v: string) => setF((x) => ({ ...x, [k]: v }));

  return (
    <>
      <div className="title-row">
        <h1>Connections</h1>
        {editable && (
          <button type="button" className="primary" onClick={() => open('new')}>
            New connection
          </button>
        )}
      </div>
      <p className="muted">
        How actions authenticate to your APIs. Secrets are stored encrypted and never shown again.
      </p>
      {notice && <Notice>{notice}</Notice>}
      {editing && (
        <Section title={editing === 'new' ? 'New connection' : `Edit ${editing.name}`}>
          <form onSubmit={submit(() => save())}>
            <FormError error={error} />
            <div className="grid2">
              <TextField
                label="Name"
                value={f['name'] ?? ''}
                path="name"
                errors={errors}
                onChange={set('name')}
              />
              <TextField
                label="Key"
                value={f['key'] ?? ''}
                path="key"
                errors={errors}
                disabled={editing !== 'new'}
                hint="Actions name the connection by this key."
                onChange={set('key')}
              />
              <SelectField
                label="Type"
                value={f['type'] ?? 'none'}
                path="type"
                errors={errors}
                disabled={editing !== 'new'}
                options={CONNECTION_TYPES.map((t) => [t, t])}
                onChange={set('type')}
              />
              {(FIELDS[f['type'] ?? ''] ?? []).map(([k, label]) =>
                k === 'in' ? (
                  <SelectField
                    key={k}
                    label={label}
                    value={f[k] ?? 'header'}
                    path={k}
                    errors={errors}
                    options={[
                      ['header', 'header'],
                      ['query', 'query'],
                    ]}
                    onChange={set(k)}
                  />
                ) : (
                  <TextField
                    key={k}
                    label={label}
                    value={f[k] ?? ''}
                    path={k}
                    errors={errors}
                    onChange={set(k)}
                  />
                ),
              )}
              {secret && (
                <TextField
                  label={secret[1]}
                  type="password"
                  value={f['secret'] ?? ''}
                  path={`secrets.${secret[0]}`}
                  errors={errors}
                  hint={
                    editing !== 'new' && editing.secretsSet.includes(secret[0])
                      ? 'Set. Leave empty to keep it; type a new one to replace it.'
                      : 'Write-only: it is never shown again.'
                  }
                  onChange={set('secret')}
                />
              )}
              <TextField
                label="Allowed hosts"
                value={f['allowedHosts'] ?? ''}
                path="allowedHosts"
                errors={errors}
                hint="Comma-separated hosts the credentials may be sent to; empty means the action's own host."
                onChange={set('allowedHosts')}
              />
            </div>
            <div className="buttons">
              <button type="submit" className="primary">
                Save connection
              </button>
              <button type="button" onClick={() => setEditing(null)}>
                Cancel
              </button>
            </div>
          </form>
        </Section>
      )}
      <Listing
        items={list.data?.connections}
        error={list.error}
        caption="Connections"
        columns={['Name', 'Key', 'Type', 'Secrets']}
        empty={
          <Empty title="No connections yet.">
            <p>Add one when an API needs an API key, a token or a password.</p>
          </Empty>
        }
        row={(c) => (
          <tr key={c.id}>
            <td>{c.name}</td>
            <td>
              <code>{c.key}</code>
            </td>
            <td>{c.type}</td>
            <td>{c.secretsSet.length ? `${c.secretsSet.join(', ')} set` : 'none'}</td>
            <td className="row-actions always">
              {editable && (
                <button type="button" onClick={() => open(c)}>
                  Edit<span className="sr-only"> {c.name}</span>
                </button>
              )}
            </td>
          </tr>
        )}
      />
    </>
  );
}
