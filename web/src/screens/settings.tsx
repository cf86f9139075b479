import { useState } from 'react';
import { SCOPES } from '../../../src/access/scopes.ts';
import { api, enc } from '../api.ts';
import { useLoad } from '../load.ts';
import { useSession } from '../session.tsx';
import {
  Empty,
  errorsOf,
  FormError,
  Loading,
  Notice,
  Section,
  SelectField,
  submit,
  TextField,
} from '../ui.tsx';

interface User {
  id: string;
  email: string;
  name: string;
  role: 'viewer' | 'editor' | 'admin';
  createdAt: string;
}
interface Key {
  id: string;
  name: string;
  prefix: string;
  scopes: string[];
  lastUsedAt: string | null;
  revokedAt: string | null;
}
const ROLES: Array<[string, string]> = [
  ['viewer', 'Viewer — reads'],
  ['editor', 'Editor — builds and manages the agent'],
  ['admin', 'Admin — everything'],
];

/** Settings: users and roles, API keys (shown once). Admins only; others see why. */
export function SettingsScreen() {
  const { can, session } = useSession();
  if (!can('users:read'))
    return (
      <>
        <h1>Settings</h1>
        <Empty title="Only admins manage users and API keys.">
          <p>You are signed in as {session.user.role}. Ask an admin if you need more access.</p>
        </Empty>
      </>
    );
  return (
    <>
      <h1>Settings</h1>
      <Users />
      <Keys />
    </>
  );
}

function Users() {
  const list = useLoad(() => api<{ users: User[] }>('GET', '/api/v1/users'), []);
  const [f, setF] = useState({ email: '', name: '', role: 'editor' });
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState('');
  const [pwFor, setPwFor] = useState<string | null>(null);
  const [pw, setPw] = useState('');
  const run = async (fn: () => Promise<unknown>, ok: string) => {
    setError(null);
    setNotice('');
    try {
      await fn();
      setNotice(ok);
      list.reload();
    } catch (e) {
      setError(e);
    }
  };
  const errors = errorsOf(error);
  return (
    <Section title="Users and roles">
      {notice && <Notice>{notice}</Notice>}
      <FormError error={error ?? list.error} />
      {!list.data && <Loading />}
      <table className="list">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Email</th>
            <th scope="col">Role</th>
            <th scope="col">
              <span className="sr-only">Row actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {list.data?.users.map((u) => (
            <tr key={u.id}>
              <td>{u.name}</td>
              <td>{u.email}</td>
              <td>
                <label className="sr-only" htmlFor={`role-${u.id}`}>
                  Role of {u.email}
                </label>
                <select
                  id={`role-${u.id}`}
                  value={u.role}
                  onChange={(e) =>
                    void run(
                      () => api('PATCH', `/api/v1/users/${enc(u.id)}`, { role: e.target.value }),
                      `${u.email} is now ${e.target.value}.`,
                    )
                  }
                >
                  {ROLES.map(([v]) => (
                    <option key={v} value={v}>
                      {v}
                    </option>
                  ))}
                </select>
              </td>
              <td className="row-actions always">
                <button
                  type="button"
                  aria-expanded={pwFor === u.id}
                  onClick={() => setPwFor(pwFor === u.id ? null : u.id)}
                >
                  Set password<span className="sr-only"> for {u.email}</span>
                </button>
                <button
                  type="button"
                  className="danger"
                  onClick={() => {
                    if (window.confirm(`Remove ${u.email}? Their API keys stop working.`))
                      void run(() => api('DELETE', `/api/v1/users/${enc(u.id)}`), `Removed ${u.email}.`);
                  }}
                >
                  Remove<span className="sr-only"> {u.email}</span>
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {pwFor && (
        <form
          className="inline"
          onSubmit={submit(() =>
            run(async () => {
              await api('PUT', `/api/v1/users/${enc(pwFor)}/password`, { password: pw });
              setPw('');
              setPwFor(null);
            }, 'Password set; that user’s sessions are signed out.'),
          )}
        >
          <TextField
            label={`New password for ${list.data?.users.find((u) => u.id === pwFor)?.email ?? ''}`}
            type="password"
            autoComplete="new-password"
            value={pw}
            path="password"
            errors={errors}
            onChange={setPw}
          />
          <button type="submit" className="primary">
            Save password
          </button>
        </form>
      )}
      <form
        className="inline"
        onSubmit={(e) => {
          e.preventDefault();
          void run(
            () => api('POST', '/api/v1/users', f),
            `Added ${f.email}. Use “Set password” (or frontdesk users set-password) so they can sign in.`,
          );
        }}
      >
        <TextField
          label="Email"
          type="email"
          value={f.email}
          path="email"
          errors={errors}
          onChange={(v) => setF({ ...f, email: v })}
        />
        <TextField
          label="Name"
          value={f.name}
          path="name"
          errors={errors}
          onChange={(v) => setF({ ...f, name: v })}
        />
        <SelectField
          label="Role"
          value={f.role}
          path="role"
          errors={errors}
          options={ROLES}
          onChange={(v) => setF({ ...f, role: v })}
        />
        <button type="submit" className="primary">
          Add user
        </button>
      </form>
    </Section>
  );
}

function Keys() {
  const list = useLoad(() => api<{ apiKeys: Key[] }>('GET', '/api/v1/api-keys'), []);
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<string[]>(['agents:read', 'actions:read']);
  const [created, setCreated] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const create = async () => {
    setError(null);
    setCreated(null);
    try {
      const k = await api<Key & { key: string }>('POST', '/api/v1/api-keys', { name, scopes });
      setCreated(k.key);
      setName('');
      list.reload();
    } catch (e) {
      setError(e);
    }
  };
  return (
    <Section title="API keys">
      <p className="muted">For automation (CI, scripts, the CLI). A key is shown once, when it is created.</p>
      {created && (
        <div className="alert ok" role="status">
          <p>Copy this key now; it is not shown again:</p>
          <code className="secret" data-testid="new-key">
            {created}
          </code>
        </div>
      )}
      <FormError error={error ?? list.error} />
      <table className="list">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Key</th>
            <th scope="col">Scopes</th>
            <th scope="col">State</th>
            <th scope="col">
              <span className="sr-only">Row actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {list.data?.apiKeys.map((k) => (
            <tr key={k.id}>
              <td>{k.name}</td>
              <td>
                <code>{k.prefix}…</code>
              </td>
              <td className="small">{k.scopes.join(' ')}</td>
              <td>
                {k.revokedAt
                  ? 'revoked'
                  : `last used ${k.lastUsedAt ? new Date(k.lastUsedAt).toLocaleString() : 'never'}`}
              </td>
              <td className="row-actions always">
                {!k.revokedAt && (
                  <button
                    type="button"
                    className="danger"
                    onClick={() =>
                      void api('DELETE', `/api/v1/api-keys/${enc(k.id)}`).then(list.reload, setError)
                    }
                  >
                    Revoke<span className="sr-only"> {k.name}</span>
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <form onSubmit={submit(() => create())}>
        <TextField label="Key name" value={name} path="name" errors={errorsOf(error)} onChange={setName} />
        <fieldset className="scopes">
          <legend>Scopes</legend>
          {SCOPES.map((s) => (
            <label key={s} className="check">
              <input
                type="checkbox"
                checked={scopes.includes(s)}
                onChange={(e) => setScopes(e.target.checked ? [...scopes, s] : scopes.filter((x) => x !== s))}
              />
              {s}
            </label>
          ))}
        </fieldset>
        <button type="submit" className="primary">
          Create key
        </button>
      </form>
    </Section>
  );
}
