import { beforeEach, describe, expect, it } from 'vitest';

// The store persists to localStorage; give it an in-memory one.
const memory = new Map<string, string>();
globalThis.localStorage = {
  getItem: (key: string) => memory.get(key) ?? null,
  setItem: (key: string, value: string) => void memory.set(key, value),
  removeItem: (key: string) => void memory.delete(key),
  clear: () => memory.clear(),
  key: () => null,
  length: 0,
} as Storage;

const { useWorkspace } = await import('./workspace-store');

describe('workspace store', () => {
  beforeEach(() => useWorkspace.setState({ openServerIds: [], activeServerId: undefined, tabs: {}, unsaved: {} }));

  it('opens, navigates and closes server tabs, activating the neighbour', () => {
    const store = useWorkspace.getState();
    store.openServer('a');
    store.openServer('b');
    store.openServer('c');
    store.navigate('b', { pane: 'executions', params: { executionId: 'x' } });
    expect(useWorkspace.getState().activeServerId).toBe('b');
    expect(useWorkspace.getState().tabs.b?.location).toEqual({ pane: 'executions', params: { executionId: 'x' } });
    useWorkspace.getState().closeServer('b');
    expect(useWorkspace.getState().openServerIds).toEqual(['a', 'c']);
    expect(useWorkspace.getState().activeServerId).toBe('c');
  });

  it('tracks unsaved documents per server and forgets them on close', () => {
    const store = useWorkspace.getState();
    store.openServer('a');
    store.setUnsaved('a', 'flow:x/y', { label: 'x/y' });
    expect(Object.keys(useWorkspace.getState().unsaved.a ?? {})).toEqual(['flow:x/y']);
    const before = useWorkspace.getState();
    useWorkspace.getState().setUnsaved('a', 'missing', undefined);
    expect(useWorkspace.getState()).toBe(before);
    useWorkspace.getState().closeServer('a');
    expect(useWorkspace.getState().unsaved.a).toBeUndefined();
  });

  it('keeps the namespace per server and prunes deleted servers', () => {
    const store = useWorkspace.getState();
    store.openServer('a');
    store.openServer('b');
    store.selectNamespace('a', 'company.team');
    expect(useWorkspace.getState().tabs.a?.namespace).toBe('company.team');
    expect(useWorkspace.getState().tabs.b?.namespace).toBeUndefined();
    useWorkspace.getState().pruneServers(['a']);
    expect(useWorkspace.getState().openServerIds).toEqual(['a']);
    expect(useWorkspace.getState().activeServerId).toBe('a');
  });

  it('moves tabs and persists only navigation, never unsaved documents', () => {
    const store = useWorkspace.getState();
    store.openServer('a');
    store.openServer('b');
    store.moveServerTab('b', 0);
    expect(useWorkspace.getState().openServerIds).toEqual(['b', 'a']);
    useWorkspace.getState().setUnsaved('a', 'k', { label: 'k', save: async () => true });
    const persisted = JSON.parse(memory.get('kestra-console-workspace') ?? '{}') as { state: Record<string, unknown> };
    expect(Object.keys(persisted.state).sort()).toEqual(['activeServerId', 'openServerIds', 'tabs']);
  });
});
