// Commands from the palette and shortcuts reach the mounted pane through this small store (actions
// are defined at module level; the pane holds the state they act on).
import { create } from 'zustand';

export type KvCommand = 'new' | 'import' | 'export' | 'refresh' | 'search';

interface KvCommandState {
  pending?: { command: KvCommand; seq: number };
  send(command: KvCommand): void;
}

let seq = 0;
export const useKvCommands = create<KvCommandState>((set) => ({
  pending: undefined,
  send: (command) => {
    seq += 1;
    set({ pending: { command, seq } });
  },
}));
