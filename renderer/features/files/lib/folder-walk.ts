// Turns what the user dropped (files and whole folders) into a flat list of files with their paths
// relative to the drop. Folders come through DataTransferItem.webkitGetAsEntry(), whose reader
// returns at most ~100 entries per readEntries() call, so each folder is read until it returns none.

/** The parts of the File and Directory Entries API we use (structural, so tests can fake them). */
export interface WalkEntry {
  readonly name: string;
  readonly isFile: boolean;
  readonly isDirectory: boolean;
}
export interface WalkFileEntry extends WalkEntry {
  file(success: (file: File) => void, error?: (error: unknown) => void): void;
}
export interface WalkDirectoryEntry extends WalkEntry {
  createReader(): { readEntries(success: (entries: WalkEntry[]) => void, error?: (error: unknown) => void): void };
}

export interface DroppedFile {
  /** 'folder/sub/file.txt' relative to the drop target. */
  relativePath: string;
  file: File;
}

export interface WalkResult {
  files: DroppedFile[];
  /** Empty folders, relative ('folder/empty'), so they can be created too. */
  emptyFolders: string[];
  /** Entries that could not be read, with why. */
  errors: string[];
  /** True when maxFiles was reached and the rest left out. */
  truncated: boolean;
}

export interface DropSource {
  /** What webkitGetAsEntry gave, or a File when the browser has no entry for the item. */
  entries: (WalkEntry | File)[];
}

/**
 * Must run synchronously inside the drop event: DataTransfer items are emptied once the handler
 * returns, so the entries are taken first and walked afterwards.
 */
export function takeDropSource(dataTransfer: Pick<DataTransfer, 'items' | 'files'>): DropSource {
  const entries: (WalkEntry | File)[] = [];
  const items = Array.from(dataTransfer.items ?? []);
  if (items.length > 0) {
    for (const item of items) {
      if (item.kind !== 'file') continue;
      const entry = typeof item.webkitGetAsEntry === 'function' ? (item.webkitGetAsEntry() as WalkEntry | null) : null;
      if (entry) entries.push(entry);
      else {
        const file = item.getAsFile();
        if (file) entries.push(file);
      }
    }
    return { entries };
  }
  return { entries: Array.from(dataTransfer.files ?? []) };
}

function isFileObject(value: unknown): value is File {
  return typeof File !== 'undefined' && value instanceof File;
}

function readAll(dir: WalkDirectoryEntry): Promise<WalkEntry[]> {
  const reader = dir.createReader();
  const all: WalkEntry[] = [];
  return new Promise((resolve, reject) => {
    const next = (): void => {
      reader.readEntries((batch) => {
        if (batch.length === 0) resolve(all);
        else {
          all.push(...batch);
          next();
        }
      }, reject);
    };
    next();
  });
}

function fileOf(entry: WalkFileEntry): Promise<File> {
  return new Promise((resolve, reject) => entry.file(resolve, reject));
}

function message(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (error && typeof error === 'object' && 'name' in error) return String((error as { name: unknown }).name);
  return String(error);
}

export async function walkDropSource(source: DropSource, options: { maxFiles?: number } = {}): Promise<WalkResult> {
  const maxFiles = options.maxFiles ?? 20_000;
  const result: WalkResult = { files: [], emptyFolders: [], errors: [], truncated: false };
  const visit = async (entry: WalkEntry | File, prefix: string): Promise<void> => {
    if (result.files.length >= maxFiles) {
      result.truncated = true;
      return;
    }
    if (isFileObject(entry)) {
      result.files.push({ relativePath: prefix + entry.name, file: entry });
      return;
    }
    const relativePath = prefix + entry.name;
    if (entry.isFile) {
      try {
        result.files.push({ relativePath, file: await fileOf(entry as WalkFileEntry) });
      } catch (error) {
        result.errors.push(`${relativePath}: ${message(error)}`);
      }
      return;
    }
    if (entry.isDirectory) {
      let children: WalkEntry[];
      try {
        children = await readAll(entry as WalkDirectoryEntry);
      } catch (error) {
        result.errors.push(`${relativePath}/: ${message(error)}`);
        return;
      }
      if (children.length === 0) result.emptyFolders.push(relativePath);
      children.sort((a, b) => a.name.localeCompare(b.name));
      for (const child of children) await visit(child, `${relativePath}/`);
    }
  };
  for (const entry of source.entries) await visit(entry, '');
  return result;
}

/** Files from an <input type=file> (with webkitdirectory, each carries webkitRelativePath). */
export function filesFromInput(files: FileList | File[]): DroppedFile[] {
  return Array.from(files).map((file) => ({ relativePath: file.webkitRelativePath || file.name, file }));
}

/** True when anything dragged over us is files from the desktop (not text, not a tree row). */
export function isDesktopFileDrag(dataTransfer: Pick<DataTransfer, 'types'> | null): boolean {
  return !!dataTransfer && Array.from(dataTransfer.types).includes('Files');
}
