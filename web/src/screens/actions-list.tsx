import { useState } from 'react';
import { api, enc } from '../api.ts';
import { Listing } from '../components/list-table.tsx';
import { useLoad } from '../load.ts';
import { navigate } from '../router.ts';
import { useSession } from '../session.tsx';
import { useAgent } from '../shell.tsx';
import type { Action } from '../types.ts';
import { Badge, Empty, FormError } from '../ui.tsx';

/** Actions with their state; row actions appear on hover or focus (seed 000 "Manage actions"). */
export function ActionsList() {
  const { agent } = useAgent();
  const { can } = useSession();
  const base = `/api/v1/agents/${enc(agent.id)}/actions`;
  const list = useLoad(() => api<{ actions: Action[] }>('GET', base), [base]);
  const [error, setError] = useState<unknown>(null);
  const editable = can('actions:write');

  const run = async (fn: () => Promise<unknown>) => {
    setError(null);
    try {
      await fn();
      list.reload();
    } catch (e) {
      setError(e);
    }
  };

  return (
    <>
      <div className="title-row">
        <h1>Actions</h1>
        {editable && (
          <a className="button primary" href="#/actions/new">
            Create action
          </a>
        )}
      </div>
      <p className="muted">Tasks the agent performs against your APIs when a customer asks.</p>
      <FormError error={error} />
      <Listing
        items={list.data?.actions}
        error={list.error}
        caption={`Actions of ${agent.name}`}
        columns={['Name', 'State', 'Triggers']}
        empty={
          <Empty title="No actions yet.">
            <p>
              {editable
                ? 'Create one: describe it, say which inputs to ask for, configure the API call, test it and publish.'
                : 'An editor can create the first one.'}
            </p>
          </Empty>
        }
        row={(a) => {
          const published = a.status === 'published';
          const lockedWhy = published ? 'Unpublish it first to change it.' : undefined;
          return (
            <tr key={a.id} className="hover-row" data-action={a.key}>
              <td>
                <a href={`#/actions/${enc(a.id)}`}>{a.name}</a>
                <div className="muted small">{a.description}</div>
              </td>
              <td>
                <Badge state={a.status} />
                {a.publishedVersion ? <span className="muted small"> v{a.publishedVersion}</span> : null}
              </td>
              <td className="small">{a.triggers.slice(0, 3).join(' · ')}</td>
              <td className="row-actions">
                <button type="button" onClick={() => navigate(`/preview?action=${enc(a.key)}`)}>
                  Preview<span className="sr-only"> {a.name}</span>
                </button>
                {editable && published && (
                  <button
                    type="button"
                    onClick={() => run(() => api('POST', `${base}/${enc(a.id)}/unpublish`))}
                  >
                    Unpublish<span className="sr-only"> {a.name}</span>
                  </button>
                )}
                {editable && (
                  <>
                    <button
                      type="button"
                      disabled={published}
                      title={lockedWhy}
                      onClick={() => navigate(`/actions/${enc(a.id)}`)}
                    >
                      Edit<span className="sr-only"> {a.name}</span>
                    </button>
                    <button
                      type="button"
                      className="danger"
                      disabled={published}
                      title={lockedWhy}
                      onClick={() => {
                        if (window.confirm(`Delete the action “${a.name}”?`))
                          void run(() => api('DELETE', `${base}/${enc(a.id)}`));
                      }}
                    >
                      Delete<span className="sr-only"> {a.name}</span>
                    </button>
                  </>
                )}
              </td>
            </tr>
          );
        }}
      />
    </>
  );
}
