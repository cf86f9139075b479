import { useState } from 'react';
import { api } from '../api.ts';
import { useLoad } from '../load.ts';
import { useSession } from '../session.tsx';
import { CheckField, FormError, Loading, Notice, Section } from '../ui.tsx';
import { type HubSpotConnection, hashQuery } from './hubspot-api.ts';
import { HubSpotBindings } from './hubspot-bindings.tsx';
import { HubSpotLogging } from './hubspot-logging.tsx';
import { HubSpotPack } from './hubspot-pack.tsx';
import { HubSpotSchema } from './hubspot-schema.tsx';

const TABS: Array<[string, string]> = [
  ['connection', 'Connection'],
  ['pack', 'Connector Pack'],
  ['schema', 'Schema'],
  ['bindings', 'Bindings'],
  ['logging', 'Interaction logging'],
];

/** Why the callback sent the browser back (its error codes, in words). */
const CALLBACK_ERRORS: Record<string, string> = {
  hubspot_denied: 'The HubSpot consent was declined; nothing was connected.',
  oauth_state_invalid: 'That HubSpot link expired or was already used. Start connecting again.',
};

/** The HubSpot connector (spec §D): connection, pack, schema, bindings, interaction logging. */
export function HubSpotScreen({ tab = 'connection' }: { tab?: string | undefined }) {
  const connection = useLoad(
    () => api<HubSpotConnection>('GET', '/api/v1/integrations/hubspot/connection'),
    [],
  );
  const current = TABS.some(([k]) => k === tab) ? tab : 'connection';
  const connected = connection.data && connection.data.status !== 'not_connected';
  return (
    <>
      <h1>HubSpot</h1>
      <nav aria-label="HubSpot" className="tabs">
        <ul>
          {TABS.map(([k, label]) => (
            <li key={k}>
              <a href={`#/hubspot/${k}`} aria-current={k === current ? 'page' : undefined}>
                {label}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <FormError error={connection.error} />
      {!connection.data && !connection.error && <Loading />}
      {connection.data && current === 'connection' && (
        <ConnectionPanel connection={connection.data} reload={connection.reload} />
      )}
      {connection.data && current !== 'connection' && !connected && (
        <p className="empty">
          <strong>HubSpot is not connected.</strong> <a href="#/hubspot/connection">Connect it first</a>.
        </p>
      )}
      {connected && current === 'pack' && <HubSpotPack />}
      {connected && current === 'schema' && <HubSpotSchema />}
      {connected && current === 'bindings' && <HubSpotBindings />}
      {connected && current === 'logging' && <HubSpotLogging />}
    </>
  );
}

function ConnectionPanel({ connection: c, reload }: { connection: HubSpotConnection; reload: () => void }) {
  const { can } = useSession();
  const [customObjects, setCustomObjects] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState('');
  const query = hashQuery();
  const callbackError = query.get('error');
  const mayConnect = can('integrations:connect');

  const connect = async () => {
    setError(null);
    try {
      const { oauthUrl } = await api<{ oauthUrl: string }>('POST', '/api/v1/integrations/hubspot/connect', {
        customObjects,
      });
      // HubSpot's consent page; it sends the browser back to the callback, then here.
      window.location.assign(oauthUrl);
    } catch (e) {
      setError(e);
    }
  };
  const disconnect = async () => {
    if (!window.confirm('Disconnect HubSpot? The agent stops using it until you connect again.')) return;
    setError(null);
    try {
      await api('DELETE', '/api/v1/integrations/hubspot/connection');
      setNotice('HubSpot is disconnected.');
      reload();
    } catch (e) {
      setError(e);
    }
  };

  return (
    <Section title="Connection">
      {query.get('connected') && c.status === 'connected' && !notice && (
        <Notice>HubSpot is connected. The Connector Pack is installed for your agents.</Notice>
      )}
      {notice && <Notice>{notice}</Notice>}
      {callbackError && (
        <div className="alert error" role="alert">
          {CALLBACK_ERRORS[callbackError] ?? `Connecting failed (${callbackError}). Try again.`}
        </div>
      )}
      <FormError error={error} />
      <dl className="facts">
        <dt>Status</dt>
        <dd>
          <span
            className={`badge ${c.status === 'connected' ? 'published' : c.status === 'reconnect_needed' ? 'error' : 'unpublished'}`}
          >
            {c.status === 'connected'
              ? 'connected'
              : c.status === 'reconnect_needed'
                ? 'reconnect needed'
                : 'not connected'}
          </span>
        </dd>
        {c.hubId && (
          <>
            <dt>HubSpot account</dt>
            <dd>{c.hubId}</dd>
          </>
        )}
        {c.connectedAt && (
          <>
            <dt>Connected</dt>
            <dd>{new Date(c.connectedAt).toLocaleString()}</dd>
          </>
        )}
        {c.lastError && (
          <>
            <dt>Last error</dt>
            <dd>{c.lastError}</dd>
          </>
        )}
      </dl>
      {c.status !== 'not_connected' && (
        <>
          <h3 id="granted-scopes">Granted scopes</h3>
          {c.scopes.length === 0 ? (
            <p className="muted">HubSpot granted no scopes.</p>
          ) : (
            <ul className="scopes" aria-labelledby="granted-scopes">
              {c.scopes.map((s) => (
                <li key={s}>
                  <code>{s}</code>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
      {c.status === 'not_connected' && (
        <p className="muted">
          Connect a HubSpot account so the agent can recognise callers, open tickets and deals, and log
          conversations on the contact's timeline. You approve the access on HubSpot's own page.
        </p>
      )}
      {mayConnect ? (
        <>
          <CheckField
            label="Also ask for custom-object access (only if a binding needs a custom object)"
            checked={customObjects}
            onChange={setCustomObjects}
          />
          <div className="buttons">
            <button type="button" className="primary" onClick={() => void connect()}>
              {c.status === 'not_connected' ? 'Connect HubSpot' : 'Reconnect HubSpot'}
            </button>
            {c.status !== 'not_connected' && (
              <button type="button" className="danger" onClick={() => void disconnect()}>
                Disconnect
              </button>
            )}
          </div>
        </>
      ) : (
        <p className="muted">An admin can connect HubSpot.</p>
      )}
    </Section>
  );
}
