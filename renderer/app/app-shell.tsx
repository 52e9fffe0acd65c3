// The window: server rail, open server tabs, the loaded servers' workspaces (the active one shown),
// status bar, and the hosts for dialogs, toasts and the command palette.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Activity, lazy, Suspense, useEffect, useRef } from 'react';
import { ChoiceHost, ConfirmHost } from '../components/confirm';
import { ErrorView } from '../components/error-view';
import { Loading } from '../components/misc';
import { ToastHost } from '../components/toasts';
import { useActionRegistry } from '../lib/actions';
import { consoleKeys, kestraKeys } from '../lib/query-keys';
import { provideServerEditor } from '../lib/server-editor';
import { useServers } from '../lib/servers';
import { appStatusQueryOptions } from '../lib/vault';
import { useWorkspace, useWorkspaceRestored } from '../lib/workspace-store';
import { useGlobalShortcuts } from './global-shortcuts';
import { preloadPanes } from './pane-registry';
import { ServerRail } from './server-rail';
import { adoptServerList, chooseStartScreen } from './startup';
import { ServerTabs } from './server-tabs';
import { useLoadedServers } from './server-residency';
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
const SettingsDialog = lazy(() => import('./settings-dialog').then((module) => ({ default: module.SettingsDialog })));

export function AppShell() {
  const queryClient = useQueryClient();
  const servers = useServers();
  const activeServerId = useWorkspace((state) => state.activeServerId);
  // The saved tabs and places are restored before anything opens a server (or it would be saved over them).
  const restored = useWorkspaceRestored();
  const view = useLayout((state) => state.view);
  const splitOn = useLayout((state) => state.split.on);
  const paletteOpen = useShell((state) => state.paletteOpen);
  const serverEditor = useShell((state) => state.serverEditor);
  const closeServerEditor = useShell((state) => state.closeServerEditor);
  const settingsOpen = useShell((state) => state.settingsOpen);
  const list = servers.data;
  useEffect(() => {
    performance.mark('kc:shell-mounted');
  }, []);
  // Once: every refetch of the list would add another entry to the performance timeline, kept for
  // the life of the window.
  const serversMarked = useRef(false);
  useEffect(() => {
    if (list && !serversMarked.current) {
      serversMarked.current = true;
      performance.mark('kc:servers-loaded');
    }
  }, [list]);
  // Before the first server is opened (first launch), show it already: no extra render pass.
  const active = restored ? (list?.find((server) => server.id === activeServerId) ?? (activeServerId === undefined ? list?.[0] : undefined)) : undefined;

  // A server counts as shown (and is loaded) once its workspace is on screen: the fleet start screen
  // does not render the active server's panes behind it.
  const loaded = useLoadedServers(list, view === 'servers' ? active?.id : undefined);

  // The Local sandbox starts in the background: poll until it runs, then refresh its profile (its
  // address is known only then) and its health.
  const status = useQuery({
    ...appStatusQueryOptions(),
    refetchInterval: (query) => (query.state.data?.localSandbox.state === 'starting' ? 500 : 60_000),
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
  // Panes offer "Edit server" on errors about reaching or signing in to a server.
  useEffect(() => provideServerEditor((serverId) => useShell.getState().openServerEditor(serverId)), []);

  // Restore or choose the active server: drop tabs of servers that are gone; on first launch open
  // the first server (the Local sandbox).
  useEffect(() => {
    if (list && restored) adoptServerList(list);
  }, [list, restored]);

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

  // Closing or reloading the window asks nothing: unsaved drafts are kept (lib/persisted-state.ts)
  // and come back in their tabs.

  const editing = serverEditor?.mode === 'edit' ? list?.find((server) => server.id === serverEditor.serverId) : undefined;

  return (
    <div className="app-shell">
      <div className="app-sidebar">
        {list ? <ServerRail servers={list} /> : <nav className="rail" aria-label="Servers" />}
        <ToastHost />
      </div>
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
          {/* The loaded servers stay mounted, hidden but for the active one (their effects paused):
              switching back to one is immediate. Past the limit, the least recently used unloads.
              The fleet and the split hide them all, so coming back to a server is immediate too. */}
          {loaded.map((server) => (
            <Activity key={server.id} mode={view === 'servers' && !splitOn && server.id === active?.id ? 'visible' : 'hidden'} name={server.name}>
              <ServerWorkspace server={server} />
            </Activity>
          ))}
          {view === 'servers' && !splitOn && list && !active && list.length > 0 && <Loading label="Opening server…" />}
        </div>
      </main>
      <StatusBar server={active} />
      <Suspense fallback={null}>
        {paletteOpen && list && <CommandPalette servers={list} />}
        {settingsOpen && list && <SettingsDialog servers={list} onClose={() => useShell.getState().closeSettings()} />}
        {serverEditor && list && (serverEditor.mode === 'add' || editing) && (
          <ServerEditorDialog
          server={editing}
          otherNames={list.filter((server) => server.id !== editing?.id).map((server) => server.name)}
          onClose={closeServerEditor}
          onSaved={(saved) => {
            if (!editing) void switchServer(saved.id);
          }}
            onDeleted={(serverId) => {
              // A removed server's drafts have nowhere to be saved any more.
              Object.values(useWorkspace.getState().unsaved[serverId] ?? {}).forEach((document) => document.discard?.());
              useWorkspace.getState().closeServer(serverId);
            }}
          />
        )}
      </Suspense>
      <ConfirmHost />
      <ChoiceHost />
    </div>
  );
}
