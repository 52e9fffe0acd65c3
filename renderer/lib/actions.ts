// Commands registered at run time: the shell's own, each pane module's `actions` once it has
// loaded, and context actions a mounted component adds (the flow editor's Save and Run). The
// command palette and the shortcut handler read them all from here.
import { useEffect, useRef } from 'react';
import { create } from 'zustand';
import type { ConsoleAction } from './pane';

interface ActionRegistryState {
  /** By source (e.g. 'shell', 'pane:flows', 'flow-editor'); later sources win on shortcut clashes. */
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

/** Every registered action, most recently registered source first (so context actions win). */
export function allActions(): ConsoleAction[] {
  return Object.values(useActionRegistry.getState().sources).reverse().flat();
}

/**
 * Registers actions while the calling component is mounted. The actions may close over fresh
 * props: the registry always calls the latest version.
 */
export function useRegisterActions(source: string, actions: ConsoleAction[]): void {
  const latest = useRef(actions);
  useEffect(() => {
    latest.current = actions;
  });
  const signature = actions.map((action) => `${action.id}|${action.label}|${action.shortcut ?? ''}`).join('\n');
  useEffect(() => {
    const stable: ConsoleAction[] = latest.current.map((action, index) => ({
      ...action,
      isAvailable: (context) => latest.current[index]?.isAvailable?.(context) ?? true,
      perform: (context) => latest.current[index]?.perform(context),
    }));
    return useActionRegistry.getState().register(source, stable);
    // `signature` stands for the action list's identity; the callbacks are read through `latest`.
  }, [source, signature]);
}
