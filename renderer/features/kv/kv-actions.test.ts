import { QueryClient } from '@tanstack/react-query';
import { beforeEach, describe, expect, it } from 'vitest';
import { canPerform, isActionAvailable, type ActionContext } from '../../lib/actions';
import { runMutation } from '../../lib/mutations';
import { installTestBridge, invalidatedKeys, keyList, seededClient as seeded, testServer } from '../../lib/test-bridge';
import { isStaleAfterKvWrite, KV_ACTIONS, kvDelete, kvNewAction, kvPut, kvWriteMany } from './kv-actions';
import { kvKeys } from './kv-queries';

const bridge = installTestBridge();
const S = 'srv-1';



const cached = [
  kvKeys.list(S, 'company.team'),
  kvKeys.list(S, 'company.other'),
  kvKeys.inherited(S, 'company.team'),
  kvKeys.inherited(S, 'company.team.child'),
  kvKeys.inherited(S, 'company.teamwork'),
  kvKeys.value(S, 'company.team', 'token'),
  kvKeys.value(S, 'company.team', 'other'),
  kvKeys.value(S, 'company.other', 'token'),
  kvKeys.search(S, ''),
  kvKeys.list('srv-2', 'company.team'),
  ['kestra', S, 'files', 'company.team', 'dir', '/'],
];

describe('KV writes', () => {
  beforeEach(() => bridge.reset());

  it('puts a pair and invalidates exactly its namespace list, its value, the searches and the namespaces below', async () => {
    const client = seeded(cached);
    await runMutation(client, kvPut, { serverId: S, namespace: 'company.team', key: 'token', type: 'STRING', value: 'v' });
    expect(bridge.calls).toEqual([{ method: 'kv.put', params: { serverId: S, namespace: 'company.team', key: 'token', type: 'STRING', value: 'v' } }]);
    expect(invalidatedKeys(client)).toEqual(
      keyList(kvKeys.inherited(S, 'company.team.child'), kvKeys.list(S, 'company.team'), kvKeys.search(S, ''), kvKeys.value(S, 'company.team', 'token')),
    );
  });

  it('invalidates nothing when the server refuses the put', async () => {
    const client = seeded(cached);
    bridge.answer('kv.put', { error: { kind: 'validation', message: 'prod is read-only (its safety policy): kv.put was refused by the console.' } });
    await expect(runMutation(client, kvPut, { serverId: S, namespace: 'company.team', key: 'token', type: 'STRING', value: 'v' })).rejects.toThrow(/read-only/);
    expect(invalidatedKeys(client)).toEqual([]);
  });

  it('deletes one key with kv.delete and several with kv.deleteMany, carrying the typed confirmation, and drops the deleted values', async () => {
    const client = seeded(cached);
    bridge.answer('kv.delete', { deleted: true });
    bridge.answer('kv.deleteMany', ({ keys }) => ({ deleted: keys }));
    expect(await runMutation(client, kvDelete, { serverId: S, namespace: 'company.team', keys: ['token'], confirmation: 'Prod EU' })).toBe(1);
    expect(await runMutation(client, kvDelete, { serverId: S, namespace: 'company.team', keys: ['a', 'b'] })).toBe(2);
    expect(bridge.calls).toEqual([
      { method: 'kv.delete', params: { serverId: S, namespace: 'company.team', key: 'token', confirmation: 'Prod EU' } },
      { method: 'kv.deleteMany', params: { serverId: S, namespace: 'company.team', keys: ['a', 'b'], confirmation: undefined } },
    ]);
    // Gone, not refetched; the rest of the namespace's value cache stays.
    expect(client.getQueryState(kvKeys.value(S, 'company.team', 'token'))).toBeUndefined();
    expect(client.getQueryState(kvKeys.value(S, 'company.team', 'other'))?.isInvalidated).toBe(false);
    expect(client.getQueryState(kvKeys.list(S, 'company.team'))?.isInvalidated).toBe(true);
    expect(client.getQueryState(kvKeys.list(S, 'company.other'))?.isInvalidated).toBe(false);
  });

  it('writes many pairs one by one, keeps going past a failure, and invalidates once at the end', async () => {
    const client = seeded(cached);
    bridge.answer('kv.put', (params) => {
      if (params.key === 'bad') throw new Error('unreachable');
      return null;
    });
    let invalidations = 0;
    client.getQueryCache().subscribe((event) => {
      if (event.type === 'updated' && event.action.type === 'invalidate') invalidations += 1;
    });
    const progress: number[] = [];
    const records = ['a', 'b', 'c'].map((key) => ({ record: { key, type: 'STRING' as const, value: key }, ttl: 'PT1H' }));
    const result = await runMutation(client, kvWriteMany, { serverId: S, namespace: 'company.team', writes: records, onProgress: (done) => progress.push(done) });
    expect(result).toEqual({ written: 3, failed: [], stopped: false });
    expect(progress).toEqual([1, 2, 3]);
    expect(bridge.calls.map((call) => (call.params as { key: string; ttl: string }).key + (call.params as { ttl: string }).ttl)).toEqual(['aPT1H', 'bPT1H', 'cPT1H']);
    // list, search and the child's inherited list, once each.
    expect(invalidations).toBe(3);
  });

  it('stops between pairs when its signal is aborted', async () => {
    const client = seeded([]);
    const controller = new AbortController();
    bridge.answer('kv.put', () => {
      controller.abort();
      return null;
    });
    const writes = ['a', 'b', 'c'].map((key) => ({ record: { key, type: 'STRING' as const, value: key } }));
    const result = await runMutation(client, kvWriteMany, { serverId: S, namespace: 'n', writes, signal: controller.signal });
    expect(result).toEqual({ written: 1, failed: [], stopped: true });
    expect(bridge.calls).toHaveLength(1);
  });

  it('knows what a write leaves alone', () => {
    expect(isStaleAfterKvWrite(kvKeys.inherited(S, 'company.team'), S, 'company.team', ['k'])).toBe(false);
    expect(isStaleAfterKvWrite(kvKeys.inherited(S, 'company.teamwork'), S, 'company.team', ['k'])).toBe(false);
    expect(isStaleAfterKvWrite(kvKeys.list('srv-2', 'company.team'), S, 'company.team', ['k'])).toBe(false);
    expect(isStaleAfterKvWrite(['kestra', S, 'flows', 'list'], S, 'company.team', ['k'])).toBe(false);
  });
});

