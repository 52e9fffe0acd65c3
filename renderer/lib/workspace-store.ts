// UI state shared by the shell and the panes (zustand; server data lives in react-query, never
// here). Features navigate to each other through this store, not by importing each other.
import { create } from 'zustand';

export type PaneId = 'flows' | 'executions' | 'kv' | 'files';

/** Where a server tab is: which pane, and that pane's own location (e.g. { executionId }). */
export interface PaneLocation {
  pane: PaneId;
  params: Record<string, string>;
}

export interface ServerTabState {
  location: PaneLocation;
  /** Namespace chosen in the shared namespace browser. */
  namespace?: string;
}

interface WorkspaceState {
  /** Server tabs open, in order. */
  openServerIds: string[];
  activeServerId?: string;
  tabs: Record<string, ServerTabState>;
  openServer(serverId: string): void;
  closeServer(serverId: string): void;
  navigate(serverId: string, location: PaneLocation): void;
  selectNamespace(serverId: string, namespace: string | undefined): void;
}

const DEFAULT_LOCATION: PaneLocation = { pane: 'flows', params: {} };

export const useWorkspace = create<WorkspaceState>((set) => ({
  openServerIds: [],
  activeServerId: undefined,
  tabs: {},
  openServer: (serverId) =>
    set((state) => ({
      activeServerId: serverId,
      openServerIds: state.openServerIds.includes(serverId) ? state.openServerIds : [...state.openServerIds, serverId],
      tabs: state.tabs[serverId] ? state.tabs : { ...state.tabs, [serverId]: { location: DEFAULT_LOCATION } },
    })),
  closeServer: (serverId) =>
    set((state) => {
      const openServerIds = state.openServerIds.filter((id) => id !== serverId);
      const activeServerId = state.activeServerId === serverId ? openServerIds[openServerIds.length - 1] : state.activeServerId;
      return { openServerIds, activeServerId };
    }),
  navigate: (serverId, location) =>
    set((state) => ({
      activeServerId: serverId,
      openServerIds: state.openServerIds.includes(serverId) ? state.openServerIds : [...state.openServerIds, serverId],
      tabs: { ...state.tabs, [serverId]: { ...state.tabs[serverId], location } },
    })),
  selectNamespace: (serverId, namespace) =>
    set((state) => ({
      tabs: { ...state.tabs, [serverId]: { location: DEFAULT_LOCATION, ...state.tabs[serverId], namespace } },
    })),
}));
