// UI state shared by the shell and the panes (zustand; server data lives in react-query, never
// here). Features navigate to each other through this store, not by importing each other.
//
// Pane location params in use (a pane ignores keys it does not know):
//   flows       { namespace?, flowId?, view?: 'editor' | 'revisions' | 'run' | 'compare' }
//   executions  { executionId?, namespace?, flowId? }
//   kv          { namespace?, key? }
//   files       { namespace?, path? }
import type { QueryClient } from '@tanstack/react-query';
import { useSyncExternalStore } from 'react';
import { create } from 'zustand';
import { persist } from 'zustand/middleware';
import { consoleStorage } from './persisted-state';

export type PaneId = 'flows' | 'executions' | 'kv' | 'files';

export const PANE_IDS: readonly PaneId[] = ['flows', 'executions', 'kv', 'files'];

/** Where a server tab is: which pane, and that pane's own location (e.g. { executionId }). */
export interface PaneLocation {
  pane: PaneId;
  params: Record<string, string>;
}

export interface ServerTabState {
  location: PaneLocation;
  /** Namespace chosen in the shared namespace browser. */
  namespace?: string;
  /** Where each pane of this server was last (its params): switching back to a pane returns there. */
  panes?: Partial<Record<PaneId, Record<string, string>>>;
}

/** An open document with changes not saved to the server (a flow, a namespace file, a KV value). */
export interface UnsavedDocument {
  /** What the user sees in guards, e.g. "flow company.team / hello". */
  label: string;
  /**
   * Saves it through the owning feature's actions (its mutations run on `queryClient`); resolves
   * true when saved. The shell offers "Save" in its guards when present.
   */
  save?: (queryClient: QueryClient) => Promise<boolean>;
  /** Drops the changes (the shell calls it when the user closes the server tab and discards). */
  discard?: () => void;
}

interface WorkspaceState {
  /** Server tabs open, in order. */
  openServerIds: string[];
  activeServerId?: string;
  tabs: Record<string, ServerTabState>;
  /** Unsaved documents by server id, then by a document key the owning feature chooses. */
  unsaved: Record<string, Record<string, UnsavedDocument>>;
  openServer(serverId: string): void;
  closeServer(serverId: string): void;
  navigate(serverId: string, location: PaneLocation): void;
  /** Switches a server tab to a pane, where that pane was last. */
  showPane(serverId: string, pane: PaneId): void;
  selectNamespace(serverId: string, namespace: string | undefined): void;
  /** Marks a document unsaved (or saved again with `undefined`). */
  setUnsaved(serverId: string, documentKey: string, document: UnsavedDocument | undefined): void;
  /** Moves an open server tab to another position. */
  moveServerTab(serverId: string, toIndex: number): void;
  /** Drops tabs of servers that no longer exist (deleted elsewhere, or a stale restored session). */
  pruneServers(existingIds: readonly string[]): void;
}

const DEFAULT_LOCATION: PaneLocation = { pane: 'flows', params: {} };

type PersistedWorkspace = Pick<WorkspaceState, 'openServerIds' | 'activeServerId' | 'tabs'>;

const isStringRecord = (value: unknown): value is Record<string, string> =>
  !!value && typeof value === 'object' && !Array.isArray(value) && Object.values(value).every((item) => typeof item === 'string');

/** What was saved, checked field by field: a damaged part is dropped, never trusted. */
export function sanePersistedWorkspace(persisted: unknown): Partial<PersistedWorkspace> {
  if (!persisted || typeof persisted !== 'object') return {};
  const raw = persisted as Record<string, unknown>;
  const openServerIds = Array.isArray(raw.openServerIds) ? raw.openServerIds.filter((id): id is string => typeof id === 'string') : [];
  const tabs: Record<string, ServerTabState> = {};
  if (raw.tabs && typeof raw.tabs === 'object') {
    for (const [serverId, value] of Object.entries(raw.tabs as Record<string, unknown>)) {
      const tab = value as Partial<ServerTabState> | undefined;
      const pane = tab?.location?.pane;
      if (!pane || !PANE_IDS.includes(pane) || !isStringRecord(tab.location?.params)) continue;
      const panes: ServerTabState['panes'] = {};
      for (const id of PANE_IDS) if (isStringRecord(tab.panes?.[id])) panes[id] = tab.panes![id];
      tabs[serverId] = { location: { pane, params: tab.location!.params }, panes, ...(typeof tab.namespace === 'string' ? { namespace: tab.namespace } : {}) };
    }
  }
  const activeServerId = typeof raw.activeServerId === 'string' ? raw.activeServerId : undefined;
  return { openServerIds, activeServerId, tabs };
}

