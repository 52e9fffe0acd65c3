// UI state of the executions pane (zustand, never server data): per server, the filter, sort,
// view (list or timeline), live refresh and selection; and the saved filters, kept in
// localStorage and shared by every server (a filter names namespaces and flows, not a server).
import { create } from 'zustand';
import { createJSONStorage, persist } from 'zustand/middleware';
import { DEFAULT_SORT, emptyFilter, parseSavedFilters, type ExecutionFilter, type SavedFilter, type SortSpec } from './execution-filter';

export type HomeView = 'list' | 'timeline';

export interface ServerListState {
  filter: ExecutionFilter;
  sort: SortSpec;
  view: HomeView;
  live: boolean;
  selection: string[];
  /** The (namespace, flow) request this filter last followed (namespace browser, other panes). */
  followedKey?: string;
}

export function defaultListState(namespace = ''): ServerListState {
  return { filter: emptyFilter(namespace), sort: DEFAULT_SORT, view: 'list', live: true, selection: [] };
}

interface ExecutionsUiState {
  byServer: Record<string, ServerListState>;
  update(serverId: string, patch: Partial<ServerListState>): void;
}

export const useExecutionsUi = create<ExecutionsUiState>((set) => ({
  byServer: {},
  update: (serverId, patch) =>
    set((state) => ({ byServer: { ...state.byServer, [serverId]: { ...(state.byServer[serverId] ?? defaultListState()), ...patch } } })),
}));

interface SavedFiltersState {
  saved: SavedFilter[];
  save(filter: SavedFilter): void;
  remove(name: string): void;
}

export const SAVED_FILTERS_KEY = 'kestra-console-execution-filters';

export const useSavedFilters = create<SavedFiltersState>()(
  persist(
    (set) => ({
      saved: [],
      save: (filter) =>
        set((state) => ({ saved: [...state.saved.filter((f) => f.name !== filter.name), filter].sort((a, b) => a.name.localeCompare(b.name)) })),
      remove: (name) => set((state) => ({ saved: state.saved.filter((f) => f.name !== name) })),
    }),
    {
      name: SAVED_FILTERS_KEY,
      version: 1,
      storage: createJSONStorage(() => localStorage),
      // Whatever is stored is checked field by field; a damaged entry is dropped, not trusted.
      merge: (persisted, current) => ({ ...current, saved: parseSavedFilters(JSON.stringify((persisted as { saved?: unknown } | undefined)?.saved ?? [])) }),
    },
  ),
);
