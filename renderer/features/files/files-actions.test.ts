import type { QueryClient, QueryKey } from '@tanstack/react-query';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { canPerform, isActionAvailable, type ActionContext } from '../../lib/actions';
import { runMutation } from '../../lib/mutations';
import { installTestBridge, invalidatedKeys, keyList, seededClient, testServer } from '../../lib/test-bridge';
import { confirmSyncDeletions, FILES_ACTIONS, fileSaveAction, filesDelete, filesMove, filesWriteText, isStaleAfterFileWrite, uploadPorts, useOpenFile } from './files-actions';
import { filesKeys } from './files-queries';

const bridge = installTestBridge();
const S = 'srv-1';
const N = 'company.team';



const seeded = (keys: readonly QueryKey[]): QueryClient => seededClient(keys, (key) => (key[4] === 'text' ? { text: 'old', size: 3 } : []));

const cached: QueryKey[] = [
  filesKeys.dir(S, N, '/'),
  filesKeys.dir(S, N, '/a'),
  filesKeys.dir(S, N, '/a/b'),
  filesKeys.dir(S, N, '/a/bb'),
  filesKeys.dir(S, N, '/z'),
  filesKeys.text(S, N, '/a/b/c.txt'),
  filesKeys.text(S, N, '/a/b/c.txt', 2),
  filesKeys.revisions(S, N, '/a/b/c.txt'),
  filesKeys.text(S, N, '/z/y.txt'),
  filesKeys.dir(S, 'company.other', '/'),
];

describe('namespace file writes', () => {
  beforeEach(() => bridge.reset());

  it('saves a text: it becomes the cached text, and the folders above it and its revisions are refreshed', async () => {
    const client = seeded(cached);
    bridge.answer('files.writeText', { size: 3 } as never);
    await runMutation(client, filesWriteText, { serverId: S, namespace: N, path: '/a/b/c.txt', text: 'new' });
    expect(bridge.calls).toEqual([{ method: 'files.writeText', params: { serverId: S, namespace: N, path: '/a/b/c.txt', text: 'new' } }]);
    expect(client.getQueryData(filesKeys.text(S, N, '/a/b/c.txt'))).toEqual({ text: 'new', size: 3 });
    expect(invalidatedKeys(client)).toEqual(keyList(filesKeys.dir(S, N, '/'), filesKeys.dir(S, N, '/a'), filesKeys.dir(S, N, '/a/b'), filesKeys.revisions(S, N, '/a/b/c.txt')));
  });

  it('moves: what was under the old path is gone, the folders above both paths are refreshed', async () => {
    const client = seeded(cached);
    await runMutation(client, filesMove, { serverId: S, namespace: N, from: '/a/b', to: '/z/b' });
    for (const gone of [filesKeys.dir(S, N, '/a/b'), filesKeys.text(S, N, '/a/b/c.txt'), filesKeys.revisions(S, N, '/a/b/c.txt')]) expect(client.getQueryState(gone)).toBeUndefined();
    expect(invalidatedKeys(client)).toEqual(keyList(filesKeys.dir(S, N, '/'), filesKeys.dir(S, N, '/a'), filesKeys.dir(S, N, '/z')));
    // A sibling whose name starts the same is another folder.
    expect(client.getQueryState(filesKeys.dir(S, N, '/a/bb'))?.isInvalidated).toBe(false);
  });

  it('deletes with the typed confirmation and refreshes the folders Kestra may have emptied', async () => {
    const client = seeded(cached);
    await runMutation(client, filesDelete, { serverId: S, namespace: N, path: '/z/y.txt', confirmation: 'Prod EU' });
    expect(bridge.calls[0]).toEqual({ method: 'files.delete', params: { serverId: S, namespace: N, path: '/z/y.txt', confirmation: 'Prod EU' } });
    expect(client.getQueryState(filesKeys.text(S, N, '/z/y.txt'))).toBeUndefined();
    expect(invalidatedKeys(client)).toEqual(keyList(filesKeys.dir(S, N, '/'), filesKeys.dir(S, N, '/z')));
  });

  it('leaves other namespaces and old revisions alone', () => {
    expect(isStaleAfterFileWrite(filesKeys.dir(S, 'company.other', '/'), S, N, ['/x'])).toBe(false);
    expect(isStaleAfterFileWrite(filesKeys.text(S, N, '/x', 2), S, N, ['/x'])).toBe(false);
    expect(isStaleAfterFileWrite(filesKeys.dir(S, N, '/x'), S, N, ['/x'])).toBe(false);
  });
});

