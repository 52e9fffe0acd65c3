// User commands, after excalidraw's actions: each one is defined once, in its feature's actions
// module (label, shortcut, predicate, perform), and read alike by the toolbar button, the menu
// item, the shortcut handler and the command palette. An action changes state: it runs a mutation
// (through `context.queryClient`), navigates (the workspace store), or asks a mounted view for
// what only that view can do (focus a field, open a file picker, open one of its dialogs).
//
// The registry holds every action by source: 'shell', and 'pane:<id>' once a pane's module loads.
import { useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useRef } from 'react';
import { create } from 'zustand';
import type { ServerView } from '../../main/contract/servers';
import type { PaneId, PaneLocation } from './workspace-store';

/** What an action acts on: the active server tab, and the window's QueryClient. */
export interface ActionContext {
  server?: ServerView;
  namespace?: string;
  location?: PaneLocation;
  /** Mutations run through it (so their invalidations reach every view), queries are read from it. */
  queryClient: QueryClient;
}

export interface ConsoleAction {
  id: string;
  /** The palette's and menus' text, e.g. 'New KV pair'. */
  label: string;
  /** A toolbar's text where the pane already says the rest, e.g. 'New pair'. Defaults to `label`. */
  shortLabel?: string;
  /** e.g. 'Mod+S' (Mod = Ctrl, or Cmd on macOS). */
  shortcut?: string;
  /** Extra words the command palette matches. */
  keywords?: string[];
  /** Palette group heading, e.g. 'Flows'; defaults to the pane's label. */
  group?: string;
  /** False: the action does not apply here. Hidden everywhere; its shortcut does nothing. */
  isAvailable?(context: ActionContext): boolean;
  /**
   * It applies here but cannot run now (a read-only server, nothing to save): a toolbar shows it
   * disabled with this reason, the palette leaves it out, its shortcut says why.
   */
  disabledReason?(context: ActionContext): string | undefined;
  perform(context: ActionContext): void | Promise<unknown>;
}

export function isActionAvailable(action: ConsoleAction, context: ActionContext): boolean {
  return action.isAvailable?.(context) ?? true;
}

/** Available and not disabled: what the palette lists. */
export function canPerform(action: ConsoleAction, context: ActionContext): boolean {
  return isActionAvailable(action, context) && !action.disabledReason?.(context);
}

/** Predicate helper: is this pane the one showing? */
export function isPaneActive(context: Pick<ActionContext, 'location'>, pane: PaneId): boolean {
  return context.location?.pane === pane;
}

interface ActionRegistryState {
  /** By source (e.g. 'shell', 'pane:flows'); later sources win on shortcut clashes. */
  sources: Record<string, ConsoleAction[]>;
  register(source: string, actions: ConsoleAction[]): () => void;
}

export const useActionRegistry = create<ActionRegistryState>((set, get) => ({
  sources: {},
  register: (source, actions) => {
    set((state) => ({ sources: { ...state.sources, [source]: actions } }));
    return () => {
      if (get().sources[source] !== actions) return;
      set((state) => {
        const { [source]: _removed, ...rest } = state.sources;
        return { sources: rest };
      });
    };
  },
}));

/** Every registered action, most recently registered source first (so a pane's win over the shell's). */
export function allActions(): ConsoleAction[] {
  return Object.values(useActionRegistry.getState().sources).reverse().flat();
}

/** The context a pane's own toolbar gives its actions: its props, and the window's QueryClient. */
export function useActionContext(parts: Omit<ActionContext, 'queryClient'>): ActionContext {
  const queryClient = useQueryClient();
  const { server, namespace, location } = parts;
  return useMemo(() => ({ server, namespace, location, queryClient }), [server, namespace, location, queryClient]);
}

/**
 * A mounted component's handle for what only it can do (focus its search field, open its file
 * picker or one of its dialogs). Typed, one per view; `current()` is undefined while the view is
 * not mounted, so an action's predicate can say so.
 */
export interface MountedView<V> {
  readonly name: string;
  current(): V | undefined;
}

/** The mounted handle of each view, as the latest render's ref. */
const mountedViews = new Map<MountedView<unknown>, { current: unknown }>();

export function defineView<V>(name: string): MountedView<V> {
  const view: MountedView<V> = { name, current: () => mountedViews.get(view)?.current as V | undefined };
  return view;
}

/** Provides a view's handle while the calling component is mounted; calls reach its latest render. */
export function useProvideView<V>(view: MountedView<V>, handle: V): void {
  const latest = useRef(handle);
  useEffect(() => {
    latest.current = handle;
  });
  useEffect(() => {
    const entry = latest;
    mountedViews.set(view, entry);
    return () => {
      if (mountedViews.get(view) === entry) mountedViews.delete(view);
    };
  }, [view]);
}
