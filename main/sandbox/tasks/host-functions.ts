// Pebble functions that need the sandbox's stores or the network, added to the renderer's
// `extraFunctions` by server.ts: the file functions (fileURI, fileExists, fileSize, isFileEmpty) and
// `http()`.
import type { HostFunction } from '../pebble';
import type { NamespaceFileStore } from '../files/namespace-file-store';
import type { InternalStorage } from '../storage/internal-storage';
import { httpFunction } from './http/http-function';
import { fileFunctions } from './storage/file-functions';

export function taskHostFunctions(deps: { storage: InternalStorage; files: NamespaceFileStore; httpAllowed: () => boolean }): Record<string, HostFunction> {
  return { ...fileFunctions(deps), http: httpFunction(deps.httpAllowed) };
}
