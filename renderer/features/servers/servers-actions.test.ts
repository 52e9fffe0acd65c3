import { QueryClient } from '@tanstack/react-query';
import { beforeEach, describe, expect, it } from 'vitest';
import type { ServerInput } from '../../../main/contract/methods';
import { runMutation } from '../../lib/mutations';
import { consoleKeys, kestraKeys } from '../../lib/query-keys';
import { installTestBridge, testServer } from '../../lib/test-bridge';
import { relaxesPolicy, serverDelete, serverSave } from './servers-actions';

const bridge = installTestBridge();

const input = (policy: { readOnly: boolean; confirmDestructive: boolean }): ServerInput => ({ name: 'Prod EU', url: 'https://kestra.example.com', policy }) as ServerInput;

function client(): QueryClient {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false, staleTime: Infinity } } });
  queryClient.setQueryData(consoleKeys.servers(), []);
  queryClient.setQueryData(kestraKeys.health('srv-1'), {});
  queryClient.setQueryData(kestraKeys.health('srv-2'), {});
  return queryClient;
}

describe('server registry writes', () => {
  beforeEach(() => bridge.reset());

  it('updates, replaces the credentials, and forgets the secret as soon as the save settles', async () => {
    const queryClient = client();
    const existing = testServer({ hasCredentials: true });
    bridge.answer('servers.update', existing);
    bridge.answer('servers.setSecret', existing);
    await runMutation(queryClient, serverSave, { existing, input: input({ readOnly: false, confirmDestructive: false }), secret: 'hunter2', clearSecret: false });
    expect(bridge.calls.map((call) => call.method)).toEqual(['servers.update', 'servers.setSecret']);
    // Nothing in the renderer's caches still holds the password.
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(JSON.stringify(queryClient.getMutationCache().getAll().map((mutation) => mutation.state.variables))).not.toContain('hunter2');
    // The profile list and everything cached for this server are refetched; other servers keep theirs.
    expect(queryClient.getQueryState(consoleKeys.servers())?.isInvalidated).toBe(true);
    expect(queryClient.getQueryState(kestraKeys.health('srv-1'))?.isInvalidated).toBe(true);
    expect(queryClient.getQueryState(kestraKeys.health('srv-2'))?.isInvalidated).toBe(false);
  });

  it('carries the typed name when a save turns the safety policy off', async () => {
    const existing = testServer({ readOnly: true });
    expect(relaxesPolicy(existing, input({ readOnly: false, confirmDestructive: false }))).toBe(true);
    expect(relaxesPolicy(existing, input({ readOnly: true, confirmDestructive: true }))).toBe(false);
    expect(relaxesPolicy(undefined, input({ readOnly: false, confirmDestructive: false }))).toBe(false);
    bridge.answer('servers.update', existing);
    await runMutation(client(), serverSave, { existing, input: input({ readOnly: false, confirmDestructive: false }), clearSecret: false, confirmation: 'Prod EU' });
    expect(bridge.calls[0]!.params).toMatchObject({ serverId: 'srv-1', confirmation: 'Prod EU' });
  });

  it('removes a profile and drops its cache', async () => {
    const queryClient = client();
    await runMutation(queryClient, serverDelete, { serverId: 'srv-1', confirmation: 'Prod EU' });
    expect(bridge.calls).toEqual([{ method: 'servers.delete', params: { serverId: 'srv-1', confirmation: 'Prod EU' } }]);
    expect(queryClient.getQueryState(kestraKeys.health('srv-1'))).toBeUndefined();
    expect(queryClient.getQueryState(kestraKeys.health('srv-2'))).toBeDefined();
  });
});
