// The window: server rail, open server tabs, the active server's workspace, status bar, and the
// hosts for dialogs, toasts and the command palette.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { lazy, Suspense, useEffect, useRef } from 'react';
import { ChoiceHost, ConfirmHost } from '../components/confirm';
import { ErrorView } from '../components/error-view';
import { Loading } from '../components/misc';
import { ToastHost } from '../components/toasts';
import { useActionRegistry } from '../lib/actions';
import { call } from '../lib/call';
import { consoleKeys, kestraKeys } from '../lib/query-keys';
import { useServers } from '../lib/servers';
import { useWorkspace } from '../lib/workspace-store';
import { useGlobalShortcuts } from './global-shortcuts';
import { preloadPanes } from './pane-registry';
import { ServerRail } from './server-rail';
import { adoptServerList, chooseStartScreen } from './startup';
import { ServerTabs } from './server-tabs';
import { ServerWorkspace } from './server-workspace';
import { SHELL_ACTIONS } from './shell-actions';
import { useShell } from './shell-state';
import { StatusBar } from './status-bar';
import { WelcomeGuide } from './welcome';
import { switchServer } from './server-switch';
import { FleetHost, LayoutToolbar } from './fleet-host';
import { LAYOUT_ACTIONS } from './layout-actions';
import { SplitWorkspace } from './split-workspace';
import { pruneSplit, useLayout } from '../lib/layout-store';
import './shell.css';

// Dialogs the shell opens on demand: loaded when first opened, not at start.
const CommandPalette = lazy(() => import('./command-palette').then((module) => ({ default: module.CommandPalette })));
const ServerEditorDialog = lazy(() => import('../features/servers').then((module) => ({ default: module.ServerEditorDialog })));

export function AppShell() {
  const queryClient = useQueryClient();
  const servers = useServers();
  const activeServerId = useWorkspace((state) => state.activeServerId);
  const view = useLayout((state) => state.view);
  const splitOn = useLayout((state) => state.split.on);
  const paletteOpen = useShell((state) => state.paletteOpen);
  const serverEditor = useShell((state) => state.serverEditor);
  const closeServerEditor = useShell((state) => state.closeServerEditor);
  const list = servers.data;
  useEffect(() => {
    performance.mark('kc:shell-mounted');
  }, []);
  useEffect(() => {
    if (list) performance.mark('kc:servers-loaded');
  }, [list]);
  // Before the first server is opened (first launch), show it already: no extra render pass.
  const active = list?.find((server) => server.id === activeServerId) ?? (activeServerId === undefined ? list?.[0] : undefined);

  // The Local sandbox starts in the background: poll until it runs, then refresh its profile (its
  // address is known only then) and its health.
  const status = useQuery({
    queryKey: consoleKeys.appStatus(),
    queryFn: ({ signal }) => call('app.status', {}, { signal }),
    refetchInterval: (query) => (query.state.data?.localSandbox.state === 'starting' ? 500 : 60_000),
    retry: false,
  });
  const sandboxState = status.data?.localSandbox.state;
  const previousSandboxState = useRef(sandboxState);
  useEffect(() => {
    if (previousSandboxState.current === 'starting' && sandboxState === 'running') {
      void queryClient.invalidateQueries({ queryKey: consoleKeys.servers() });
      for (const server of list ?? []) if (server.builtIn) void queryClient.invalidateQueries({ queryKey: kestraKeys.server(server.id) });
    }
    previousSandboxState.current = sandboxState;
  }, [sandboxState, list, queryClient]);

  useGlobalShortcuts(list);
  useEffect(() => useActionRegistry.getState().register('shell', [...SHELL_ACTIONS, ...LAYOUT_ACTIONS]), []);

  // Restore or choose the active server: drop tabs of servers that are gone; on first launch open
  // the first server (the Local sandbox).
  useEffect(() => {
    if (list) adoptServerList(list);
  }, [list]);

  // With more than one server, the console opens on the fleet (unless a split was left open); the
  // split is dropped if a side's server is gone.
  const startScreenChosen = useRef(false);
  useEffect(() => {
    if (!list) return;
    pruneSplit(list.map((server) => server.id));
    if (startScreenChosen.current) return;
    startScreenChosen.current = true;
    // Startup chose it already when the list came in time; this covers a list that came later.
    void chooseStartScreen(list);
  }, [list]);

  // The other panes' modules (and their commands) load once the shell is up and idle, so they
  // never compete with the first paint for the CPU.
  useEffect(() => {
    const idle = window.requestIdleCallback ?? ((callback: () => void) => window.setTimeout(callback, 200));
    const preload = (): void => {
      preloadPanes();
      void import('./command-palette');
    };
    const timer = window.setTimeout(() => idle(preload, { timeout: 5000 }), 2000);
    return () => window.clearTimeout(timer);
  }, []);

  // Closing or reloading the window with unsaved documents asks first.
  useEffect(() => {
    const onBeforeUnload = (event: BeforeUnloadEvent): void => {
      const unsaved = useWorkspace.getState().unsaved;
      if (Object.values(unsaved).some((documents) => Object.keys(documents).length > 0)) {
        event.preventDefault();
        event.returnValue = '';
      }
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => window.removeEventListener('beforeunload', onBeforeUnload);
  }, []);

  const editing = serverEditor?.mode === 'edit' ? list?.find((server) => server.id === serverEditor.serverId) : undefined;

  return (
    <div className="app-shell">
      {list && <ServerRail servers={list} />}
      {!list && <nav className="rail" aria-label="Servers" />}
      <main className="workspace" aria-label="Kestra Console">
        {list && (
          <div className="workspace__top">
            <ServerTabs servers={list} />
            <LayoutToolbar servers={list} />
          </div>
        )}
        {status.data?.localSandbox.state === 'failed' && (
          <div className="workspace__error">
            <ErrorView error={new Error(status.data.localSandbox.error ?? 'Unknown error')} title="The Local sandbox could not start" />
          </div>
        )}
        {list && <WelcomeGuide servers={list} />}
        <div className="workspace__body">
          {servers.isPending && <Loading label="Loading servers…" />}
          {servers.error && (
            <div className="workspace__error">
              <ErrorView error={servers.error} title="The server list could not be loaded" onRetry={() => void servers.refetch()} />
            </div>
          )}
          {list && view === 'fleet' && <FleetHost servers={list} />}
          {list && view === 'servers' && splitOn && <SplitWorkspace servers={list} fallback={active && <ServerWorkspace key={active.id} server={active} />} />}
          {view === 'servers' && !splitOn && active && <ServerWorkspace key={active.id} server={active} />}
          {view === 'servers' && list && !active && list.length > 0 && <Loading label="Opening server…" />}
        </div>
        <StatusBar server={active} />
      </main>
      <Suspense fallback={null}>
        {paletteOpen && list && <CommandPalette servers={list} />}
        {serverEditor && list && (serverEditor.mode === 'add' || editing) && (
          <ServerEditorDialog
          server={editing}
          otherNames={list.filter((server) => server.id !== editing?.id).map((server) => server.name)}
          onClose={closeServerEditor}
          onSaved={(saved) => {
            if (!editing) void switchServer(saved.id);
          }}
            onDeleted={(serverId) => useWorkspace.getState().closeServer(serverId)}
          />
        )}
      </Suspense>
      <ConfirmHost />
      <ChoiceHost />
      <ToastHost />
    </div>
  );
}
