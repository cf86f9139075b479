import { useState } from 'react';
import type { z } from 'zod';
import type { deploymentView } from '../../../src/deployments/schema.ts';
import { api, enc } from '../api.ts';
import { FormButtons } from '../components/form-buttons.tsx';
import { describeHours, HoursEditor, hoursDraftOf, hoursOf } from '../components/hours-editor.tsx';
import { Listing } from '../components/list-table.tsx';
import { removeOptimistically } from '../components/optimistic.ts';
import { useLoad } from '../load.ts';
import { useSession } from '../session.tsx';
import { useAgent } from '../shell.tsx';
import type { Channel } from '../types.ts';
import { Empty, errorsOf, FormError, Notice, Section, SelectField, submit } from '../ui.tsx';
import { channelTypeLabel } from './channels.tsx';
import { type Directory, RoutingRules, targetName } from './routing-rules.tsx';
import { TeamsSection } from './teams.tsx';
import { type WhenUnavailableDraft, WhenUnavailableEditor, whenUnavailableOf } from './when-unavailable.tsx';

export type Deployment = z.output<typeof deploymentView>;

/** Deploy (E2–E7): the on/off switch, which agent serves which channel and when, and routing rules. */
export function DeployScreen() {
  const { can } = useSession();
  const editable = can('deployments:write');
  const loaded = useLoad(() => api<{ deployments: Deployment[] }>('GET', '/api/v1/deployments'), []);
  const channels = useLoad(() => api<{ channels: Channel[] }>('GET', '/api/v1/channels'), []);
  const dir = useDirectory();
  const [open, setOpen] = useState<string | 'new' | null>(null);
  const [notice, setNotice] = useState('');
  const [error, setError] = useState<unknown>(null);
  const list = loaded.data?.deployments;
  const free = (channels.data?.channels ?? []).filter((c) => !list?.some((d) => d.channelId === c.id));

  const remove = (d: Deployment) =>
    removeOptimistically({
      question: `Remove the agent from “${d.channel.name}”? It stops taking new conversations there.`,
      item: d,
      items: list,
      setItems: (deployments) => loaded.setData({ deployments }),
      remove: () => api('DELETE', `/api/v1/deployments/${enc(d.id)}`),
      reload: loaded.reload,
      onDone: () => setNotice(`Removed the agent from “${d.channel.name}”.`),
      onError: setError,
    });

  return (
    <>
      <h1>Deploy</h1>
      <AgentSwitch editable={editable} />
      <Section title="Deployments">
        <p className="muted">Which agent answers new conversations on each channel, and when.</p>
        {notice && <Notice>{notice}</Notice>}
        <FormError error={error} />
        {open && (
          <DeploymentEditor
            key={open}
            deployment={list?.find((d) => d.id === open) ?? null}
            channels={free}
            dir={dir}
            onSaved={(d, created) => {
              setOpen(null);
              setNotice(created ? `Deployed to “${d.channel.name}”.` : `Saved “${d.channel.name}”.`);
              loaded.reload();
            }}
            onClose={() => setOpen(null)}
          />
        )}
        {editable && !open && (
          <div className="buttons">
            <button
              type="button"
              className="primary"
              disabled={free.length === 0}
              onClick={() => {
                setOpen('new');
                setNotice('');
              }}
            >
              Deploy to a channel
            </button>
            {channels.data && free.length === 0 && (
              <span className="muted small">
                Every channel has an agent. <a href="#/channels">Create a channel</a> to deploy to another.
              </span>
            )}
          </div>
        )}
        <Listing
          items={list}
          error={loaded.error ?? channels.error}
          caption="Deployments"
          columns={['Channel', 'Agent', 'Working hours', 'When unavailable']}
          empty={
            <Empty title="The agent is not on any channel yet.">
              <p>
                {channels.data?.channels.length
                  ? 'Deploy it to a channel to let it answer there.'
                  : 'Create a channel first, then deploy the agent to it.'}{' '}
                {!channels.data?.channels.length && <a href="#/channels">Go to Channels</a>}
              </p>
            </Empty>
          }
          row={(d) => (
            <tr key={d.id}>
              <td>
                {d.channel.name} <span className="muted small">({channelTypeLabel(d.channel.type)})</span>
              </td>
              <td>{dir.agents.find((a) => a.id === d.agentId)?.name ?? d.agentId}</td>
              <td>{describeHours(d.hours)}</td>
              <td>{targetName(d.whenUnavailable, dir)}</td>
              <td className="row-actions">
                {editable && (
                  <>
                    <button type="button" onClick={() => setOpen(d.id)}>
                      Edit<span className="sr-only"> {d.channel.name}</span>
                    </button>
                    <button type="button" className="danger" onClick={() => void remove(d)}>
                      Remove<span className="sr-only"> {d.channel.name}</span>
                    </button>
                  </>
                )}
              </td>
            </tr>
          )}
        />
      </Section>
      <RoutingRules editable={editable} dir={dir} />
      <TeamsSection dir={dir} editable={can('teams:write')} onChanged={dir.setTeams} />
    </>
  );
}