describe('files actions', () => {
  const context = (server = testServer()): ActionContext => ({ server, namespace: N, location: { pane: 'files', params: {} }, queryClient: seeded(cached) });
  afterEach(() => useOpenFile.setState({ open: undefined, drafts: {} }));

  it('hides the writes from the palette on a read-only server; export, compare and refresh stay', () => {
    const readOnly = context(testServer({ readOnly: true }));
    expect(FILES_ACTIONS.filter((action) => canPerform(action, readOnly)).map((action) => action.id)).toEqual(['files.compare', 'files.export', 'files.refresh']);
    expect(FILES_ACTIONS.filter((action) => canPerform(action, context())).map((action) => action.id)).not.toContain('files.save');
  });

  it('offers Save only while the open file has unsaved text, and saves that text', async () => {
    const ctx = context();
    expect(fileSaveAction.disabledReason?.(ctx)).toBe('No file is open');
    useOpenFile.setState({ open: { serverId: S, namespace: N, path: '/a/b/c.txt' } });
    expect(fileSaveAction.disabledReason?.(ctx)).toBe('No changes to save');
    useOpenFile.getState().setDraft('old');
    expect(fileSaveAction.disabledReason?.(ctx)).toBe('No changes to save');
    useOpenFile.getState().setDraft('edited');
    expect(canPerform(fileSaveAction, ctx)).toBe(true);
    bridge.reset();
    bridge.answer('files.writeText', { size: 6 } as never);
    await fileSaveAction.perform(ctx);
    expect(bridge.calls).toEqual([{ method: 'files.writeText', params: { serverId: S, namespace: N, path: '/a/b/c.txt', text: 'edited' } }]);
    expect(useOpenFile.getState().drafts).toEqual({});
    expect(fileSaveAction.disabledReason?.(ctx)).toBe('No changes to save');
  });

  it('lets a sync’s preview confirm its deletions, asking again only where the server wants its name typed', async () => {
    const scope = (server = testServer()) => ({ server, namespace: N, queryClient: seededClient([]) });
    expect(await confirmSyncDeletions(scope(), ['/x'])).toEqual({});
    expect(await confirmSyncDeletions(scope(testServer({ confirmDestructive: true })), [])).toEqual({});
    const asked = confirmSyncDeletions(scope(testServer({ confirmDestructive: true })), ['/x']);
    expect(await Promise.race([asked, new Promise((resolve) => setTimeout(() => resolve('waiting for the typed name'), 20))])).toBe('waiting for the typed name');
  });

  it('applies only on the files pane with a namespace', () => {
    const noNamespace = { ...context(), namespace: undefined };
    expect(FILES_ACTIONS.some((action) => isActionAvailable(action, noNamespace))).toBe(false);
  });

  it('refreshes the uploaded files’ folders together, a moment after the last upload', async () => {
    vi.useFakeTimers();
    try {
      const client = seeded(cached);
      const ports = uploadPorts(client, S, N);
      const upload = (targetPath: string) =>
        ports.upload({ id: targetPath, relativePath: targetPath.slice(1), targetPath, size: 1, sent: 0, status: 'uploading', extract: false }, new File(['x'], 'x'), {
          onProgress: () => undefined,
          signal: new AbortController().signal,
        });
      expect(await upload('/a/b/c.txt')).toEqual({ ok: true, data: { size: 1 } });
      await upload('/z/new.txt');
      expect(bridge.calls.filter((call) => call.method === 'files.upload')).toHaveLength(2);
      expect(invalidatedKeys(client)).toEqual([]);
      await vi.advanceTimersByTimeAsync(300);
      expect(invalidatedKeys(client)).toEqual(
        keyList(filesKeys.dir(S, N, '/'), filesKeys.dir(S, N, '/a'), filesKeys.dir(S, N, '/a/b'), filesKeys.dir(S, N, '/z'), filesKeys.text(S, N, '/a/b/c.txt'), filesKeys.revisions(S, N, '/a/b/c.txt')),
      );
    } finally {
      vi.useRealTimers();
    }
  });
});
