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
      // Main never sends a .zip name to Kestra (which would unpack it) unless asked to extract.
      const params = { serverId, namespace, path: item.targetPath, extractZip: item.extract };
      try {
        const result = await getBridge().uploadFile(params, source as File, { signal, onProgress: (p) => onProgress(p.bytes) });
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
