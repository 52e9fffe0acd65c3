// Palette commands reach the mounted files pane through this store.
import { create } from 'zustand';

export type FilesCommand = 'new-file' | 'new-folder' | 'upload-files' | 'upload-folder' | 'compare' | 'export' | 'refresh';

interface FilesCommandState {
  pending?: { command: FilesCommand; seq: number };
  send(command: FilesCommand): void;
}

let seq = 0;
export const useFilesCommands = create<FilesCommandState>((set) => ({
  pending: undefined,
  send: (command) => {
    seq += 1;
    set({ pending: { command, seq } });
  },
}));
