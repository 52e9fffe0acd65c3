// The panes, each the default export of renderer/features/<pane>/index.tsx, loaded lazily. When a
// pane's module loads, its `actions` join the command palette and the shortcut handler; all panes
// are preloaded shortly after start so their commands are there before the user asks.
import { useEffect, useState, type ComponentType } from 'react';
import { ErrorView } from '../components/error-view';
import { Loading } from '../components/misc';
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
const loaded = new Map<PaneId, PaneModule>();



/** Loads a pane's module once and registers its actions. */
export function loadPane(id: PaneId): Promise<PaneModule> {
  let promise = loading.get(id);
  if (!promise) {
    const definition = PANES.find((pane) => pane.id === id)!;
    promise = definition.load().then((module) => {
      loaded.set(id, module);
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

/**
 * One stable component per pane (created once, at module level). It renders the pane's module
 * directly once loaded and a loading line before that, without Suspense: a lazy component
 * suspends on its first render, and React keeps a Suspense fallback on screen for at least
 * ~300 ms, which would be most of the shell's cold start.
 */
function paneHost(id: PaneId): ComponentType<PaneProps> {
  const label = PANES.find((pane) => pane.id === id)!.label;
  function PaneHost(props: PaneProps) {
    const [module, setModule] = useState(() => loaded.get(id));
    const [error, setError] = useState<unknown>();
    const [attempt, setAttempt] = useState(0);
    useEffect(() => {
      if (module) return;
      let live = true;
      loadPane(id).then(
        (loadedModule) => live && setModule(loadedModule),
        (loadError: unknown) => live && setError(loadError),
      );
      return () => {
        live = false;
      };
    }, [module, attempt]);
    if (module) {
      const Pane = module.default;
      return <Pane {...props} />;
    }
    if (error) {
      return (
        <ErrorView
          error={error}
          title={`The ${label} pane could not be loaded`}
          onRetry={() => {
            setError(undefined);
            setAttempt(attempt + 1);
          }}
        />
      );
    }
    return <Loading label={`Loading ${label}…`} />;
  }
  PaneHost.displayName = `Pane(${id})`;
  return PaneHost;
}

export const PANE_COMPONENTS: Record<PaneId, ComponentType<PaneProps>> = {
  flows: paneHost('flows'),
  executions: paneHost('executions'),
  kv: paneHost('kv'),
  files: paneHost('files'),
};
