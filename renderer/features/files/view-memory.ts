// Where the user was in a namespace's files (open folders, selection, open file), kept in a store
// (and across restarts), so leaving the pane, the server or the console and coming back returns to
// the same place.
import { create } from 'zustand';
import { persist } from 'zustand/middleware';
import { consoleStorage } from '../../lib/persisted-state';

export interface FilesViewMemory {
  expanded: string[];
  selected?: string;
  openPath?: string;
}

/** How many namespaces' places are kept (the most recently used ones). */
const MAX_REMEMBERED = 200;

interface FilesViews {
  views: Record<string, FilesViewMemory>;
}

const keyOf = (serverId: string, namespace: string): string => `${serverId}\u0000${namespace}`;

function saneViews(value: unknown): Record<string, FilesViewMemory> {
  const out: Record<string, FilesViewMemory> = {};
  if (!value || typeof value !== 'object') return out;
  for (const [key, raw] of Object.entries(value as Record<string, Partial<FilesViewMemory>>)) {
    if (!raw || !Array.isArray(raw.expanded) || !raw.expanded.every((path) => typeof path === 'string')) continue;
    out[key] = {
      expanded: raw.expanded,
      ...(typeof raw.selected === 'string' ? { selected: raw.selected } : {}),
      ...(typeof raw.openPath === 'string' ? { openPath: raw.openPath } : {}),
    };
  }
  return out;
}

const useFilesViews = create<FilesViews>()(
  persist(() => ({ views: {} }), {
    name: 'files-views',
    version: 1,
    storage: consoleStorage<FilesViews>(),
    merge: (persisted, current) => ({ ...current, views: saneViews((persisted as Partial<FilesViews> | undefined)?.views) }),
  }),
);

export function recallView(serverId: string, namespace: string): FilesViewMemory | undefined {
  return useFilesViews.getState().views[keyOf(serverId, namespace)];
}

export function rememberView(serverId: string, namespace: string, view: FilesViewMemory): void {
  const key = keyOf(serverId, namespace);
  const { [key]: _previous, ...others } = useFilesViews.getState().views;
  // Newest last; the oldest places are forgotten first.
  const kept = Object.entries(others).slice(-(MAX_REMEMBERED - 1));
  useFilesViews.setState({ views: { ...Object.fromEntries(kept), [key]: view } });
}
