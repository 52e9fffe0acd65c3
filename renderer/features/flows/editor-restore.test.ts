// Editor tabs survive a restart: the open documents go to main (ui.saveState) and come back from
// it in a new session (fresh modules, no localStorage: web mode's new port is a new origin).
// Unsaved text and the cursor come back as typed; a clean document comes back by name only.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { installMemoryLocalStorage, installTestBridge } from '../../lib/test-bridge';

const memory = installMemoryLocalStorage();

const bridge = installTestBridge();
const S = 'srv-1';
const VIEW = { cursorState: [{ position: { lineNumber: 4, column: 7 } }], viewState: { scrollTop: 120 } };

async function freshSession() {
  vi.resetModules();
  const persisted = await import('../../lib/persisted-state');
  await persisted.loadPersistedState();
  const store = await import('./editor-store');
  return { ...persisted, ...store };
}

describe('flow editor documents across a restart', () => {
  beforeEach(() => {
    memory.clear();
    bridge.reset();
  });

  it('restores tabs in order, unsaved text and cursor as typed, clean documents by name only (reloaded from the server)', async () => {
    const saved = new Map<string, string>();
    bridge.answer('ui.loadState', {});
    bridge.answer('ui.saveState', ((params: { key: string; value: string | null }) => {
      if (params.value !== null) saved.set(params.key, params.value);
      return null;
    }) as never);
    const first = await freshSession();
    const editors = first.useFlowEditors.getState();
    editors.openSaved(S, 'company.team', 'clean', 3, 'id: clean\n');
    editors.openSaved(S, 'company.team', 'edited', 5, 'id: edited\n');
    editors.setText(S, 'flow:company.team/edited', 'id: edited\n# not saved yet\n');
    editors.setView(S, 'flow:company.team/edited', VIEW);
    const draft = editors.openDraft(S, 'id: brand_new\n');
    await first.flushPersistedState();
    expect(saved.has('flow-documents')).toBe(true);

    // A new session: only main's copy is there.
    memory.clear();
    bridge.reset();
    bridge.answer('ui.loadState', Object.fromEntries(saved));
    const second = await freshSession();
    const docs = second.useFlowEditors.getState().docs[S] ?? [];
    expect(docs.map((doc) => doc.key)).toEqual(['flow:company.team/clean', 'flow:company.team/edited', draft]);
    const [clean, edited, restoredDraft] = docs;
    expect(clean).toMatchObject({ unloaded: true, text: '', saved: { id: 'clean', revision: 3 } });
    expect(second.isDirty(clean)).toBe(false);
    expect(edited).toMatchObject({ text: 'id: edited\n# not saved yet\n', baseline: 'id: edited\n', saved: { revision: 5 } });
    expect(second.isDirty(edited)).toBe(true);
    expect(second.cursorOf(edited!.view)).toEqual({ lineNumber: 4, column: 7 });
    expect(restoredDraft).toMatchObject({ text: 'id: brand_new\n' });
  });

  it('drops a damaged entry and keeps the others', async () => {
    const damaged = JSON.stringify({
      savedAt: Date.now(),
      value: { version: 1, state: { draftCounter: 2, docs: { [S]: [{ key: 'flow:company.team/ok', saved: { namespace: 'company.team', id: 'ok', revision: 1 }, baseline: 'a', text: 'b' }, { key: 42 }, null] } } },
    });
    bridge.answer('ui.loadState', { 'flow-documents': damaged });
    const session = await freshSession();
    expect((session.useFlowEditors.getState().docs[S] ?? []).map((doc) => doc.key)).toEqual(['flow:company.team/ok']);
  });
});
