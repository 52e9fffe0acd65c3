// Switching and closing server tabs. Unsaved documents stay in their tabs (and across restarts:
// lib/persisted-state.ts), so switching servers, or adding one, never asks. Closing a server tab
// with unsaved documents asks what to do with them; keeping them is the default.
import { chooseAction } from '../components/confirm';
import { notify } from '../components/toasts';
import { useLayout } from '../lib/layout-store';
import { useWorkspace, type UnsavedDocument } from '../lib/workspace-store';
import { queryClient } from './providers';

function listLabels(documents: UnsavedDocument[]): string {
  const labels = documents.map((document) => document.label);
  return labels.length <= 3 ? labels.join(', ') : `${labels.slice(0, 3).join(', ')} and ${labels.length - 3} more`;
}

async function saveAll(documents: UnsavedDocument[]): Promise<boolean> {
  for (const document of documents) {
    if (!document.save) {
      notify({ kind: 'warning', title: `${document.label} cannot be saved from here`, message: 'Open it and save it, or discard it.' });
      return false;
    }
    if (!(await document.save(queryClient))) return false;
  }
  return true;
}

/**
 * Activates a server tab (opening it if needed) and shows it, leaving the fleet (even for the server
 * that is already active: a click on it means "show me this server"). Unsaved documents of the
 * server left stay in their tabs.
 */
export async function switchServer(serverId: string): Promise<boolean> {
  useWorkspace.getState().openServer(serverId);
  if (useLayout.getState().view === 'fleet') useLayout.getState().showServers();
  return true;
}

/**
 * Closes a server tab. Its unsaved documents are kept (they come back when the server is opened
 * again), saved, or discarded, as the user chooses; resolves false when the user cancelled.
 */
export async function closeServerTab(serverId: string, serverName: string): Promise<boolean> {
  const { unsaved, closeServer } = useWorkspace.getState();
  const documents = Object.values(unsaved[serverId] ?? {});
  if (documents.length > 0) {
    const choice = await chooseAction({
      title: `Close ${serverName}?`,
      message: `Unsaved changes: ${listLabels(documents)}. Kept drafts come back when you open ${serverName} again.`,
      choices: [
        { id: 'discard', label: 'Discard and close', variant: 'danger' },
        { id: 'save', label: 'Save and close' },
        { id: 'keep', label: 'Keep drafts and close', variant: 'primary' },
      ],
    });
    if (!choice) return false;
    if (choice === 'save' && !(await saveAll(documents))) return false;
    if (choice === 'discard') documents.forEach((document) => document.discard?.());
  }
  closeServer(serverId);
  return true;
}
