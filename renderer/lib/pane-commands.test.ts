import { describe, expect, it } from 'vitest';
import { createCommandStore } from './pane-commands';

describe('command stores', () => {
  it('delivers the same command sent twice as two changes, to each store alone', () => {
    const files = createCommandStore<'refresh' | 'export'>();
    const kv = createCommandStore<'refresh'>();
    const seen: string[] = [];
    const stop = files.subscribe((state, previous) => {
      if (state.pending && state.pending !== previous.pending) seen.push(state.pending.command);
    });
    files.getState().send('refresh');
    files.getState().send('refresh');
    kv.getState().send('refresh');
    files.getState().send('export');
    stop();
    files.getState().send('export');
    expect(seen).toEqual(['refresh', 'refresh', 'export']);
  });
});