describe('KV actions', () => {
  const context = (server = testServer(), pane: 'kv' | 'flows' = 'kv', namespace: string | undefined = 'company.team'): ActionContext => ({
    server,
    namespace,
    location: { pane, params: {} },
    queryClient: new QueryClient(),
  });

  it('hides the writes from the palette on a read-only server, and says why on the toolbar', () => {
    const readOnly = context(testServer({ readOnly: true }));
    expect(isActionAvailable(kvNewAction, readOnly)).toBe(true);
    expect(canPerform(kvNewAction, readOnly)).toBe(false);
    expect(kvNewAction.disabledReason?.(readOnly)).toMatch(/read-only/);
    expect(KV_ACTIONS.filter((action) => canPerform(action, readOnly)).map((action) => action.id)).toEqual(['kv.export', 'kv.search', 'kv.refresh']);
    expect(KV_ACTIONS.filter((action) => canPerform(action, context())).map((action) => action.id)).toEqual(['kv.new', 'kv.import', 'kv.export', 'kv.search', 'kv.refresh']);
  });

  it('applies only on the KV pane, and exports only a chosen namespace', () => {
    expect(KV_ACTIONS.some((action) => isActionAvailable(action, context(testServer(), 'flows')))).toBe(false);
    const all = { ...context(), namespace: undefined };
    expect(KV_ACTIONS.find((action) => action.id === 'kv.export')?.disabledReason?.(all)).toBe('Choose a namespace to export');
  });

  it('refreshes every KV query of the server and nothing else', async () => {
    const ctx = context();
    const client = seeded(cached);
    await KV_ACTIONS.find((action) => action.id === 'kv.refresh')!.perform({ ...ctx, queryClient: client });
    expect(invalidatedKeys(client)).toEqual(keyList(...cached.filter((key) => key[1] === S && key[2] === 'kv')));
  });
});
