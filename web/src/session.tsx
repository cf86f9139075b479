import { createContext, type FormEvent, useCallback, useContext, useEffect, useState } from 'react';
import { api, setCsrfToken, whenSignedOut } from './api.ts';
import { FormError, TextField } from './ui.tsx';

export interface Session {
  user: { id: string; email: string; name: string; role: 'viewer' | 'editor' | 'admin' };
  scopes: string[];
  csrfToken: string;
}

interface SessionCtx {
  session: Session;
  can: (scope: string) => boolean;
  signOut: () => Promise<void>;
}

const Ctx = createContext<SessionCtx | null>(null);

export function useSession(): SessionCtx {
  const c = useContext(Ctx);
  if (!c) throw new Error('no session');
  return c;
}

/** Loads the current session; shows the sign-in form when there is none. */
export function SessionGate({ children }: { children: React.ReactNode }) {
  const [session, setSession] = useState<Session | null | undefined>(undefined);
  const accept = useCallback((s: Session | null) => {
    setCsrfToken(s?.csrfToken ?? '');
    setSession(s);
  }, []);
  useEffect(() => {
    whenSignedOut(() => accept(null));
    api<Session>('GET', '/api/v1/session').then(accept, () => accept(null));
  }, [accept]);
  if (session === undefined) return <p className="muted">Loading…</p>;
  if (session === null) return <SignIn onSignedIn={accept} />;
  const value: SessionCtx = {
    session,
    can: (scope) => session.scopes.includes(scope),
    signOut: async () => {
      await api('DELETE', '/api/v1/session').catch(() => {});
      accept(null);
    },
  };
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

function SignIn({ onSignedIn }: { onSignedIn: (s: Session) => void }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onSignedIn(await api<Session>('POST', '/api/v1/session', { email, password }));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <main className="signin">
      <form onSubmit={submit} className="card" aria-labelledby="signin-title">
        <h1 id="signin-title">Sign in to Frontdesk</h1>
        <FormError error={error} />
        <TextField
          label="Email"
          type="email"
          autoComplete="username"
          value={email}
          onChange={setEmail}
          path="email"
          errors={[]}
        />
        <TextField
          label="Password"
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={setPassword}
        />
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
        <p className="muted">
          No password yet? On the server run <code>frontdesk users set-password &lt;email&gt;</code>.
        </p>
      </form>
    </main>
  );
}
