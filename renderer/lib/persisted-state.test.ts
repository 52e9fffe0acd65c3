import { beforeEach, describe, expect, it } from 'vitest';
import { create } from 'zustand';
import { persist } from 'zustand/middleware';
import { consoleStorage, flushPersistedState, loadPersistedState, resetPersistedStateForTests, usePersistenceStatus } from './persisted-state';
import { installMemoryLocalStorage, installTestBridge } from './test-bridge';

const memory = installMemoryLocalStorage();

const bridge = installTestBridge();
const envelope = (savedAt: number, state: unknown): string => JSON.stringify({ savedAt, value: { state, version: 1 } });

function counterStore() {
  return create<{ count: number; secret?: string; bump(): void }>()(
    persist((set) => ({ count: 0, bump: () => set((s) => ({ count: s.count + 1 })) }), {
      name: 'counter',
      version: 1,
      storage: consoleStorage<{ count: number }>(),
      partialize: (s) => ({ count: s.count }),
    }),
  );
}

describe('persisted state', () => {
  beforeEach(() => {
    resetPersistedStateForTests();
    memory.clear();
    bridge.reset();
    usePersistenceStatus.setState({ problem: undefined });
  });

  it('hydrates a store created after start-up synchronously from what main kept', async () => {
    bridge.answer('ui.loadState', { counter: envelope(10, { count: 4 }) });
    await loadPersistedState();
    const store = counterStore();
    expect(store.getState().count).toBe(4);
  });

  it('prefers the page mirror when it is newer (a reload right after typing)', async () => {
    bridge.answer('ui.loadState', { counter: envelope(10, { count: 4 }) });
    memory.set('kestra-console-state:counter', envelope(20, { count: 9 }));
    await loadPersistedState();
    expect(counterStore().getState().count).toBe(9);
  });

  it('coalesces changes into one save per key, with only what partialize keeps', async () => {
    bridge.answer('ui.loadState', {});
    await loadPersistedState();
    const store = counterStore();
    store.setState({ secret: 'never' });
    for (let n = 0; n < 5; n += 1) store.getState().bump();
    await flushPersistedState();
    const saves = bridge.calls.filter((call) => call.method === 'ui.saveState');
    expect(saves).toHaveLength(1);
    const { key, value } = saves[0]!.params as { key: string; value: string };
    expect(key).toBe('counter');
    expect(value).not.toContain('never');
    expect(JSON.parse(value).value.state).toEqual({ count: 5 });
    expect(memory.get('kestra-console-state:counter')).toBe(value);
  });

  it('says so when main cannot keep the state, and clears it once a save works', async () => {
    bridge.answer('ui.loadState', {});
    await loadPersistedState();
    const store = counterStore();
    bridge.answer('ui.saveState', { error: { kind: 'internal', message: 'disk full' } });
    store.getState().bump();
    await flushPersistedState();
    expect(usePersistenceStatus.getState().problem).toMatch(/could not be saved: disk full/);
    bridge.answer('ui.saveState', null);
    store.getState().bump();
    await flushPersistedState();
    expect(usePersistenceStatus.getState().problem).toBeUndefined();
  });

  it('starts from the mirror alone when main cannot be read', async () => {
    bridge.answer('ui.loadState', { error: { kind: 'network', message: 'host gone' } });
    memory.set('kestra-console-state:counter', envelope(5, { count: 2 }));
    await loadPersistedState();
    expect(counterStore().getState().count).toBe(2);
    expect(usePersistenceStatus.getState().problem).toMatch(/could not be read/);
  });
});
