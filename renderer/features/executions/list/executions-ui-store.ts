// UI state of the executions pane (zustand, never server data): per server, the filter, sort,
// view (list or timeline), live refresh and selection (all but the selection kept across
// restarts); and the saved filters, shared by every server (a filter names namespaces and flows,
// not a server).
import { create } from 'zustand';
import { persist } from 'zustand/middleware';
import { consoleStorage } from '../../../lib/persisted-state';
import { DEFAULT_SORT, emptyFilter, parseSavedFilters, saneFilter, saneSort, type ExecutionFilter, type SavedFilter, type SortSpec } from './execution-filter';

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

type PersistedLists = Record<string, Omit<ServerListState, 'selection'>>;

function saneLists(value: unknown): Record<string, ServerListState> {
  const out: Record<string, ServerListState> = {};
  if (!value || typeof value !== 'object') return out;
  for (const [serverId, raw] of Object.entries(value as Record<string, Partial<ServerListState>>)) {
    const filter = saneFilter(raw?.filter);
    if (!filter) continue;
    out[serverId] = {
      filter,
      sort: saneSort(raw?.sort),
      view: raw?.view === 'timeline' ? 'timeline' : 'list',
      live: raw?.live !== false,
      selection: [],
      ...(typeof raw?.followedKey === 'string' ? { followedKey: raw.followedKey } : {}),
    };
  }
  return out;
}

export const useExecutionsUi = create<ExecutionsUiState>()(
  persist(
    (set) => ({
      byServer: {},
      update: (serverId, patch) =>
        set((state) => ({ byServer: { ...state.byServer, [serverId]: { ...(state.byServer[serverId] ?? defaultListState()), ...patch } } })),
    }),
    {
      name: 'executions-lists',
      version: 1,
      storage: consoleStorage<{ byServer: PersistedLists }>(),
      // The selection is this moment's; the filters are where the user was.
      partialize: (state) => ({
        byServer: Object.fromEntries(Object.entries(state.byServer).map(([serverId, { selection: _selection, ...rest }]) => [serverId, rest])),
      }),
      merge: (persisted, current) => ({ ...current, byServer: saneLists((persisted as { byServer?: unknown } | undefined)?.byServer) }),
    },
  ),
);

interface SavedFiltersState {
  saved: SavedFilter[];
  save(filter: SavedFilter): void;
  remove(name: string): void;
}

export const SAVED_FILTERS_KEY = 'execution-filters';

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
      storage: consoleStorage<{ saved: SavedFilter[] }>(),
      // Whatever is stored is checked field by field; a damaged entry is dropped, not trusted.
      merge: (persisted, current) => ({ ...current, saved: parseSavedFilters(JSON.stringify((persisted as { saved?: unknown } | undefined)?.saved ?? [])) }),
    },
  ),
);
