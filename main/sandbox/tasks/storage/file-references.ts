// What a file reference in a flow points at: an internal-storage URI (`kestra:///…/executions/…`),
// a namespace file URI (`kestra:///company/team/_files/path`, what `fileURI()` returns) or a plain
// namespace file path. One place decides, for tasks and for the Pebble file functions alike.
import { InternalStorage, namespacePath } from '../../storage/internal-storage';
import { normalizeFilePath } from '../../files/namespace-path';
import type { Readable } from 'node:stream';
import type { TaskRunContext } from '../task-definition';

export type FileReference = { kind: 'internal'; storagePath: string } | { kind: 'namespace'; namespace: string; path: string };

/** Kestra's StorageContext.namespaceFilePrefix: `kestra:///company/team/_files/<path>`. */
export function namespaceFileUri(namespace: string, filePath: string): string {
  return `kestra:///${namespacePath(namespace)}/_files/${filePath.replace(/^\/+/, '')}`;
}

/** Reads a reference; `namespace` is the flow's, used for plain paths. Throws on `..` or a bad URI. */
export function fileReference(value: string, namespace: string): FileReference {
  if (value.startsWith('kestra://')) {
    const storagePath = InternalStorage.pathOf(value);
    if (!storagePath) throw new Error(`Invalid internal storage URI '${value}'`);
    const index = storagePath.indexOf('/_files/');
    if (index > 0 && !storagePath.slice(0, index).includes('/executions/')) {
      return { kind: 'namespace', namespace: storagePath.slice(1, index).split('/').join('.'), path: normalizeFilePath(storagePath.slice(index + '/_files'.length)) };
    }
    if (storagePath.split('/').includes('..')) throw new Error(`Invalid internal storage URI '${value}'`);
    return { kind: 'internal', storagePath };
  }
  return { kind: 'namespace', namespace, path: normalizeFilePath(value) };
}

/**
 * Opens what a task property names: an internal-storage file of this execution (or its parent's),
 * or a namespace file (by `kestra:///…/_files/…` URI).
 */
export function openReferencedFile(context: Pick<TaskRunContext, 'execution' | 'readFile' | 'services'>, value: string): Readable {
  const reference = fileReference(value, context.execution.namespace);
  if (reference.kind === 'internal') return context.readFile(value);
  const store = context.services?.namespaceFiles;
  if (!store) throw new Error('Namespace files are not available');
  return store.read(reference.namespace, reference.path).stream;
}
