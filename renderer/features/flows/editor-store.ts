// Open flow documents per server: the text being edited (kept across pane and server switches),
// the baseline it was loaded or saved as (dirty = text differs), and the revision it came from
// (for stale-revision detection). Server data itself stays in react-query.
import { create } from 'zustand';
import { draftKey, flowKey } from './flow-document';

export interface FlowDoc {
  key: string;
  /** The saved flow this document edits; undefined for a draft not yet created. */
  saved?: { namespace: string; id: string; revision: number };
  /** Text as last loaded from or saved to the server (verbatim). */
  baseline: string;
  text: string;
}

export function isDirty(doc: FlowDoc | undefined): boolean {
  return !!doc && doc.text !== doc.baseline;
}

export function docTitle(doc: FlowDoc): string {
  return doc.saved ? doc.saved.id : `New flow ${doc.key.slice('draft:'.length)}`;
}

interface FlowEditorState {
  /** Documents by server id, in tab order. */
  docs: Record<string, FlowDoc[]>;
  draftCounter: number;
  /** Opens (or keeps) a saved flow's document. */
  openSaved(serverId: string, namespace: string, id: string, revision: number, source: string): FlowDoc;
  /** Opens a new draft with this text; returns its key. */
  openDraft(serverId: string, text: string): string;
  setText(serverId: string, key: string, text: string): void;
  /** After a save or reload: new baseline (and text), revision, and possibly a new key (draft → flow). */
  markSaved(serverId: string, key: string, saved: { namespace: string; id: string; revision: number }, source: string, keepText?: boolean): string;
  close(serverId: string, key: string): void;
  closeAll(serverId: string): void;
}

function update(state: FlowEditorState, serverId: string, key: string, change: (doc: FlowDoc) => FlowDoc): Partial<FlowEditorState> {
  const docs = state.docs[serverId] ?? [];
  return { docs: { ...state.docs, [serverId]: docs.map((doc) => (doc.key === key ? change(doc) : doc)) } };
}

export const useFlowEditors = create<FlowEditorState>((set, get) => ({
  docs: {},
  draftCounter: 0,
  openSaved: (serverId, namespace, id, revision, source) => {
    const key = flowKey(namespace, id);
    const existing = get().docs[serverId]?.find((doc) => doc.key === key);
    if (existing) return existing;
    const doc: FlowDoc = { key, saved: { namespace, id, revision }, baseline: source, text: source };
    set((state) => ({ docs: { ...state.docs, [serverId]: [...(state.docs[serverId] ?? []), doc] } }));
    return doc;
  },
  openDraft: (serverId, text) => {
    const n = get().draftCounter + 1;
    const key = draftKey(n);
    set((state) => ({ draftCounter: n, docs: { ...state.docs, [serverId]: [...(state.docs[serverId] ?? []), { key, baseline: '', text }] } }));
    return key;
  },
  setText: (serverId, key, text) => set((state) => update(state, serverId, key, (doc) => (doc.text === text ? doc : { ...doc, text }))),
  markSaved: (serverId, key, saved, source, keepText = false) => {
    const newKey = flowKey(saved.namespace, saved.id);
    set((state) => {
      const docs = (state.docs[serverId] ?? []).filter((doc) => doc.key === key || doc.key !== newKey);
      return {
        docs: {
          ...state.docs,
          [serverId]: docs.map((doc) => (doc.key === key ? { key: newKey, saved, baseline: source, text: keepText ? doc.text : source } : doc)),
        },
      };
    });
    return newKey;
  },
  close: (serverId, key) => set((state) => ({ docs: { ...state.docs, [serverId]: (state.docs[serverId] ?? []).filter((doc) => doc.key !== key) } })),
  closeAll: (serverId) =>
    set((state) => {
      const { [serverId]: _closed, ...rest } = state.docs;
      return { docs: rest };
    }),
}));

const NO_DOCS: FlowDoc[] = [];
export function useServerDocs(serverId: string): FlowDoc[] {
  return useFlowEditors((state) => state.docs[serverId] ?? NO_DOCS);
}

export function useDoc(serverId: string, key: string | undefined): FlowDoc | undefined {
  return useFlowEditors((state) => (key ? state.docs[serverId]?.find((doc) => doc.key === key) : undefined));
}
