// Palette commands reach the mounted files pane through this store.
import { createCommandStore } from '../../lib/pane-commands';

export type FilesCommand = 'new-file' | 'new-folder' | 'upload-files' | 'upload-folder' | 'compare' | 'export' | 'refresh';

export const useFilesCommands = createCommandStore<FilesCommand>();
