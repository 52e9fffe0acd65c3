// Saving a server file on this computer, with the toasts every pane shows for it: where it went,
// or why it did not. Cancelling the save dialog says nothing.
import type { DownloadMethod, DownloadParams } from '../../main/contract/bridge';
import { saveToDisk } from '../lib/call';
import { formatBytes } from '../lib/format';
import { describeError } from './error-view';
import { notify } from './toasts';

export async function downloadFromServer<M extends DownloadMethod>(method: M, params: DownloadParams<M>, suggestedName: string, text: { success: string; failure: string }): Promise<void> {
  try {
    const result = await saveToDisk(method, params, suggestedName);
    if (result.saved) notify({ kind: 'success', title: text.success, message: `${formatBytes(result.bytes)}${result.path ? ` to ${result.path}` : ''}` });
  } catch (error) {
    notify({ kind: 'error', title: text.failure, message: describeError(error) });
  }
}
