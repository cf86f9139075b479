import { useState } from 'react';
import { api, enc } from '../api.ts';
import { FormButtons } from '../components/form-buttons.tsx';
import { Listing } from '../components/list-table.tsx';
import { removeOptimistically } from '../components/optimistic.ts';
import { CheckField, Empty, errorsOf, FormError, Notice, Section, submit, TextField } from '../ui.tsx';
import type { Directory } from './routing-rules.tsx';

/**
 * Teams (E3, E7, E8): the people a deployment or a routing rule can send conversations to;
 * a team's conversations go round-robin to its members.
 */
export function TeamsSection({
  dir,
  editable,
  onChanged,
}: {
  dir: Directory;
  editable: boolean;
  onChanged: (teams: Directory['teams']) => void;
}) {
  const [name, setName] = useState('');
  const [members, setMembers] = useState<string[]>([]);
  const [adding, setAdding] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState('');
  const create = async () => {
    setError(null);
    try {
      const team = await api<Directory['teams'][number]>('POST', '/api/v1/teams', {
        name: name.trim(),
        members,
      });
      onChanged([...dir.teams, team]);
      setNotice(`Created the team “${team.name}”.`);
      setName('');
      setMembers([]);
      setAdding(false);
    } catch (e) {
      setError(e);
    }
  };
  const errors = errorsOf(error);
  return (
    <Section title="Teams">
      <p className="muted">
        Deployments and routing rules can send conversations to a team; its members take turns.
      </p>
      {notice && <Notice>{notice}</Notice>}
      {adding ? (
        <form onSubmit={submit(create)} className="card nested" aria-label="New team">
          <FormError error={error} />
          <TextField label="Team name" path="name" errors={errors} value={name} onChange={setName} />
          <fieldset>
            <legend>Members</legend>
            {dir.users.length === 0 && (
              <p className="muted small">No people to add: add users in Settings.</p>
            )}
            {dir.users.map((u) => (
              <CheckField
                key={u.id}
                label={`${u.name} (${u.email})`}
                checked={members.includes(u.id)}
                onChange={(on) => setMembers((m) => (on ? [...m, u.id] : m.filter((x) => x !== u.id)))}
              />
            ))}
          </fieldset>
          <FormButtons submit="Create team" onCancel={() => setAdding(false)} />
        </form>
      ) : (
        editable && (
          <div className="buttons">
            <button type="button" onClick={() => setAdding(true)}>
              New team
            </button>
          </div>
        )
      )}
      {!adding && <FormError error={error} />}
      <Listing
        items={dir.teams}
        error={null}
        caption="Teams"
        columns={['Team', 'Members']}
        empty={
          <Empty title="No teams yet.">
            <p>Create one to send conversations to a group of people.</p>
          </Empty>
        }
        row={(t) => (
          <tr key={t.id}>
            <td>{t.name}</td>
            <td>{t.members.length ? t.members.map((m) => m.name || m.email).join(', ') : 'nobody yet'}</td>
            <td className="row-actions">
              {editable && (
                <button
                  type="button"
                  className="danger"
                  onClick={() =>
                    void removeOptimistically({
                      question: `Delete the team “${t.name}”?`,
                      item: t,
                      items: dir.teams,
                      setItems: onChanged,
                      remove: () => api('DELETE', `/api/v1/teams/${enc(t.id)}`),
                      reload: () => onChanged(dir.teams),
                      onDone: () => setNotice(`Deleted the team “${t.name}”.`),
                      onError: setError,
                    })
                  }
                >
                  Delete<span className="sr-only"> {t.name}</span>
                </button>
              )}
            </td>
          </tr>
        )}
      />
    </Section>
  );
}
