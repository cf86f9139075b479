import type { WhenUnavailable } from '../../../src/deployments/schema.ts';
import { AreaField, type Errors, SelectField } from '../ui.tsx';
import type { Directory } from './routing-rules.tsx';

export interface WhenUnavailableDraft {
  assignTo: 'unassigned' | 'team' | 'user';
  teamId: string;
  userId: string;
  message: string;
}

export function whenUnavailableOf(d: WhenUnavailableDraft): WhenUnavailable {
  const message = d.message.trim() ? { message: d.message.trim() } : {};
  if (d.assignTo === 'team') return { assignTo: 'team', teamId: d.teamId, ...message };
  if (d.assignTo === 'user') return { assignTo: 'user', userId: d.userId, ...message };
  return { assignTo: 'unassigned', ...message };
}

/** Where a new conversation goes when the agent is off, outside hours or out of credits (E3). */
export function WhenUnavailableEditor({
  value,
  onChange,
  errors,
  dir,
}: {
  value: WhenUnavailableDraft;
  onChange: (d: WhenUnavailableDraft) => void;
  errors: Errors;
  dir: Directory;
}) {
  const set = (patch: Partial<WhenUnavailableDraft>) => onChange({ ...value, ...patch });
  const base = 'whenUnavailable';
  return (
    <fieldset>
      <legend>When the agent is unavailable</legend>
      <p className="muted small">Off, outside working hours, or out of credits.</p>
      <div className="grid2">
        <SelectField
          label="Assign new conversations to"
          path={`${base}.assignTo`}
          errors={errors}
          value={value.assignTo}
          options={[
            ['unassigned', 'The unassigned queue'],
            ['team', 'A team'],
            ['user', 'A person'],
          ]}
          onChange={(v) =>
            set({
              assignTo: v as WhenUnavailableDraft['assignTo'],
              teamId: value.teamId || dir.teams[0]?.id || '',
              userId: value.userId || dir.users[0]?.id || '',
            })
          }
        />
        {value.assignTo === 'team' && (
          <SelectField
            label="Team"
            path={`${base}.teamId`}
            errors={errors}
            value={value.teamId}
            hint={
              dir.teams.length ? undefined : 'No teams yet: create one with the API (POST /api/v1/teams).'
            }
            options={dir.teams.map((t) => [t.id, t.name])}
            onChange={(teamId) => set({ teamId })}
          />
        )}
        {value.assignTo === 'user' && (
          <SelectField
            label="Person"
            path={`${base}.userId`}
            errors={errors}
            value={value.userId}
            options={dir.users.map((u) => [u.id, `${u.name} (${u.email})`])}
            onChange={(userId) => set({ userId })}
          />
        )}
      </div>
      <AreaField
        label="Message to the customer (optional)"
        path={`${base}.message`}
        errors={errors}
        value={value.message}
        rows={2}
        onChange={(message) => set({ message })}
      />
    </fieldset>
  );
}
