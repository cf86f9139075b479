import { createContext, type ReactNode, useContext, useEffect, useId } from 'react';
import type { Agent } from '../../src/agents/model.ts';
import { api } from './api.ts';
import { useLoad } from './load.ts';
import { useSession } from './session.tsx';
import { FormError, Loading } from './ui.tsx';

const NAV: Array<[string, string]> = [
  ['actions', 'Actions'],
  ['flows', 'Flows'],
  ['connections', 'Connections'],
  ['knowledge', 'Knowledge'],
  ['agent', 'Agent'],
  ['channels', 'Channels'],
  ['deploy', 'Deploy'],
  ['credits', 'Credits'],
  ['preview', 'Preview'],
  ['inbox', 'Inbox'],
  ['hubspot', 'HubSpot'],
  ['log', 'Integration log'],
  ['settings', 'Settings'],
];

interface AgentCtx {
  agent: Agent;
  agents: Agent[];
  reloadAgents: () => void;
}
const Ctx = createContext<AgentCtx | null>(null);
export function useAgent(): AgentCtx {
  const c = useContext(Ctx);
  if (!c) throw new Error('no agent');
  return c;
}

const AGENT_KEY = 'frontdesk.agent';

/** The frame of every screen: skip link, header with agent switcher and user, navigation. */
export function Shell({ section, children }: { section: string; children: ReactNode }) {
  const { session, signOut } = useSession();
  const agents = useLoad(() => api<{ agents: Agent[] }>('GET', '/api/v1/agents'), []);
  const list = agents.data?.agents ?? [];
  const chosen = list.find((a) => a.id === localStorage.getItem(AGENT_KEY)) ?? list[0];
  const selectId = useId();
  const title = NAV.find(([k]) => k === section)?.[1] ?? 'Frontdesk';
  useEffect(() => {
    document.title = `${title} · Frontdesk`;
  }, [title]);
  return (
    <>
      {/* A button, not an #anchor: the hash belongs to the router. */}
      <button type="button" className="skip" onClick={() => document.getElementById('main')?.focus()}>
        Skip to content
      </button>
      <header className="top">
        <span className="brand">Frontdesk</span>
        {list.length > 1 && chosen && (
          <span className="agent-pick">
            <label htmlFor={selectId}>Agent</label>
            <select
              id={selectId}
              value={chosen.id}
              onChange={(e) => {
                localStorage.setItem(AGENT_KEY, e.target.value);
                agents.reload();
              }}
            >
              {list.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.name}
                </option>
              ))}
            </select>
          </span>
        )}
        <span className="who">
          <a href="#/account" className="me" aria-current={section === 'account' ? 'page' : undefined}>
            {session.user.email} <span className="badge">{session.user.role}</span>
          </a>
          <button type="button" onClick={() => void signOut()}>
            Sign out
          </button>
        </span>
      </header>
      <div className="layout">
        <nav aria-label="Main" className="side">
          <ul>
            {NAV.map(([k, label]) => (
              <li key={k}>
                <a href={`#/${k}`} aria-current={k === section ? 'page' : undefined}>
                  {label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <main id="main" tabIndex={-1}>
          <FormError error={agents.error} />
          {!agents.data && !agents.error && <Loading />}
          {agents.data && !chosen && <p>No agent yet. Create one with the API or `frontdesk apply`.</p>}
          {chosen && (
            <Ctx.Provider value={{ agent: chosen, agents: list, reloadAgents: agents.reload }}>
              {children}
            </Ctx.Provider>
          )}
        </main>
      </div>
    </>
  );
}