export const useWorkspace = create<WorkspaceState>()(
  persist(
    (set) => ({
      openServerIds: [],
      activeServerId: undefined,
      tabs: {},
      unsaved: {},
      openServer: (serverId) =>
        set((state) => ({
          activeServerId: serverId,
          openServerIds: state.openServerIds.includes(serverId) ? state.openServerIds : [...state.openServerIds, serverId],
          tabs: state.tabs[serverId] ? state.tabs : { ...state.tabs, [serverId]: { location: DEFAULT_LOCATION } },
        })),
      closeServer: (serverId) =>
        set((state) => {
          const index = state.openServerIds.indexOf(serverId);
          const openServerIds = state.openServerIds.filter((id) => id !== serverId);
          // Closing the active tab activates its neighbour, as editors do.
          const activeServerId =
            state.activeServerId === serverId ? (openServerIds[Math.min(index, openServerIds.length - 1)] ?? undefined) : state.activeServerId;
          // Its unsaved documents stay registered: they are kept, and come back with the tab.
          return { openServerIds, activeServerId };
        }),
      navigate: (serverId, location) =>
        set((state) => {
          const tab = state.tabs[serverId];
          return {
            activeServerId: serverId,
            openServerIds: state.openServerIds.includes(serverId) ? state.openServerIds : [...state.openServerIds, serverId],
            tabs: { ...state.tabs, [serverId]: { ...tab, location, panes: { ...tab?.panes, [location.pane]: location.params } } },
          };
        }),
      showPane: (serverId, pane) => {
        const tab = useWorkspace.getState().tabs[serverId];
        if (tab?.location.pane === pane) return;
        useWorkspace.getState().navigate(serverId, { pane, params: tab?.panes?.[pane] ?? {} });
      },
      selectNamespace: (serverId, namespace) =>
        set((state) => ({
          tabs: { ...state.tabs, [serverId]: { location: DEFAULT_LOCATION, ...state.tabs[serverId], namespace } },
        })),
      setUnsaved: (serverId, documentKey, document) =>
        set((state) => {
          const forServer = { ...state.unsaved[serverId] };
          if (document) forServer[documentKey] = document;
          else if (documentKey in forServer) delete forServer[documentKey];
          else return state;
          return { unsaved: { ...state.unsaved, [serverId]: forServer } };
        }),
      moveServerTab: (serverId, toIndex) =>
        set((state) => {
          if (!state.openServerIds.includes(serverId)) return state;
          const rest = state.openServerIds.filter((id) => id !== serverId);
          const index = Math.max(0, Math.min(toIndex, rest.length));
          return { openServerIds: [...rest.slice(0, index), serverId, ...rest.slice(index)] };
        }),
      pruneServers: (existingIds) =>
        set((state) => {
          const exists = new Set(existingIds);
          const openServerIds = state.openServerIds.filter((id) => exists.has(id));
          if (openServerIds.length === state.openServerIds.length && (!state.activeServerId || exists.has(state.activeServerId))) return state;
          const activeServerId = state.activeServerId && exists.has(state.activeServerId) ? state.activeServerId : openServerIds[0];
          return { openServerIds, activeServerId };
        }),
    }),
    {
      name: 'workspace',
      version: 2,
      storage: consoleStorage<PersistedWorkspace>(),
      // Only where the user was; the unsaved registry (save callbacks) is rebuilt by the features
      // from their own persisted documents.
      partialize: (state): PersistedWorkspace => ({ openServerIds: state.openServerIds, activeServerId: state.activeServerId, tabs: state.tabs }),
      merge: (persisted, current) => ({ ...current, ...sanePersistedWorkspace(persisted) }),
    },
  ),
);

/** Unsaved documents of one server (stable empty object when there are none). */
const NONE: Record<string, UnsavedDocument> = {};
export function useUnsavedDocuments(serverId: string | undefined): Record<string, UnsavedDocument> {
  return useWorkspace((state) => (serverId ? (state.unsaved[serverId] ?? NONE) : NONE));
}

/** The active server tab's state, for panes and actions outside React. */
export function activeTab(): { serverId?: string; tab?: ServerTabState } {
  const state = useWorkspace.getState();
  return { serverId: state.activeServerId, tab: state.activeServerId ? state.tabs[state.activeServerId] : undefined };
}

/** True once the saved tabs and places are restored (until then nothing may open a server). */
export function useWorkspaceRestored(): boolean {
  return useSyncExternalStore(
    (onChange) => useWorkspace.persist.onFinishHydration(onChange),
    () => useWorkspace.persist.hasHydrated(),
  );
}
