// How the KV pane shows values, kept per window (and across restarts): each server's search and
// sort, and whether values are hidden. Kestra's KV store has no secret type (secrets live in
// Kestra's secret backend, read with `secret()`), so no value is masked because of its key's
// name: a key called `temp_token` may hold anything. Hiding values is the user's choice, for
// screen sharing, and applies to every value alike.
import { create } from 'zustand';
import { persist } from 'zustand/middleware';
import { consoleStorage } from '../../lib/persisted-state';
import type { KvSort, KvSortColumn } from './lib/kv-table-model';

export const MASK = '••••••••';

export interface KvView {
  query: string;
  sort: KvSort;
}

interface KvDisplay {
  hideValues: boolean;
  /** Search and sort by server id. */
  views: Record<string, KvView>;
  setHideValues(hide: boolean): void;
  setView(serverId: string, patch: Partial<KvView>): void;
}

export const DEFAULT_KV_VIEW: KvView = { query: '', sort: { column: 'key', direction: 'asc' } };

const SORT_COLUMNS: readonly KvSortColumn[] = ['key', 'namespace', 'description', 'updateDate', 'expirationDate'];

function saneViews(value: unknown): Record<string, KvView> {
  const out: Record<string, KvView> = {};
  if (!value || typeof value !== 'object') return out;
  for (const [serverId, raw] of Object.entries(value as Record<string, Partial<KvView>>)) {
    const sort = raw?.sort;
    out[serverId] = {
      query: typeof raw?.query === 'string' ? raw.query : '',
      sort: sort && SORT_COLUMNS.includes(sort.column) && (sort.direction === 'asc' || sort.direction === 'desc') ? sort : DEFAULT_KV_VIEW.sort,
    };
  }
  return out;
}

export const useKvDisplay = create<KvDisplay>()(
  persist(
    (set) => ({
      hideValues: false,
      views: {},
      setHideValues: (hideValues) => set({ hideValues }),
      setView: (serverId, patch) => set((state) => ({ views: { ...state.views, [serverId]: { ...DEFAULT_KV_VIEW, ...state.views[serverId], ...patch } } })),
    }),
    {
      name: 'kv-display',
      version: 1,
      storage: consoleStorage<Pick<KvDisplay, 'hideValues' | 'views'>>(),
      partialize: (state) => ({ hideValues: state.hideValues, views: state.views }),
      merge: (persisted, current) => {
        const raw = persisted as Partial<KvDisplay> | undefined;
        return { ...current, hideValues: raw?.hideValues === true, views: saneViews(raw?.views) };
      },
    },
  ),
);
