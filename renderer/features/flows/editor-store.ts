// Open flow documents per server: the text being edited, the baseline it was loaded or saved as
// (dirty = text differs), the revision it came from (for stale-revision detection) and where the
// cursor and scroll were. Kept across pane and server switches (the editor may unmount at any
// time: nothing lives only in it) and across restarts (lib/persisted-state.ts): drafts and
// unsaved changes with their text; documents without changes by name only, loaded again from the
// server when shown, so a restart never shows an outdated revision as current.
import { create } from 'zustand';
import { persist } from 'zustand/middleware';
import { consoleStorage } from '../../lib/persisted-state';
import { draftKey, flowKey } from './flow-document';

export interface FlowDoc {
  key: string;
  /** The saved flow this document edits; undefined for a draft not yet created. */
  saved?: { namespace: string; id: string; revision: number };
  /** Text as last loaded from or saved to the server (verbatim). */
  baseline: string;
  text: string;
  /** Restored without its text (it had no unsaved changes): loaded from the server when shown. */
  unloaded?: boolean;
  /** The editor's cursor, selection and scroll (Monaco's view state, plain JSON). */
  view?: unknown;
}

export function isDirty(doc: FlowDoc | undefined): boolean {
  return !!doc && !doc.unloaded && doc.text !== doc.baseline;
}

export function docTitle(doc: FlowDoc): string {
  return doc.saved ? doc.saved.id : `New flow ${doc.key.slice('draft:'.length)}`;
}

/** "Ln 12, Col 5" from a saved view state, when it has a cursor. */
export function cursorOf(view: unknown): { lineNumber: number; column: number } | undefined {
  const position = (view as { cursorState?: { position?: { lineNumber?: unknown; column?: unknown } }[] } | undefined)?.cursorState?.[0]?.position;
  return typeof position?.lineNumber === 'number' && typeof position.column === 'number' ? { lineNumber: position.lineNumber, column: position.column } : undefined;
}

interface FlowEditorState {
  /** Documents by server id, in tab order. */
  docs: Record<string, FlowDoc[]>;
  draftCounter: number;
  /** Opens (or keeps) a saved flow's document; fills in one restored without its text. */
  openSaved(serverId: string, namespace: string, id: string, revision: number, source: string): FlowDoc;
  /** Opens a new draft with this text; returns its key. */
  openDraft(serverId: string, text: string): string;
  setText(serverId: string, key: string, text: string): void;
  setView(serverId: string, key: string, view: unknown): void;
  /** After a save or reload: new baseline (and text), revision, and possibly a new key (draft → flow). */
  markSaved(serverId: string, key: string, saved: { namespace: string; id: string; revision: number }, source: string, keepText?: boolean): string;
  close(serverId: string, key: string): void;
  closeAll(serverId: string): void;
}

function update(state: FlowEditorState, serverId: string, key: string, change: (doc: FlowDoc) => FlowDoc): Partial<FlowEditorState> {
  const docs = state.docs[serverId] ?? [];
  return { docs: { ...state.docs, [serverId]: docs.map((doc) => (doc.key === key ? change(doc) : doc)) } };
}

type PersistedDocs = Pick<FlowEditorState, 'docs' | 'draftCounter'>;

/** What is kept of a document: its text only when it has unsaved changes (or was never saved). */
function persistedDoc(doc: FlowDoc): FlowDoc {
  if (!doc.saved || isDirty(doc)) return { key: doc.key, saved: doc.saved, baseline: doc.baseline, text: doc.text, view: doc.view };
  return { key: doc.key, saved: doc.saved, baseline: '', text: '', unloaded: true, view: doc.view };
}

