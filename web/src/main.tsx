import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { useRoute } from './router.ts';
import { AccountScreen } from './screens/account.tsx';
import { ActionEditor } from './screens/action-editor.tsx';
import { ActionsList } from './screens/actions-list.tsx';
import { AgentScreen } from './screens/agent.tsx';
import { ChannelsScreen } from './screens/channels.tsx';
import { ConnectionsScreen } from './screens/connections.tsx';
import { CreditsScreen } from './screens/credits.tsx';
import { DeployScreen } from './screens/deploy.tsx';
import { FlowEditor, FlowsList } from './screens/flows.tsx';
import { HubSpotScreen } from './screens/hubspot.tsx';
import { InboxScreen } from './screens/inbox.tsx';
import { KnowledgeScreen } from './screens/knowledge.tsx';
import { LogScreen } from './screens/log.tsx';
import { PreviewScreen } from './screens/preview.tsx';
import { SettingsScreen } from './screens/settings.tsx';
import { SessionGate } from './session.tsx';
import { Shell } from './shell.tsx';
import './styles.css';
import './screens/setup-screens.css';

function Routes() {
  const [section = 'actions', id] = useRoute();
  let screen: React.ReactNode;
  switch (section) {
    case 'actions':
      screen = id ? <ActionEditor key={id} id={id === 'new' ? null : id} /> : <ActionsList />;
      break;
    case 'flows':
      screen = id ? <FlowEditor key={id} id={id === 'new' ? null : id} /> : <FlowsList />;
      break;
    case 'connections':
      screen = <ConnectionsScreen />;
      break;
    case 'knowledge':
      screen = <KnowledgeScreen />;
      break;
    case 'agent':
      screen = <AgentScreen />;
      break;
    case 'preview':
      screen = <PreviewScreen />;
      break;
    case 'hubspot':
      screen = <HubSpotScreen tab={id} />;
      break;
    case 'inbox':
      screen = <InboxScreen openId={id} />;
      break;
    case 'log':
      screen = <LogScreen />;
      break;
    case 'channels':
      screen = <ChannelsScreen />;
      break;
    case 'deploy':
      screen = <DeployScreen />;
      break;
    case 'credits':
      screen = <CreditsScreen />;
      break;
    case 'account':
      screen = <AccountScreen />;
      break;
    case 'settings':
      screen = <SettingsScreen />;
      break;
    default:
      screen = (
        <>
          <h1>Not found</h1>
          <p>
            There is no screen here. Go to <a href="#/actions">Actions</a>.
          </p>
        </>
      );
  }
  return <Shell section={section}>{screen}</Shell>;
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <SessionGate>
      <Routes />
    </SessionGate>
  </StrictMode>,
);
