// Kestra's Pebble file functions: `fileURI(path)` (the URI of a namespace file), and `fileExists`,
// `fileSize`, `isFileEmpty` (and its older name `fileEmpty`) on a namespace file path or an
// internal-storage URI. Like Kestra's AbstractFileFunction, an internal-storage URI must be a file of
// an execution (or a namespace file); `namespace` reads another namespace's files.
import type { HostFunction } from '../../pebble';
import type { InternalStorage } from '../../storage/internal-storage';
import type { NamespaceFileStore } from '../../files/namespace-file-store';
import { fileReference, namespaceFileUri } from './file-references';

const EXECUTION_FILE = /^\/.+\/.+\/executions\/[^/]+\/(tasks|trigger|inputs|outputs)\/.+/;

function field(value: unknown, key: string): string | undefined {
  const found = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
  return typeof found === 'string' ? found : undefined;
}

interface FileFacts {
  exists: boolean;
  size: number;
  label: string;
}

function facts(deps: { storage: InternalStorage; files: NamespaceFileStore }, name: string, args: Record<string, unknown>, variables: Record<string, unknown>): FileFacts {
  const path = args.path;
  if (path === undefined || path === null) throw new Error(`The '${name}' function expects an argument 'path' that is a path to a namespace file or an internal storage URI.`);
  if (typeof path !== 'string') throw new Error(`Unable to read the file ${String(path)}`);
  const flowNamespace = field(variables.flow, 'namespace') ?? '';
  const reference = fileReference(path, typeof args.namespace === 'string' ? args.namespace : flowNamespace);
  if (reference.kind === 'internal') {
    if (!EXECUTION_FILE.test(reference.storagePath)) throw new Error(`Unable to read the file '${path}' as it is not an execution file`);
    const stats = deps.storage.stat(reference.storagePath);
    return { exists: stats !== undefined, size: stats?.size ?? 0, label: path };
  }
  if (!deps.files.exists(reference.namespace, reference.path)) return { exists: false, size: 0, label: path };
  const stats = deps.files.stats(reference.namespace, reference.path);
  return { exists: stats.type === 'File', size: stats.size, label: path };
}

function requireFile(found: FileFacts): FileFacts {
  if (!found.exists) throw new Error(`File '${found.label}' not found`);
  return found;
}

export function fileFunctions(deps: { storage: InternalStorage; files: NamespaceFileStore }): Record<string, HostFunction> {
  const isEmpty: HostFunction = { args: ['path', 'namespace'], call: (args, variables) => requireFile(facts(deps, 'isFileEmpty', args, variables)).size === 0 };
  return {
    fileURI: {
      args: ['path'],
      call(args, variables) {
        if (args.path === undefined || args.path === null) throw new Error("The 'fileURI' function expects an argument 'path' that is a path to a namespace file.");
        return namespaceFileUri(field(variables.flow, 'namespace') ?? '', String(args.path));
      },
    },
    fileExists: { args: ['path', 'namespace'], call: (args, variables) => facts(deps, 'fileExists', args, variables).exists },
    fileSize: { args: ['path', 'namespace'], call: (args, variables) => requireFile(facts(deps, 'fileSize', args, variables)).size },
    isFileEmpty: isEmpty,
    fileEmpty: isEmpty,
  };
}
