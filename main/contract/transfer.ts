// How files cross from the renderer to main without their bytes or their paths going through IPC.
// Electron: the preload asks main to register a dropped or picked File's path
// (webUtils.getPathForFile stays in the preload) and gets back an opaque handle; main keeps
// handle -> path for that window only, and accepts only handles it issued to the caller. Web mode:
// the web bridge streams the File as a request body to the web host, which either pipes it
// straight to Kestra (uploads) or stages it in a private temp file and hands back a handle.
// Downloads go where the user chose in main's own save dialog (Electron) or the browser saves them.

/** A local file main issued to this caller (a registered path, or a staged copy that is single use). */
export type LocalFileRef = { kind: 'handle'; id: string };

/** A folder the user chose in main's folder dialog (Electron), for writing files into it. */
export type LocalFolderRef = { kind: 'folder'; id: string };

/** Minimal shape of a browser File, so this contract compiles without DOM types in main. */
export interface FileLike {
  readonly name: string;
  readonly size: number;
  readonly type: string;
}

export interface TransferProgress {
  /** Bytes sent (uploads) or written (downloads) so far. */
  bytes: number;
  /** Total when known. */
  total?: number;
}

/** Where a download goes: the place the user picks in main's save dialog (Electron; the browser saves in web mode). */
export interface DownloadTarget {
  kind: 'dialog';
  /** The name the dialog proposes (main cleans it). */
  suggestedName: string;
  /** Progress of this download is published on `transfers.progress` under this id. */
  transferId?: string;
}

export interface DownloadResult {
  /** Where main wrote it, as the user chose it in the dialog (Electron); absent when the browser saved it (web mode). */
  path?: string;
  bytes: number;
  /** False when the user dismissed the save dialog. */
  saved: boolean;
}
