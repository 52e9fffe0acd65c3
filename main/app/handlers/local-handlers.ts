// local.* handlers (Electron): writing namespace files into a folder the user chose in main's own
// folder dialog, and removing files there when mirroring. Main accepts only folder handles it
// issued to the calling window, and only paths inside the folder (no `..`, no symbolic links).
import type { HandlerTable } from '../../ipc/handler-table';
import type { TransferService, NamedDownload } from '../transfers';

type LocalMethod = Extract<keyof HandlerTable, `local.${string}`>;

/** Opens a namespace file's download stream (the files.download opener, with the server named). */
export type OpenNamespaceFile = (params: { serverId: string; namespace: string; path: string }, signal: AbortSignal) => Promise<NamedDownload>;

export function createLocalHandlers(transfers: TransferService, openNamespaceFile: OpenNamespaceFile): Pick<HandlerTable, LocalMethod> {
  return {
    'local.pickFolder': async (_params, { owner }) => transfers.pickFolder(owner),
    'local.saveFile': async ({ serverId, namespace, path, folder, relativePath, transferId }, { signal, owner }) => {
      const destination = await transfers.inFolder(folder, owner, relativePath, true);
      return transfers.saveTo(destination, (s) => openNamespaceFile({ serverId, namespace, path }, s), signal, transferId);
    },
    'local.removeFile': async ({ folder, relativePath }, { owner }) => {
      await transfers.removeInFolder(folder, owner, relativePath);
      return null;
    },
  };
}
