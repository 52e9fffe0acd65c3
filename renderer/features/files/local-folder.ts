// A local folder the user chose: from <input webkitdirectory> (read only) or, where the browser
// has it, showDirectoryPicker (read and write, for syncing the namespace down). In the desktop app
// the page writes nothing itself: main asks for the folder in its own dialog and writes there
// (files-actions.ts `folderWriter`).

export interface LocalFolderFile {
  path: string;
  size: number;
  file: File;
}

export interface LocalFolder {
  name: string;
  files: LocalFolderFile[];
  /** Present when the folder can be written to. */
  write?: (path: string, data: Uint8Array) => Promise<void>;
  remove?: (path: string) => Promise<void>;
}

/** Files of a folder picked with <input webkitdirectory>, paths relative to that folder. */
export function folderFromInput(files: FileList): LocalFolder {
  const list = Array.from(files);
  const name = list[0]?.webkitRelativePath.split('/')[0] ?? 'folder';
  return {
    name,
    files: list.map((file) => ({ path: file.webkitRelativePath.split('/').slice(1).join('/') || file.name, size: file.size, file })),
  };
}

interface DirectoryHandle {
  name: string;
  kind: 'directory';
  values(): AsyncIterable<DirectoryHandle | FileHandle>;
  getDirectoryHandle(name: string, options?: { create?: boolean }): Promise<DirectoryHandle>;
  getFileHandle(name: string, options?: { create?: boolean }): Promise<FileHandle>;
  removeEntry(name: string): Promise<void>;
}
interface FileHandle {
  name: string;
  kind: 'file';
  getFile(): Promise<File>;
  createWritable(): Promise<{ write(data: Uint8Array): Promise<void>; close(): Promise<void> }>;
}

export function canPickWritableFolder(): boolean {
  return typeof (window as unknown as { showDirectoryPicker?: unknown }).showDirectoryPicker === 'function';
}

/** Asks for a folder with write access and reads its files. */
export async function pickWritableFolder(): Promise<LocalFolder | undefined> {
  const picker = (window as unknown as { showDirectoryPicker(options: { mode: 'readwrite' }): Promise<DirectoryHandle> }).showDirectoryPicker;
  let root: DirectoryHandle;
  try {
    root = await picker({ mode: 'readwrite' });
  } catch {
    return undefined; // dismissed
  }
  const files: LocalFolderFile[] = [];
  const walk = async (dir: DirectoryHandle, prefix: string): Promise<void> => {
    for await (const entry of dir.values()) {
      if (entry.kind === 'file') {
        const file = await entry.getFile();
        files.push({ path: prefix + entry.name, size: file.size, file });
      } else await walk(entry, `${prefix}${entry.name}/`);
    }
  };
  await walk(root, '');
  const dirOf = async (path: string, create: boolean): Promise<{ dir: DirectoryHandle; name: string }> => {
    const parts = path.split('/');
    let dir = root;
    for (const part of parts.slice(0, -1)) dir = await dir.getDirectoryHandle(part, { create });
    return { dir, name: parts[parts.length - 1]! };
  };
  return {
    name: root.name,
    files,
    write: async (path, data) => {
      const { dir, name } = await dirOf(path, true);
      const writable = await (await dir.getFileHandle(name, { create: true })).createWritable();
      await writable.write(data);
      await writable.close();
    },
    remove: async (path) => {
      const { dir, name } = await dirOf(path, false);
      await dir.removeEntry(name);
    },
  };
}
