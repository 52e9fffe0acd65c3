// How files cross from the renderer to main without their bytes going through IPC.
// Electron: the preload turns a File into its path (webUtils.getPathForFile) and main streams it
// from disk. Web mode: the web bridge streams the File as a request body to the web host, which
// either pipes it straight to Kestra (uploads) or stages it in a temp file (execution inputs).

export type LocalFileRef =
  /** A path on this machine (Electron; main re-validates it: a regular file, not a symlink or FIFO). */
  | { kind: 'path'; path: string }
  /** A copy the web host staged from a request body; single use, deleted after use. */
  | { kind: 'staged'; id: string };

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

/** Where a download goes. Electron: a path chosen in a save dialog (or given). Web: the browser's download. */
export type DownloadTarget = ({ kind: 'dialog'; suggestedName: string } | { kind: 'path'; path: string }) & {
  /** Progress of this download is published on `transfers.progress` under this id. */
  transferId?: string;
};

export interface DownloadResult {
  /** Where main wrote it (Electron); absent when the browser saved it (web mode). */
  path?: string;
  bytes: number;
  /** False when the user dismissed the save dialog. */
  saved: boolean;
}
