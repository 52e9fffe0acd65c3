// The panes, each the default export of renderer/features/<pane>/index.tsx, loaded lazily. When a
// pane's module loads, its `actions` join the command palette and the shortcut handler; all panes
// are preloaded shortly after start so their commands are there before the user asks.
import { lazy, type ComponentType, type LazyExoticComponent } from 'react';
import { useActionRegistry } from '../lib/actions';
import type { PaneModule, PaneProps } from '../lib/pane';
import type { PaneId } from '../lib/workspace-store';
import type { IconName } from '../components/icons';

export interface PaneDefinition {
  id: PaneId;
  label: string;
  icon: IconName;
  /** Switches to the pane (Alt+1..4). */
  shortcut: string;
  load(): Promise<PaneModule>;
}

export const PANES: readonly PaneDefinition[] = [
  { id: 'flows', label: 'Flows', icon: 'flow', shortcut: 'Alt+1', load: () => import('../features/flows') },
  { id: 'executions', label: 'Executions', icon: 'play', shortcut: 'Alt+2', load: () => import('../features/executions') },
  { id: 'kv', label: 'KV store', icon: 'key', shortcut: 'Alt+3', load: () => import('../features/kv') },
  { id: 'files', label: 'Files', icon: 'folder', shortcut: 'Alt+4', load: () => import('../features/files') },
];

const loading = new Map<PaneId, Promise<PaneModule>>();

/** Loads a pane's module once and registers its actions. */
export function loadPane(id: PaneId): Promise<PaneModule> {
  let promise = loading.get(id);
  if (!promise) {
    const definition = PANES.find((pane) => pane.id === id)!;
    promise = definition.load().then((module) => {
      if (module.actions?.length) {
        useActionRegistry.getState().register(`pane:${id}`, module.actions.map((action) => ({ group: definition.label, ...action })));
      }
      return module;
    });
    // A failed load (e.g. a chunk missing after an update) may be retried.
    promise.catch(() => loading.delete(id));
    loading.set(id, promise);
  }
  return promise;
}

export function preloadPanes(): void {
  for (const pane of PANES) void loadPane(pane.id).catch(() => undefined);
}

/** One lazy component per pane, created once (components must not be created during render). */
export const PANE_COMPONENTS: Record<PaneId, LazyExoticComponent<ComponentType<PaneProps>>> = {
  flows: lazy(() => loadPane('flows')),
  executions: lazy(() => loadPane('executions')),
  kv: lazy(() => loadPane('kv')),
  files: lazy(() => loadPane('files')),
};
