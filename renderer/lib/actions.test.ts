import { describe, expect, it } from 'vitest';
import { allActions, useActionRegistry, type ConsoleAction } from './actions';

const action = (id: string, shortcut?: string): ConsoleAction => ({ id, label: id, shortcut, perform: () => undefined });

describe('action registry', () => {
  it('lists the most recently registered source first, so context actions win shortcut clashes', () => {
    const offShell = useActionRegistry.getState().register('shell', [action('shell.save', 'Mod+S')]);
    const offEditor = useActionRegistry.getState().register('flow-editor', [action('flows.save', 'Mod+S')]);
    expect(allActions().map((a) => a.id)).toEqual(['flows.save', 'shell.save']);
    offEditor();
    expect(allActions().map((a) => a.id)).toEqual(['shell.save']);
    offShell();
    expect(allActions()).toEqual([]);
  });

  it('ignores a stale unregister after the source was registered again', () => {
    const off = useActionRegistry.getState().register('pane', [action('a')]);
    const offAgain = useActionRegistry.getState().register('pane', [action('b')]);
    off();
    expect(allActions().map((a) => a.id)).toEqual(['b']);
    offAgain();
  });
});
