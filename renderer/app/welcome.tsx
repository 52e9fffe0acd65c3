// First launch: a short guide over the Local sandbox, until dismissed.
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Button, IconButton } from '../components/button';
import { Kbd } from '../components/misc';
import { allActions } from '../lib/actions';
import { useWorkspace } from '../lib/workspace-store';
import { currentActionContext } from './global-shortcuts';
import { loadPane } from './pane-registry';
import { useShell } from './shell-state';
import type { ServerView } from '../../main/contract/servers';

const DISMISSED_KEY = 'kestra-console-welcome-dismissed';

export function WelcomeGuide({ servers }: { servers: readonly ServerView[] }) {
  const [dismissed, setDismissed] = useState(() => localStorage.getItem(DISMISSED_KEY) === '1');
  const queryClient = useQueryClient();
  const openServerEditor = useShell((state) => state.openServerEditor);
  const activeServerId = useWorkspace((state) => state.activeServerId);
  const onlySandbox = servers.every((server) => server.builtIn);
  const active = servers.find((server) => server.id === activeServerId);
  if (dismissed || !onlySandbox || !active?.builtIn) return null;

  const dismiss = (): void => {
    localStorage.setItem(DISMISSED_KEY, '1');
    setDismissed(true);
  };
  const newFlow = async (): Promise<void> => {
    await loadPane('flows');
    const action = allActions().find((candidate) => candidate.id === 'flows.new');
    void action?.perform(currentActionContext(servers, queryClient));
  };

  return (
    <section className="welcome" aria-label="Getting started">
      <div className="welcome__text">
        <h2>Welcome to Kestra Console</h2>
        <p>
          You are connected to the <strong>Local sandbox</strong>, a Kestra-compatible server running on this machine: write flows, run them and watch their
          logs without any other setup. Add your own Kestra servers to work with several at once.
        </p>
        <p className="welcome__keys">
          <Kbd shortcut="Mod+K" /> finds servers, namespaces, flows and commands · <Kbd shortcut="Mod+1" /> … <Kbd shortcut="Mod+9" /> switch servers ·{' '}
          <Kbd shortcut="Mod+S" /> saves · <Kbd shortcut="Mod+E" /> runs a flow
        </p>
      </div>
      <div className="welcome__actions">
        <Button variant="primary" icon="plus" onClick={() => void newFlow()}>
          Create a flow
        </Button>
        <Button icon="server" onClick={() => openServerEditor()}>
          Add a server
        </Button>
      </div>
      <IconButton icon="close" size="sm" label="Dismiss the getting started guide" onClick={dismiss} />
    </section>
  );
}
