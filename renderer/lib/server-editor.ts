// "Edit the server" from anywhere (an error in a pane, the status bar): the shell provides the
// dialog; components only ask for it, by server id.
let opener: ((serverId?: string) => void) | undefined;

/** The shell registers how the server dialog opens. */
export function provideServerEditor(open: (serverId?: string) => void): () => void {
  opener = open;
  return () => {
    if (opener === open) opener = undefined;
  };
}

/** Opens the server dialog for this server (or the Add dialog); false when no shell is there to show it. */
export function editServer(serverId?: string): boolean {
  if (!opener) return false;
  opener(serverId);
  return true;
}

export function canEditServer(): boolean {
  return opener !== undefined;
}
