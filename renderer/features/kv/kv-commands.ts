// Commands from the palette and shortcuts reach the mounted KV pane through this store.
import { createCommandStore } from '../../lib/pane-commands';

export type KvCommand = 'new' | 'import' | 'export' | 'refresh' | 'search';

export const useKvCommands = createCommandStore<KvCommand>();