/** Agents, teams and people by id, to show names and to pick from. */
function useDirectory(): Directory & { setTeams: (t: Directory['teams']) => void } {
  const { agents } = useAgent();
  const { can } = useSession();
  const teams = useLoad(() => api<{ teams: Directory['teams'] }>('GET', '/api/v1/teams'), []);
  const users = useLoad(
    () =>
      can('users:read')
        ? api<{ users: Directory['users'] }>('GET', '/api/v1/users')
        : Promise.resolve({ users: [] as Directory['users'] }),
    [],
  );
  return {
    agents,
    teams: teams.data?.teams ?? [],
    users: users.data?.users ?? [],
    setTeams: (next) => teams.setData({ teams: next }),
  };
}

function AgentSwitch({ editable }: { editable: boolean }) {
  const state = useLoad(
    () => api<{ on: boolean; updatedAt: string | null }>('GET', '/api/v1/agent-switch'),
    [],
  );
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const on = state.data?.on;
  const flip = async () => {
    if (on === undefined) return;
    setError(null);
    setBusy(true);
    // Optimistic: the switch moves at once and moves back, with the reason, if the save fails.
    state.setData({ on: !on, updatedAt: state.data?.updatedAt ?? null });
    try {
      state.setData(await api('PATCH', '/api/v1/agent-switch', { on: !on }));
    } catch (e) {
      state.setData({ on, updatedAt: state.data?.updatedAt ?? null });
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Section title="Agent on or off">
      <FormError error={error ?? state.error} />
      {on === false && (
        <p className="alert warn">
          The agent is off: it takes no new conversations on any channel until you turn it on.
        </p>
      )}
      {on !== undefined && (
        <div className="switch-row">
          <button
            type="button"
            role="switch"
            aria-checked={on}
            className={`switch ${on ? 'on' : 'off'}`}
            disabled={!editable || busy}
            onClick={() => void flip()}
          >
            <span aria-hidden="true" className="knob" />
            The agent takes new conversations
          </button>
          <strong data-testid="switch-state">{on ? 'On' : 'Off'}</strong>
        </div>
      )}
      <p className="muted small">
        This applies to every channel. Off: the agent takes no new conversation anywhere; each one goes where
        its deployment's “when unavailable” says (a team, a person or the unassigned queue), with its message.
        Conversations the agent already has continue. Nothing is lost: turn it on again and it takes new
        conversations at once.
      </p>
    </Section>
  );
}

function DeploymentEditor({
  deployment,
  channels,
  dir,
  onSaved,
  onClose,
}: {
  deployment: Deployment | null;
  channels: Channel[];
  dir: Directory;
  onSaved: (d: Deployment, created: boolean) => void;
  onClose: () => void;
}) {
  const { agent } = useAgent();
  const [channelId, setChannelId] = useState(deployment?.channelId ?? channels[0]?.id ?? '');
  const [agentId, setAgentId] = useState(deployment?.agentId ?? agent.id);
  const [hours, setHours] = useState(() => hoursDraftOf(deployment?.hours));
  const [unavailable, setUnavailable] = useState<WhenUnavailableDraft>(() => ({
    assignTo: 'unassigned',
    teamId: '',
    userId: '',
    message: '',
    ...(deployment?.whenUnavailable as Partial<WhenUnavailableDraft>),
  }));
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const save = async () => {
    setError(null);
    setBusy(true);
    try {
      const body = { agentId, hours: hoursOf(hours), whenUnavailable: whenUnavailableOf(unavailable) };
      const d = deployment
        ? await api<Deployment>('PATCH', `/api/v1/deployments/${enc(deployment.id)}`, body)
        : await api<Deployment>('POST', '/api/v1/deployments', { ...body, channelId });
      onSaved(d, !deployment);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const errors = errorsOf(error);
  return (
    <form
      onSubmit={submit(save)}
      className="card nested"
      aria-label={deployment ? `Edit ${deployment.channel.name}` : 'New deployment'}
    >
      <h3>{deployment ? `Edit ${deployment.channel.name}` : 'Deploy to a channel'}</h3>
      <FormError error={error} />
      <div className="grid2">
        <SelectField
          label="Channel"
          path="channelId"
          errors={errors}
          value={deployment ? deployment.channelId : channelId}
          disabled={deployment !== null}
          options={
            deployment
              ? [[deployment.channelId, deployment.channel.name]]
              : channels.map((c) => [c.id, `${c.name} (${channelTypeLabel(c.type)})`])
          }
          onChange={setChannelId}
        />
        <SelectField
          label="Agent"
          path="agentId"
          errors={errors}
          value={agentId}
          options={dir.agents.map((a) => [a.id, a.name])}
          onChange={setAgentId}
        />
      </div>
      <HoursEditor value={hours} onChange={setHours} errors={errors} />
      <WhenUnavailableEditor value={unavailable} onChange={setUnavailable} errors={errors} dir={dir} />
      {deployment && (
        <p className="muted small">
          Handoff to a person follows the agent's handoff settings:{' '}
          <a href="#/agent">change them on the Agent screen</a>.
        </p>
      )}
      <FormButtons submit={deployment ? 'Save deployment' : 'Deploy'} busy={busy} onCancel={onClose} />
    </form>
  );
}
