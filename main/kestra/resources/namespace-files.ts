// Namespace files: list, stats, read (text or bytes, bounded), upload (confirmed by stats), folders,
// move, delete, history (1.2+, refused before any request on older servers, where the route does
// not exist), download and the whole namespace as a zip.
import type { FileAttributes } from '../../contract/kestra-model';
import type { ApiTransport, DownloadStream } from '../api-transport';
import { KestraError } from '../kestra-error';
import { multipartBody } from '../multipart';
import { checkNamespace, checkNamespacePath } from '../names';
import { asArrayOf, normaliseFileAttributes } from '../normalise';
import type { UploadSource } from './executions';

export class NamespaceFilesResource {
  constructor(private readonly t: ApiTransport) {}

  list(namespace: string, path: string | undefined, signal?: AbortSignal): Promise<FileAttributes[]> {
    return this.t.read(
      {
        method: 'GET',
        path: '/api/v1/{tenant}/namespaces/{namespace}/files/directory',
        params: { namespace: checkNamespace(namespace) },
        query: { path: path === undefined ? undefined : checkNamespacePath(path, { allowRoot: true }) },
        kind: 'list',
        signal,
        what: 'listing files',
      },
      (raw) => asArrayOf(raw, normaliseFileAttributes, 'file list'),
    );
  }

  stats(namespace: string, path: string, signal?: AbortSignal): Promise<FileAttributes> {
    return this.t.read(
      {
        method: 'GET',
        path: '/api/v1/{tenant}/namespaces/{namespace}/files/stats',
        params: { namespace: checkNamespace(namespace) },
        query: { path: checkNamespacePath(path, { allowRoot: true }) },
        signal,
        what: `reading the size of ${path}`,
      },
      normaliseFileAttributes,
    );
  }

  /** A namespace file's bytes (at most `maxBytes`: larger files are refused before any download). */
  async readBytes(namespace: string, path: string, revision: number | undefined, maxBytes: number, signal?: AbortSignal): Promise<{ bytes: Buffer; size: number; path: string }> {
    const clean = checkNamespacePath(path);
    if (revision !== undefined) await this.t.requireFeature('files.revisions', signal);
    const stats = await this.stats(namespace, clean, signal);
    if (stats.type === 'Directory') throw new KestraError('validation', `${clean} is a folder.`);
    if (stats.size > maxBytes) {
      throw new KestraError('validation', `${clean} is ${stats.size} bytes, over the ${maxBytes}-byte limit for reading it here; download it instead.`);
    }
    const bytes = await this.t.bytes(
      { method: 'GET', path: '/api/v1/{tenant}/namespaces/{namespace}/files', params: { namespace: checkNamespace(namespace) }, query: { path: clean, revision }, signal, what: `reading ${clean}` },
      maxBytes,
    );
    return { bytes, size: stats.size, path: clean };
  }

