// One upload queue per server and namespace, kept for the life of the window: switching pane,
// namespace or server does not stop uploads, and coming back shows where they are.
import type { QueryClient } from '@tanstack/react-query';
import { uploadPorts } from './files-actions';
import { UploadQueue } from './lib/upload-queue';

export interface NamespaceUploads {
  queue: UploadQueue;
  /** The File behind each queued item (the conflict dialog compares its text). */
  sources: Map<string, File>;
}

const queues = new Map<string, NamespaceUploads>();

export function namespaceUploads(client: QueryClient, serverId: string, namespace: string): NamespaceUploads {
  const key = `${serverId}\u0000${namespace}`;
  let entry = queues.get(key);
  if (!entry) {
    entry = { queue: new UploadQueue(uploadPorts(client, serverId, namespace), { concurrency: 2 }), sources: new Map() };
    queues.set(key, entry);
  }
  return entry;
}
