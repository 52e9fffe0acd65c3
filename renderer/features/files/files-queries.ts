// Server data for the files pane, as react-query options under ['kestra', serverId, 'files', ns]
// (the writes are in files-actions.ts): each folder's listing (the tree reads them), file texts and
// revisions.
import { useQueries, useQueryClient, type UseQueryResult } from '@tanstack/react-query';
import { useCallback } from 'react';
import { describeError } from '../../components/error-view';
import { call } from '../../lib/call';
import { kestraKeys } from '../../lib/query-keys';
import { openFolders, toNodes, type TreeNode, type TreeState } from './lib/file-tree';

export const filesKeys = {
  all: (serverId: string, namespace: string) => [...kestraKeys.server(serverId), 'files', namespace] as const,
  dir: (serverId: string, namespace: string, dir: string) => [...filesKeys.all(serverId, namespace), 'dir', dir] as const,
  text: (serverId: string, namespace: string, path: string, revision?: number) => [...filesKeys.all(serverId, namespace), 'text', path, revision ?? 'latest'] as const,
  revisions: (serverId: string, namespace: string, path: string) => [...filesKeys.all(serverId, namespace), 'revisions', path] as const,
};

/** One folder's entries, sorted for the tree (folders first, natural order). */
export function folderOptions(serverId: string, namespace: string, dir: string) {
  return {
    queryKey: filesKeys.dir(serverId, namespace, dir),
    queryFn: async ({ signal }: { signal: AbortSignal }): Promise<TreeNode[]> => toNodes(dir, await call('files.list', { serverId, namespace, path: dir }, { signal })),
  };
}

/**
 * The tree of a namespace: the root's listing and that of every open folder the listings reach,
 * each a query (loaded when first opened, refreshed by the writes' invalidations).
 */
export function useFileTree(serverId: string, namespace: string, expanded: ReadonlySet<string>): TreeState {
  const client = useQueryClient();
  // The listings already cached decide which open folders are reachable; each answer re-renders
  // through useQueries and may reach further.
  const dirsKey = openFolders(expanded, (dir) => client.getQueryData<TreeNode[]>(filesKeys.dir(serverId, namespace, dir))).join('\n');
  const combine = useCallback(
    (results: UseQueryResult<TreeNode[]>[]): TreeState => {
      const children = new Map<string, readonly TreeNode[]>();
      const loading = new Set<string>();
      const errors = new Map<string, string>();
      dirsKey.split('\n').forEach((dir, index) => {
        const result = results[index];
        if (result?.data) children.set(dir, result.data);
        else if (result?.error) errors.set(dir, describeError(result.error));
        else loading.add(dir);
      });
      return { children, expanded, loading, errors };
    },
    [dirsKey, expanded],
  );
  return useQueries({ queries: dirsKey.split('\n').map((dir) => folderOptions(serverId, namespace, dir)), combine });
}
