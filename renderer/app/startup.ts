// What the first screen needs from outside the page: the server list, the window's saved state
// (open tabs, places, drafts) and the initial pane's chunk, requested as soon as the entry has been
// evaluated (main.tsx imports this module first). The first render waits for them (briefly), which
// makes it the only render of the cold start instead of one empty shell, one with the servers and
// one with the pane.
import type { ServerView } from '../../main/contract/servers';
import { loadPersistedState } from '../lib/persisted-state';
import { pruneSplit, useLayout } from '../lib/layout-store';
import { serversQueryOptions } from '../lib/servers';
import { useWorkspace } from '../lib/workspace-store';
import { loadFleet } from './fleet-host';
import { loadPane } from './pane-registry';
import { queryClient } from './providers';

// Startup milestones for the cold-start benchmark (visible in the performance timeline too).
performance.mark('kc:script-start');

/**
 * Keeps the workspace in step with the saved servers: drops tabs of servers that are gone and, on
 * first launch, opens the first server (the Local sandbox). Runs before the first render too, so
 * that render already shows the server instead of a second pass doing it.
 */
export function adoptServerList(servers: readonly ServerView[]): void {
  useWorkspace.getState().pruneServers(servers.map((server) => server.id));
  const state = useWorkspace.getState();
  if (!state.activeServerId && servers[0]) state.openServer(servers[0].id);
}

// Both loads start from a microtask, not from this module's top-level code: under a debugger
// (DevTools, Playwright) Chromium records the script stack of every request, and a stack that
// reaches the entry's top-level code makes V8 re-parse the whole entry chunk for its source
// positions (25-40 ms per request here). Same task, same moment, no re-parse.
const started = Promise.resolve();

// The saved state first: nothing may write the workspace before it is restored (a write would be
// saved over it).
const stateRestored = started
  .then(() => loadPersistedState())
  .then(() => useWorkspace.persist.rehydrate())
  .catch(() => undefined);

/**
 * With more than one server the console opens on the fleet (unless a split was left open: that is
 * where the user was working). Chosen before the first render, so that render is the fleet's and
 * no server pane starts its requests first; its module loads beside the server list.
 */
export function chooseStartScreen(servers: readonly ServerView[]): Promise<unknown> | undefined {
  pruneSplit(servers.map((server) => server.id));
  if (servers.length < 2 || useLayout.getState().split.on) return undefined;
  useLayout.getState().showFleet('overview');
  return loadFleet().catch(() => undefined);
}

const serversLoaded = Promise.all([started.then(() => queryClient.fetchQuery(serversQueryOptions())), stateRestored]).then(
  ([servers]) => {
    adoptServerList(servers);
    return chooseStartScreen(servers);
  },
  () => undefined,
);

// The window was left on the fleet (the layout is saved in this browser profile, read at once):
// the fleet is most likely the start screen again, so its module loads now, beside the server
// list, and no server pane's chunk competes with it.
const fleetLikely = useLayout.getState().view === 'fleet';
if (fleetLikely) void started.then(() => loadFleet()).catch(() => undefined);

const initialPaneLoaded = stateRestored
  .then(() => {
    if (fleetLikely) return undefined;
    const restored = useWorkspace.getState();
    const pane = restored.activeServerId ? restored.tabs[restored.activeServerId]?.location.pane : undefined;
    return loadPane(pane ?? 'flows');
  })
  .catch(() => undefined);

/**
 * Resolves when the server list and the initial pane are in, or after `maxWaitMs`: a slow or
 * failing server list must not keep the window blank (the shell shows its loading and error
 * states itself).
 */
export function startupDataReady(maxWaitMs: number): Promise<void> {
  return Promise.race([
    Promise.all([serversLoaded, initialPaneLoaded]).then(() => undefined),
    new Promise<void>((resolve) => setTimeout(resolve, maxWaitMs)),
  ]);
}
