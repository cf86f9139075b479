import { useState } from 'react';
import { api, enc } from '../api.ts';
import { useLoad } from '../load.ts';
import { useSession } from '../session.tsx';
import { useAgent } from '../shell.tsx';
import { Empty, FormError, Loading, Notice, Section } from '../ui.tsx';
import type { PackSkill } from './hubspot-api.ts';

/** The Connector Pack (§D2): its seven skills, whether this agent has each, and installing it. */
export function HubSpotPack() {
  const { agent } = useAgent();
  const { can } = useSession();
  const pack = useLoad(
    () => api<{ skills: PackSkill[] }>('GET', `/api/v1/integrations/hubspot/pack?agentId=${enc(agent.id)}`),
    [agent.id],
  );
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState('');
  const skills = pack.data?.skills ?? [];
  const missing = skills.filter((s) => !s.installed).length;

  const install = async () => {
    setError(null);
    setNotice('');
    try {
      const r = await api<{ skills: Array<{ created: boolean }> }>(
        'POST',
        `/api/v1/agents/${enc(agent.id)}/integrations/hubspot/pack/install`,
      );
      const made = r.skills.filter((s) => s.created).length;
      setNotice(
        made === 0
          ? `${agent.name} already has every skill of the pack; nothing changed.`
          : `Installed ${made} skill${made === 1 ? '' : 's'} for ${agent.name}.`,
      );
      pack.reload();
    } catch (e) {
      setError(e);
    }
  };

  return (
    <Section title="Connector Pack">
      <p className="muted">
        Seven skills the agent uses like its actions. Writes are confirmed with the customer first and never
        run in parallel; updating a contact also needs a verified caller.
      </p>
      {notice && <Notice>{notice}</Notice>}
      <FormError error={error ?? pack.error} />
      {!pack.data && !pack.error && <Loading />}
      {pack.data && skills.length === 0 && <Empty title="The pack is empty." />}
      {skills.length > 0 && (
        <table className="list">
          <caption className="sr-only">Connector Pack skills for {agent.name}</caption>
          <thead>
            <tr>
              <th scope="col">Skill</th>
              <th scope="col">Kind</th>
              <th scope="col">Gates</th>
              <th scope="col">State</th>
            </tr>
          </thead>
          <tbody>
            {skills.map((s) => (
              <tr key={s.key} data-skill={s.key}>
                <td>
                  <strong>{s.name}</strong> <code className="small">{s.key}</code>
                  <div className="muted small">{s.description}</div>
                </td>
                <td>{s.kind}</td>
                <td className="small">
                  {[s.gated ? 'confirmed first' : '', s.requiresVerifiedIdentity ? 'verified caller' : '']
                    .filter(Boolean)
                    .join(', ') || '—'}
                </td>
                <td>
                  <span className={`badge ${s.installed ? 'published' : 'unpublished'}`}>
                    {s.installed ? 'installed' : 'not installed'}
                  </span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {can('skills:write') && skills.length > 0 && (
        <div className="buttons">
          <button type="button" className="primary" onClick={() => void install()}>
            {missing > 0 ? `Install the pack for ${agent.name}` : 'Install again (skips existing skills)'}
          </button>
        </div>
      )}
    </Section>
  );
}
