// Where the user was in a namespace's files (open folders, selection, open file), kept for the
// life of the window so leaving the pane and coming back returns to the same place.
export interface FilesViewMemory {
  expanded: string[];
  selected?: string;
  openPath?: string;
}

const memory = new Map<string, FilesViewMemory>();
const keyOf = (serverId: string, namespace: string): string => `${serverId}\u0000${namespace}`;

export function recallView(serverId: string, namespace: string): FilesViewMemory | undefined {
  return memory.get(keyOf(serverId, namespace));
}

export function rememberView(serverId: string, namespace: string, view: FilesViewMemory): void {
  memory.set(keyOf(serverId, namespace), view);
}
