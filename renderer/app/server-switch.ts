// Switching and closing server tabs, guarded: when the server being left (or closed) has unsaved
// documents, the user chooses to save them, keep them (switch) or discard them (close), or cancel.
import { chooseAction } from '../components/confirm';
import { notify } from '../components/toasts';
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

/** Activates a server tab (opening it if needed). Resolves false when the user cancelled. */
export async function switchServer(serverId: string): Promise<boolean> {
  const { activeServerId, unsaved, openServer } = useWorkspace.getState();
  if (activeServerId === serverId) return true;
  const documents = activeServerId ? Object.values(unsaved[activeServerId] ?? {}) : [];
  if (documents.length > 0) {
    const choice = await chooseAction({
      title: 'Unsaved changes',
      message: `You have unsaved changes on this server: ${listLabels(documents)}. They stay in their tab if you switch without saving.`,
      choices: [
        { id: 'keep', label: 'Switch without saving' },
        { id: 'save', label: 'Save and switch', variant: 'primary' },
      ],
    });
    if (!choice) return false;
    if (choice === 'save' && !(await saveAll(documents))) return false;
  }
  openServer(serverId);
  return true;
}

/** Closes a server tab; unsaved documents are saved or discarded first, as the user chooses. */
export async function closeServerTab(serverId: string, serverName: string): Promise<boolean> {
  const { unsaved, closeServer } = useWorkspace.getState();
  const documents = Object.values(unsaved[serverId] ?? {});
  if (documents.length > 0) {
    const choice = await chooseAction({
      title: `Close ${serverName}?`,
      message: `Unsaved changes: ${listLabels(documents)}.`,
      choices: [
        { id: 'discard', label: 'Discard and close', variant: 'danger' },
        { id: 'save', label: 'Save and close', variant: 'primary' },
      ],
    });
    if (!choice) return false;
    if (choice === 'save' && !(await saveAll(documents))) return false;
    if (choice === 'discard') documents.forEach((document) => document.discard?.());
  }
  closeServer(serverId);
  return true;
}
