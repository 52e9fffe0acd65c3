import { beforeEach, describe, expect, it } from 'vitest';
import { flushPersistedState } from './persisted-state';
import { installTestBridge } from './test-bridge';

// The store persists through main (ui.saveState); the test bridge records what it is sent.
const bridge = installTestBridge();
const { useWorkspace, sanePersistedWorkspace } = await import('./workspace-store');

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
    // Closing the tab keeps its drafts: they come back when the server is opened again.
    useWorkspace.getState().closeServer('a');
    expect(Object.keys(useWorkspace.getState().unsaved.a ?? {})).toEqual(['flow:x/y']);
  });

  it('returns each pane of a server to where it was', () => {
    const store = useWorkspace.getState();
    store.navigate('a', { pane: 'flows', params: { namespace: 'n', flowId: 'f' } });
    store.navigate('a', { pane: 'executions', params: { executionId: 'e1' } });
    useWorkspace.getState().showPane('a', 'flows');
    expect(useWorkspace.getState().tabs.a?.location).toEqual({ pane: 'flows', params: { namespace: 'n', flowId: 'f' } });
    useWorkspace.getState().showPane('a', 'executions');
    expect(useWorkspace.getState().tabs.a?.location.params).toEqual({ executionId: 'e1' });
    useWorkspace.getState().showPane('a', 'kv');
    expect(useWorkspace.getState().tabs.a?.location).toEqual({ pane: 'kv', params: {} });
  });

  it('drops damaged parts of a saved workspace instead of trusting them', () => {
    expect(sanePersistedWorkspace(null)).toEqual({});
    const restored = sanePersistedWorkspace({
      openServerIds: ['a', 3, 'b'],
      activeServerId: 7,
      tabs: {
        a: { location: { pane: 'flows', params: { flowId: 'x' } }, panes: { kv: { namespace: 'n' }, files: { path: 5 } }, namespace: 'n' },
        b: { location: { pane: 'nowhere', params: {} } },
        c: 'junk',
      },
    });
    expect(restored).toEqual({
      openServerIds: ['a', 'b'],
      activeServerId: undefined,
      tabs: { a: { location: { pane: 'flows', params: { flowId: 'x' } }, panes: { kv: { namespace: 'n' } }, namespace: 'n' } },
    });
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

  it('moves tabs and persists only navigation, never unsaved documents', async () => {
    const store = useWorkspace.getState();
    store.openServer('a');
    store.openServer('b');
    store.moveServerTab('b', 0);
    expect(useWorkspace.getState().openServerIds).toEqual(['b', 'a']);
    useWorkspace.getState().setUnsaved('a', 'k', { label: 'k', save: async () => true });
    bridge.reset();
    await flushPersistedState();
    const saved = bridge.calls.find((call) => call.method === 'ui.saveState')?.params as { key: string; value: string };
    expect(saved.key).toBe('workspace');
    const persisted = JSON.parse(saved.value) as { value: { state: Record<string, unknown> } };
    expect(Object.keys(persisted.value.state).sort()).toEqual(['activeServerId', 'openServerIds', 'tabs']);
  });
});
