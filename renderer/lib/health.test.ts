// Health marking: every failed call marks its server at once, a call that works on a failing
// server asks for a probe, and failed probes back off. Real react-query and the real call path,
// over the in-memory test bridge.
import { QueryClient } from '@tanstack/react-query';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ServerHealth } from '../../main/contract/methods';
import { call } from './call';
import { healthFromError, installHealthMarking, probeDelay, useHealthTracking } from './health';
import { kestraKeys } from './query-keys';
import { installTestBridge, type TestBridge } from './test-bridge';

const S = 'srv-1';
const bridge: TestBridge = installTestBridge();
let client: QueryClient;
let uninstall: () => void;

beforeEach(() => {
  bridge.reset();
  client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  uninstall = installHealthMarking(client);
  useHealthTracking.setState({ failures: {}, downSince: {} });
  client.setQueryData<ServerHealth>(kestraKeys.health(S), { serverId: S, status: 'up', version: '1.3.25', edition: 'OSS', latencyMs: 2, checkedAt: new Date().toISOString() });
});

afterEach(() => {
  uninstall();
  client.clear();
});

describe('health marking', () => {
  it('marks the server unreachable as soon as any call is refused, keeping the version it last saw', async () => {
    bridge.answer('kv.list', { error: { kind: 'network', message: 'http://127.0.0.1:1 refused the connection' } });
    await expect(call('kv.list', { serverId: S, namespace: 'company' } as never)).rejects.toThrow(/refused/);
    const health = client.getQueryData<ServerHealth>(kestraKeys.health(S));
    expect(health).toMatchObject({ status: 'down', message: 'http://127.0.0.1:1 refused the connection', version: '1.3.25' });
    expect(health?.latencyMs).toBeUndefined();
    expect(useHealthTracking.getState().failures[S]).toBe(1);
    expect(useHealthTracking.getState().downSince[S]).toBeTypeOf('number');
  });

  it('leaves health alone for failures that say nothing about the server (404, 422, RBAC 403), and for other servers', async () => {
    bridge.answer('flows.get', { error: { kind: 'http', status: 404, message: 'Not found' } });
    await expect(call('flows.get', { serverId: S, namespace: 'a', id: 'b' } as never)).rejects.toThrow();
    bridge.answer('kv.list', { error: { kind: 'network', message: 'down' } });
    await expect(call('kv.list', { serverId: 'srv-2', namespace: 'a' } as never)).rejects.toThrow();
    expect(client.getQueryData<ServerHealth>(kestraKeys.health(S))?.status).toBe('up');
    expect(healthFromError({ kind: 'http', status: 403 })).toBeUndefined();
    expect(healthFromError({ kind: 'http', status: 502 })).toBe('down');
    expect(healthFromError({ kind: 'auth' })).toBe('auth-failed');
    expect(healthFromError({ kind: 'tls' })).toBe('tls-failed');
  });

  it('probes a failing server again as soon as one of its calls works', async () => {
    bridge.answer('kv.list', { error: { kind: 'timeout', message: 'too slow' } });
    await expect(call('kv.list', { serverId: S, namespace: 'a' } as never)).rejects.toThrow();
    expect(client.getQueryData<ServerHealth>(kestraKeys.health(S))?.status).toBe('down');
    expect(client.getQueryState(kestraKeys.health(S))?.isInvalidated).toBe(false);
    bridge.answer('kv.list', []);
    await call('kv.list', { serverId: S, namespace: 'a' } as never);
    expect(client.getQueryState(kestraKeys.health(S))?.isInvalidated).toBe(true);
  });

  it('backs off between probes of a failing server, up to a minute; a healthy one every 30 s', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 20].map(probeDelay)).toEqual([30_000, 2_000, 4_000, 8_000, 16_000, 30_000, 60_000, 60_000]);
  });
});
