// Commands from the palette and shortcuts to the mounted executions pane (which owns the data and
// the dialogs): the pane listens to this store and runs the latest command once.
import { create } from 'zustand';

export type ExecutionsCommand =
  'refresh' | 'open-by-id' | 'kill' | 'restart' | 'replay' | 'resume' | 'download-log' | 'tab-gantt' | 'tab-logs' | 'tab-outputs' | 'tab-topology';

interface CommandState {
  seq: number;
  command?: ExecutionsCommand;
  send(command: ExecutionsCommand): void;
}

export const useExecutionsCommands = create<CommandState>((set) => ({
  seq: 0,
  send: (command) => set((state) => ({ seq: state.seq + 1, command })),
}));
