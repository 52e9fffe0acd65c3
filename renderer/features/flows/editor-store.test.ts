import { beforeEach, describe, expect, it } from 'vitest';
import { docTitle, isDirty, useFlowEditors } from './editor-store';

describe('flow documents', () => {
  beforeEach(() => useFlowEditors.setState({ docs: {}, draftCounter: 0 }));

  it('keeps one document per saved flow and server, with its own buffer', () => {
    const store = useFlowEditors.getState();
    store.openSaved('a', 'ns', 'f', 3, 'id: f\n');
    store.openSaved('a', 'ns', 'f', 4, 'ignored: reopened\n');
    store.openSaved('b', 'ns', 'f', 1, 'id: f\n');
    expect(useFlowEditors.getState().docs.a).toHaveLength(1);
    expect(useFlowEditors.getState().docs.a?.[0]?.saved?.revision).toBe(3);
    useFlowEditors.getState().setText('a', 'flow:ns/f', 'id: f\n# edit\n');
    expect(isDirty(useFlowEditors.getState().docs.a?.[0])).toBe(true);
    expect(isDirty(useFlowEditors.getState().docs.b?.[0])).toBe(false);
  });

  it('turns a saved draft into the flow’s document and keeps text typed during the save', () => {
    const key = useFlowEditors.getState().openDraft('a', 'id: x\nnamespace: n\n');
    expect(docTitle(useFlowEditors.getState().docs.a![0]!)).toBe('New flow 1');
    useFlowEditors.getState().setText('a', key, 'id: x\nnamespace: n\n# typed while saving\n');
    const newKey = useFlowEditors.getState().markSaved('a', key, { namespace: 'n', id: 'x', revision: 1 }, 'id: x\nnamespace: n\n', true);
    expect(newKey).toBe('flow:n/x');
    const doc = useFlowEditors.getState().docs.a![0]!;
    expect(doc).toMatchObject({ key: 'flow:n/x', baseline: 'id: x\nnamespace: n\n', saved: { revision: 1 } });
    expect(isDirty(doc)).toBe(true);
  });

  it('replaces an already open document of the same flow when a draft is saved under its id', () => {
    useFlowEditors.getState().openSaved('a', 'n', 'x', 1, 'old');
    const key = useFlowEditors.getState().openDraft('a', 'new');
    useFlowEditors.getState().markSaved('a', key, { namespace: 'n', id: 'x', revision: 2 }, 'new');
    expect(useFlowEditors.getState().docs.a?.map((doc) => doc.key)).toEqual(['flow:n/x']);
    expect(useFlowEditors.getState().docs.a?.[0]?.saved?.revision).toBe(2);
  });

  it('closes documents', () => {
    useFlowEditors.getState().openSaved('a', 'n', 'x', 1, 'x');
    useFlowEditors.getState().close('a', 'flow:n/x');
    expect(useFlowEditors.getState().docs.a).toEqual([]);
  });
});
