// First launch: a short guide over the Local sandbox, until dismissed, or until it has done its
// job: once the Local sandbox has a flow and an execution, it goes away for good.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { create } from 'zustand';
import { persist } from 'zustand/middleware';
import { Button, IconButton } from '../components/button';
import { Kbd } from '../components/misc';
import { allActions } from '../lib/actions';
import { call } from '../lib/call';
import { consoleStorage } from '../lib/persisted-state';
import { kestraKeys } from '../lib/query-keys';
import { useWorkspace } from '../lib/workspace-store';
import { currentActionContext } from './global-shortcuts';
import { loadPane } from './pane-registry';
import { useShell } from './shell-state';
import type { ServerView } from '../../main/contract/servers';

/** Dismissed by the user, or done (a flow made and run): kept across restarts. */
interface WelcomeState {
  dismissed: boolean;
}
const useWelcome = create<WelcomeState>()(
  persist((): WelcomeState => ({ dismissed: false }), {
    name: 'welcome',
    version: 1,
    storage: consoleStorage<WelcomeState>(),
    merge: (persisted, current): WelcomeState => ({ ...current, dismissed: (persisted as { dismissed?: unknown } | undefined)?.dismissed === true }),
  }),
);

export function WelcomeGuide({ servers }: { servers: readonly ServerView[] }) {
  const dismissed = useWelcome((state) => state.dismissed);
  const queryClient = useQueryClient();
  const openServerEditor = useShell((state) => state.openServerEditor);
  const activeServerId = useWorkspace((state) => state.activeServerId);
  const onlySandbox = servers.every((server) => server.builtIn);
  const active = servers.find((server) => server.id === activeServerId);
  const shown = !dismissed && onlySandbox && !!active?.builtIn;
  // Has the user made a flow and run it yet? (One small search each, only while the guide shows;
  // refreshed with the flows and executions after every save and run.)
  const sandboxId = active?.builtIn ? active.id : '';
  const flows = useQuery({
    queryKey: [...kestraKeys.flows(sandboxId), 'summary'],
    queryFn: ({ signal }) => call('flows.search', { serverId: sandboxId, size: 1 }, { signal }),
    enabled: shown,
  });
  const runs = useQuery({
    queryKey: [...kestraKeys.executions(sandboxId), 'summary'],
    queryFn: ({ signal }) => call('executions.search', { serverId: sandboxId, size: 1 }, { signal }),
    enabled: shown,
  });
  const done = (flows.data?.total ?? 0) > 0 && (runs.data?.total ?? 0) > 0;
  const dismiss = (): void => {
    useWelcome.setState({ dismissed: true });
  };
  useEffect(() => {
    if (shown && done) useWelcome.setState({ dismissed: true });
  }, [shown, done]);
  // Shown once both answers say it is still needed (no flash for a user who is past it).
  if (!shown || done || !flows.data || !runs.data) return null;
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
