// Server data for the files pane, and the ports the upload queue uses (real calls through the bridge).
import type { QueryClient } from '@tanstack/react-query';
import { getBridge } from '../../lib/bridge';
import { call, KestraError } from '../../lib/call';
import { kestraKeys } from '../../lib/query-keys';
import type { UploadPorts } from './lib/upload-queue';

export const filesKeys = {
  all: (serverId: string, namespace: string) => [...kestraKeys.server(serverId), 'files', namespace] as const,
  dir: (serverId: string, namespace: string, dir: string) => [...filesKeys.all(serverId, namespace), 'dir', dir] as const,
  text: (serverId: string, namespace: string, path: string, revision?: number) => [...filesKeys.all(serverId, namespace), 'text', path, revision ?? 'latest'] as const,
  revisions: (serverId: string, namespace: string, path: string) => [...filesKeys.all(serverId, namespace), 'revisions', path] as const,
};

function errorPort(error: unknown): { ok: false; error: { kind: string; message: string } } {
  if (error instanceof KestraError) return { ok: false, error: { kind: error.kind, message: error.data.detail ? `${error.message} — ${error.data.detail}` : error.message } };
  return { ok: false, error: { kind: 'internal', message: error instanceof Error ? error.message : String(error) } };
}

/** A zip the user wants stored as a file: Kestra extracts any upload whose file name ends in .zip. */
function asPlainFile(file: File): File {
  return new File([file], `${file.name}.file`, { type: 'application/octet-stream', lastModified: file.lastModified });
}

export function uploadPorts(serverId: string, namespace: string): UploadPorts {
  return {
    stat: async (path, signal) => {
      try {
        const attrs = await call('files.stats', { serverId, namespace, path }, { signal });
        return { ok: true, data: { size: attrs.size, type: attrs.type } };
      } catch (error) {
        if (error instanceof KestraError && error.status === 404) return { ok: true, data: null };
        return errorPort(error);
      }
    },
    names: async (dir, signal) => {
      try {
        const list = await call('files.list', { serverId, namespace, path: dir }, { signal });
        return { ok: true, data: list.map((f) => f.fileName) };
      } catch (error) {
        if (error instanceof KestraError && error.status === 404) return { ok: true, data: [] };
        return errorPort(error);
      }
    },
    upload: async (item, source, { onProgress, signal }) => {
      const file = source as File;
      const bridge = getBridge();
      const body = !item.extract && /\.zip$/i.test(file.name) && bridge.transport === 'web' ? asPlainFile(file) : file;
      try {
        const result = await bridge.uploadFile({ serverId, namespace, path: item.targetPath }, body, { signal, onProgress: (p) => onProgress(p.bytes) });
        if (!result.ok) return { ok: false, error: { kind: result.error.kind, message: result.error.detail ? `${result.error.message} — ${result.error.detail}` : result.error.message } };
        return { ok: true, data: { size: result.data.size } };
      } catch (error) {
        return errorPort(error);
      }
    },
  };
}

export function invalidateFiles(client: QueryClient, serverId: string, namespace: string): Promise<void> {
  return client.invalidateQueries({ queryKey: filesKeys.all(serverId, namespace) });
}