function saneDoc(value: unknown): FlowDoc | undefined {
  const doc = value as Partial<FlowDoc> | undefined;
  if (!doc || typeof doc.key !== 'string' || typeof doc.text !== 'string' || typeof doc.baseline !== 'string') return undefined;
  const saved = doc.saved;
  const savedOk = saved === undefined || (typeof saved.namespace === 'string' && typeof saved.id === 'string' && typeof saved.revision === 'number');
  if (!savedOk || (!saved && !doc.key.startsWith('draft:'))) return undefined;
  return { key: doc.key, saved, baseline: doc.baseline, text: doc.text, ...(doc.unloaded && saved ? { unloaded: true } : {}), ...(doc.view ? { view: doc.view } : {}) };
}

/** The saved documents, checked one by one: a damaged entry is dropped, the others kept. */
export function sanePersistedDocs(persisted: unknown): Partial<PersistedDocs> {
  const raw = persisted as Partial<PersistedDocs> | undefined;
  if (!raw || typeof raw !== 'object') return {};
  const docs: Record<string, FlowDoc[]> = {};
  for (const [serverId, list] of Object.entries(raw.docs ?? {})) {
    if (!Array.isArray(list)) continue;
    const kept = list.map(saneDoc).filter((doc): doc is FlowDoc => !!doc);
    if (kept.length) docs[serverId] = kept;
  }
  return { docs, draftCounter: typeof raw.draftCounter === 'number' ? raw.draftCounter : 0 };
}

export const useFlowEditors = create<FlowEditorState>()(
  persist(
    (set, get) => ({
      docs: {},
      draftCounter: 0,
      openSaved: (serverId, namespace, id, revision, source) => {
        const key = flowKey(namespace, id);
        const existing = get().docs[serverId]?.find((doc) => doc.key === key);
        if (existing && !existing.unloaded) return existing;
        const doc: FlowDoc = { key, saved: { namespace, id, revision }, baseline: source, text: source, ...(existing?.view ? { view: existing.view } : {}) };
        set((state) =>
          existing
            ? update(state, serverId, key, () => doc)
            : { docs: { ...state.docs, [serverId]: [...(state.docs[serverId] ?? []), doc] } },
        );
        return doc;
      },
      openDraft: (serverId, text) => {
        const n = get().draftCounter + 1;
        const key = draftKey(n);
        set((state) => ({ draftCounter: n, docs: { ...state.docs, [serverId]: [...(state.docs[serverId] ?? []), { key, baseline: '', text }] } }));
        return key;
      },
      setText: (serverId, key, text) => set((state) => update(state, serverId, key, (doc) => (doc.text === text || doc.unloaded ? doc : { ...doc, text }))),
      setView: (serverId, key, view) => set((state) => update(state, serverId, key, (doc) => ({ ...doc, view }))),
      markSaved: (serverId, key, saved, source, keepText = false) => {
        const newKey = flowKey(saved.namespace, saved.id);
        set((state) => {
          const docs = (state.docs[serverId] ?? []).filter((doc) => doc.key === key || doc.key !== newKey);
          return {
            docs: {
              ...state.docs,
              [serverId]: docs.map((doc) => (doc.key === key ? { key: newKey, saved, baseline: source, text: keepText ? doc.text : source, ...(doc.view ? { view: doc.view } : {}) } : doc)),
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
    }),
    {
      name: 'flow-documents',
      version: 1,
      storage: consoleStorage<PersistedDocs>(),
      partialize: (state): PersistedDocs => ({
        draftCounter: state.draftCounter,
        docs: Object.fromEntries(Object.entries(state.docs).map(([serverId, docs]) => [serverId, docs.map(persistedDoc)])),
      }),
      merge: (persisted, current) => ({ ...current, ...sanePersistedDocs(persisted) }),
    },
  ),
);

const NO_DOCS: FlowDoc[] = [];
export function useServerDocs(serverId: string): FlowDoc[] {
  return useFlowEditors((state) => state.docs[serverId] ?? NO_DOCS);
}

export function useDoc(serverId: string, key: string | undefined): FlowDoc | undefined {
  return useFlowEditors((state) => (key ? state.docs[serverId]?.find((doc) => doc.key === key) : undefined));
}
