import { useState } from 'react';
import { api, enc } from '../api.ts';
import { useLoad } from '../load.ts';
import { useSession } from '../session.tsx';
import { Empty, FormError, Loading, Notice, Section, submit, TextField } from '../ui.tsx';
import type { ObjectSummary, SchemaHit, SchemaObject } from './hubspot-api.ts';

/** The account's discovered schema (§D6): discover, browse objects and properties, search. */
export function HubSpotSchema() {
  const { can } = useSession();
  const objects = useLoad(
    () => api<{ objects: ObjectSummary[] }>('GET', '/api/v1/integrations/hubspot/objects'),
    [],
  );
  const [open, setOpen] = useState<SchemaObject | null>(null);
  const [q, setQ] = useState('');
  const [hits, setHits] = useState<SchemaHit[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState('');

  const attempt = async (fn: () => Promise<void>) => {
    setError(null);
    try {
      await fn();
    } catch (e) {
      setError(e);
    }
  };
  const discover = () =>
    attempt(async () => {
      const r = await api<{ objects: ObjectSummary[]; customObjects: string }>(
        'POST',
        '/api/v1/integrations/hubspot/discover',
      );
      setNotice(
        `Discovered ${r.objects.length} objects.${r.customObjects === 'not_granted' ? ' Custom objects need custom-object access (reconnect to grant it).' : ''}`,
      );
      objects.reload();
    });
  const show = (name: string) =>
    attempt(async () =>
      setOpen(await api<SchemaObject>('GET', `/api/v1/integrations/hubspot/objects/${enc(name)}`)),
    );
  const search = () =>
    attempt(async () => {
      if (!q.trim()) return setHits(null);
      const r = await api<{ results: SchemaHit[] }>(
        'GET',
        `/api/v1/integrations/hubspot/search?q=${enc(q.trim())}`,
      );
      setHits(r.results);
    });

  const list = objects.data?.objects ?? [];
  return (
    <>
      <Section title="Objects">
        {notice && <Notice>{notice}</Notice>}
        <FormError error={error ?? objects.error} />
        {!objects.data && !objects.error && <Loading />}
        {objects.data && list.length === 0 && (
          <Empty title="No schema discovered yet.">
            <p>Discover the account's objects and properties to browse them and build bindings.</p>
          </Empty>
        )}
        {list.length > 0 && (
          <table className="list">
            <caption className="sr-only">Discovered HubSpot objects</caption>
            <thead>
              <tr>
                <th scope="col">Object</th>
                <th scope="col">Name</th>
                <th scope="col">Properties</th>
              </tr>
            </thead>
            <tbody>
              {list.map((o) => (
                <tr key={o.name}>
                  <td>
                    <button type="button" className="link" onClick={() => void show(o.name)}>
                      {o.label}
                    </button>
                    {o.custom && <span className="badge draft">custom</span>}
                  </td>
                  <td>
                    <code>{o.name}</code>
                  </td>
                  <td>{o.propertyCount}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {can('integrations:write') && (
          <div className="buttons">
            <button type="button" className={list.length ? '' : 'primary'} onClick={() => void discover()}>
              {list.length ? 'Discover again' : 'Discover schema'}
            </button>
          </div>
        )}
      </Section>
      {open && (
        <Section title={`${open.label} properties`}>
          <table className="list">
            <caption className="sr-only">Properties of {open.label}</caption>
            <thead>
              <tr>
                <th scope="col">Label</th>
                <th scope="col">Internal name</th>
                <th scope="col">Type</th>
                <th scope="col">Notes</th>
              </tr>
            </thead>
            <tbody>
              {open.properties.map((p) => (
                <tr key={p.name}>
                  <td>{p.label}</td>
                  <td>
                    <code>{p.name}</code>
                  </td>
                  <td>{p.type}</td>
                  <td className="small">
                    {[
                      p.readOnly ? 'read-only' : '',
                      p.unique ? 'unique' : '',
                      p.options.length ? p.options.slice(0, 6).join(', ') : '',
                    ]
                      .filter(Boolean)
                      .join(' · ')}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="buttons">
            <button type="button" onClick={() => setOpen(null)}>
              Close {open.label}
            </button>
          </div>
        </Section>
      )}
      <Section title="Search the schema">
        <form onSubmit={submit(search)}>
          <TextField
            label="Object or property"
            value={q}
            onChange={setQ}
            hint="A name, label or words from a description."
          />
          <button type="submit">Search</button>
        </form>
        {hits && hits.length === 0 && <Empty title={`Nothing matches “${q}”.`} />}
        {hits && hits.length > 0 && (
          <table className="list">
            <caption className="sr-only">Schema search results</caption>
            <thead>
              <tr>
                <th scope="col">Object</th>
                <th scope="col">Property</th>
                <th scope="col">Label</th>
                <th scope="col">Type</th>
              </tr>
            </thead>
            <tbody>
              {hits.map((h) => (
                <tr key={`${h.object}:${h.property ?? ''}`}>
                  <td>{h.objectLabel}</td>
                  <td>{h.property ? <code>{h.property}</code> : '—'}</td>
                  <td>{h.label}</td>
                  <td>{h.type ?? 'object'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Section>
    </>
  );
}