  async readText(namespace: string, path: string, revision: number | undefined, maxBytes: number, signal?: AbortSignal): Promise<{ text: string; size: number }> {
    const { bytes, size, path: clean } = await this.readBytes(namespace, path, revision, maxBytes, signal);
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      throw new KestraError('validation', `${clean} is not UTF-8 text; download it instead.`);
    }
    if (text.includes('\u0000')) throw new KestraError('validation', `${clean} looks like a binary file; download it instead.`);
    return { text, size };
  }

  /**
   * Streams a file into the namespace, then confirms with files/stats that the server holds the
   * full size: only then is it a success. A `.zip` name is never sent unless `extractZip` (Kestra
   * unpacks zips into the namespace root and ignores the path).
   */
  async upload(
    namespace: string,
    path: string,
    source: UploadSource,
    options: { onProgress?: (bytes: number, total: number) => void; signal?: AbortSignal; extractZip?: boolean } = {},
  ): Promise<{ path: string; size: number }> {
    const ns = checkNamespace(namespace);
    const clean = checkNamespacePath(path);
    if (clean.endsWith('/')) throw new KestraError('validation', 'Choose a file name, not a folder.');
    const uploadName = options.extractZip ? source.name : source.name.replace(/\.zip$/i, '.zip.bin');
    const body = multipartBody([{ name: 'fileContent', filename: uploadName || 'upload', size: source.size, open: source.open }], (sent) => options.onProgress?.(sent, source.size));
    await this.t.empty({
      method: 'POST',
      path: '/api/v1/{tenant}/namespaces/{namespace}/files',
      params: { namespace: ns },
      query: { path: clean },
      body: { stream: body.stream, contentType: body.contentType, length: body.length },
      kind: 'transfer',
      idempotent: false,
      signal: options.signal,
      what: `uploading ${clean}`,
    });
    if (options.extractZip) return { path: '/', size: source.size };
    let stats: FileAttributes;
    try {
      stats = await this.stats(ns, clean, options.signal);
    } catch (error) {
      if (error instanceof KestraError && error.data.kind === 'cancelled') throw error;
      throw new KestraError('network', `The upload of ${clean} could not be confirmed: ${error instanceof Error ? error.message : 'the server did not answer'}`);
    }
    if (stats.type !== 'File' || stats.size !== source.size) {
      throw new KestraError('network', `The upload of ${clean} is incomplete: the server holds ${stats.size} of ${source.size} bytes.`);
    }
    return { path: clean, size: stats.size };
  }

  mkdir(namespace: string, path: string, signal?: AbortSignal): Promise<void> {
    return this.t.empty({
      method: 'POST',
      path: '/api/v1/{tenant}/namespaces/{namespace}/files/directory',
      params: { namespace: checkNamespace(namespace) },
      query: { path: checkNamespacePath(path) },
      idempotent: true,
      signal,
      what: `creating folder ${path}`,
    });
  }

  move(namespace: string, from: string, to: string, signal?: AbortSignal): Promise<void> {
    return this.t.empty({
      method: 'PUT',
      path: '/api/v1/{tenant}/namespaces/{namespace}/files',
      params: { namespace: checkNamespace(namespace) },
      query: { from: checkNamespacePath(from, { field: 'from' }), to: checkNamespacePath(to, { field: 'to' }) },
      idempotent: false,
      signal,
      what: `moving ${from}`,
    });
  }

  delete(namespace: string, path: string, signal?: AbortSignal): Promise<void> {
    return this.t.empty({
      method: 'DELETE',
      path: '/api/v1/{tenant}/namespaces/{namespace}/files',
      params: { namespace: checkNamespace(namespace) },
      query: { path: checkNamespacePath(path) },
      idempotent: true,
      signal,
      what: `deleting ${path}`,
    });
  }

  async revisions(namespace: string, path: string, signal?: AbortSignal): Promise<{ revision: number }[]> {
    const ns = checkNamespace(namespace);
    const clean = checkNamespacePath(path);
    await this.t.requireFeature('files.revisions', signal);
    return this.t.read(
      { method: 'GET', path: '/api/v1/{tenant}/namespaces/{namespace}/files/revisions', params: { namespace: ns }, query: { path: clean }, signal, what: `loading revisions of ${path}` },
      (raw) => asArrayOf(raw, (r) => ({ revision: Number((r as { revision?: unknown })?.revision ?? 0) }), 'file revision list'),
    );
  }

  openDownload(namespace: string, path: string, signal?: AbortSignal): Promise<DownloadStream> {
    return this.t.openDownload({ path: '/api/v1/{tenant}/namespaces/{namespace}/files', params: { namespace: checkNamespace(namespace) }, query: { path: checkNamespacePath(path) }, signal, what: `downloading ${path}` });
  }

  openExport(namespace: string, signal?: AbortSignal): Promise<DownloadStream> {
    return this.t.openDownload({ path: '/api/v1/{tenant}/namespaces/{namespace}/files/export', params: { namespace: checkNamespace(namespace) }, signal, what: `exporting namespace ${namespace}` });
  }
}
