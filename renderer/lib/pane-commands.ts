// Palette commands and shortcuts are defined at module level, while the state they act on lives in
// a mounted pane. A command store carries each command from one to the other; the pane's latest
// handler runs it (and nothing runs while the pane is not mounted).
import { useEffect, useRef } from 'react';
import { create, type StoreApi, type UseBoundStore } from 'zustand';

interface CommandState<C extends string> {
  /** `seq` makes the same command sent twice two changes. */
  pending?: { command: C; seq: number };
  send(command: C): void;
}

export type CommandStore<C extends string> = UseBoundStore<StoreApi<CommandState<C>>>;

export function createCommandStore<C extends string>(): CommandStore<C> {
  let seq = 0;
  return create<CommandState<C>>((set) => ({
    pending: undefined,
    send: (command) => {
      seq += 1;
      set({ pending: { command, seq } });
    },
  }));
}

/** Runs `handler` (its latest version) for every command sent while the calling pane is mounted. */
export function useCommandHandler<C extends string>(store: CommandStore<C>, handler: (command: C) => void): void {
  const latest = useRef(handler);
  useEffect(() => {
    latest.current = handler;
  });
  useEffect(
    () =>
      store.subscribe((state, previous) => {
        if (state.pending && state.pending !== previous.pending) latest.current(state.pending.command);
      }),
    [store],
  );
}
