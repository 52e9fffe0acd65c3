// Which servers stay loaded. A loaded server keeps its workspace mounted (hidden while another
// server is shown, its effects paused) and its data cached, so switching back to it is immediate.
// Past the user's limit (Settings, default 5) the least recently used server is unloaded: its
// workspace unmounts and its query cache is trimmed (lib/query-cache-limits.ts). What the user
// was doing there is not in the components: tabs, places, drafts and scroll positions live in
// persisted stores, so an unloaded server comes back as it was, for the price of a fetch.
import { useEffect } from 'react';
import { create } from 'zustand';
import type { ServerView } from '../../main/contract/servers';
import { useConsoleSettings } from '../lib/console-settings';
import { installCacheLimits } from '../lib/query-cache-limits';
import { consoleKeys } from '../lib/query-keys';
import { useWorkspace } from '../lib/workspace-store';
import { loadedServerIds, touchServer } from './loaded-servers';
import { queryClient } from './providers';

interface Residency {
  /** Servers shown in this session, most recently used first. */
  recent: string[];
  /** The server is shown now. */
  touch(serverId: string): void;
  /** The server's tab was closed or the server removed: unload it now. */
  forget(serverId: string): void;
}

export const useResidency = create<Residency>()((set) => ({
  recent: [],
  touch: (serverId) => set((state) => ({ recent: touchServer(state.recent, serverId) })),
  forget: (serverId) => set((state) => (state.recent.includes(serverId) ? { recent: state.recent.filter((id) => id !== serverId) } : state)),
}));

/** The servers to keep mounted now. Records the active one as most recently used. */
export function useLoadedServers(servers: readonly ServerView[] | undefined, activeId: string | undefined): ServerView[] {
  const recent = useResidency((state) => state.recent);
  const limit = useConsoleSettings((state) => state.loadedServers);
  useEffect(() => {
    if (activeId) useResidency.getState().touch(activeId);
  }, [activeId]);
  const ids = loadedServerIds(recent, limit, activeId, (servers ?? []).map((server) => server.id));
  // In the list's order, so switching never moves a mounted workspace in the DOM.
  const loaded = (servers ?? []).filter((server) => ids.includes(server.id));
  const key = loaded.map((server) => server.id).join('\u0000');
  // Once the unloaded servers' panes have unmounted (effects run after the commit), their data goes.
  useEffect(() => {
    cacheLimiter.trim();
  }, [key]);
  return loaded;
}

/** The loaded servers as the cache limiter sees them (outside React). */
function loadedServerSet(): ReadonlySet<string> {
  const servers = queryClient.getQueryData<ServerView[]>(consoleKeys.servers());
  const ids = loadedServerIds(useResidency.getState().recent, useConsoleSettings.getState().loadedServers, useWorkspace.getState().activeServerId, servers?.map((server) => server.id));
  return new Set(ids);
}

export const cacheLimiter = installCacheLimits(queryClient, loadedServerSet);

// A server whose tab closes (or that is removed) unloads at once.
useWorkspace.subscribe((state, previous) => {
  if (state.openServerIds === previous.openServerIds) return;
  for (const id of previous.openServerIds) if (!state.openServerIds.includes(id)) useResidency.getState().forget(id);
});
