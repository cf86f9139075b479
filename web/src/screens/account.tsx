import { useState } from 'react';
import { api, setCsrfToken } from '../api.ts';
import type { Session } from '../session.tsx';
import { useSession } from '../session.tsx';
import { errorsOf, FormError, Notice, Section, submit, TextField } from '../ui.tsx';

/** Your own account: change your password (your other sessions are signed out). */
export function AccountScreen() {
  const { session } = useSession();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState('');
  const save = async () => {
    setError(null);
    setNotice('');
    try {
      const s = await api<Session>('PUT', '/api/v1/session/password', {
        currentPassword: current,
        newPassword: next,
      });
      setCsrfToken(s.csrfToken);
      setCurrent('');
      setNext('');
      setNotice('Password changed. Your other sessions are signed out.');
    } catch (e) {
      setError(e);
    }
  };
  const errors = errorsOf(error);
  return (
    <>
      <h1>Your account</h1>
      <p className="muted">
        Signed in as {session.user.name} ({session.user.email}), {session.user.role}.
      </p>
      <Section title="Change password">
        <form onSubmit={submit(save)}>
          {notice && <Notice>{notice}</Notice>}
          <FormError error={error} />
          <TextField
            label="Current password"
            type="password"
            autoComplete="current-password"
            value={current}
            onChange={setCurrent}
            path="currentPassword"
            errors={errors}
          />
          <TextField
            label="New password"
            type="password"
            autoComplete="new-password"
            value={next}
            onChange={setNext}
            path="newPassword"
            errors={errors}
            hint="At least 10 characters."
          />
          <button type="submit" className="primary">
            Change password
          </button>
        </form>
      </Section>
    </>
  );
}
