// Where the window's own state lives between sessions: zustand `persist` storage kept by main
// (ui.loadState / ui.saveState, files in the app's data folder), so open tabs, each pane's place
// and unsaved drafts survive a reload, a restart, and in web mode a new launch on another port.
//
// - Everything is read once at start-up (`loadPersistedState`, before the first render); stores
//   created after that hydrate synchronously from it, so a pane never renders empty first.
// - Writes are coalesced (the newest value per key, SAVE_DELAY_MS after the last change) and also
//   mirrored synchronously to localStorage when the page is hidden or unloaded: a reload right
//   after typing keeps the last keystrokes. At load the newer copy of a key wins (`savedAt`).
// - Only what a store's `partialize` returns is written: never a secret (the renderer has none to
//   write: passwords and tokens stay in the server dialog's own state until main takes them).
import type { PersistStorage, StorageValue } from 'zustand/middleware';
import { create } from 'zustand';
import { call } from './call';

export const SAVE_DELAY_MS = 300;
/** Main keeps at most this much per key (MAX_UI_STATE_CHARS in main/app/ui-state-store.ts). */
export const MAX_STATE_CHARS = 6 * 1024 * 1024;
const MIRROR_PREFIX = 'kestra-console-state:';

interface Envelope {
  savedAt: number;
  value: StorageValue<unknown>;
}

/** Whether the last save worked; the status bar tells the user when state is not being kept. */
interface PersistenceStatus {
  problem?: string;
}
export const usePersistenceStatus = create<PersistenceStatus>(() => ({}));

let loaded: Map<string, Envelope> | undefined;
let loading: Promise<void> | undefined;
const pending = new Map<string, StorageValue<unknown>>();
let timer: ReturnType<typeof setTimeout> | undefined;

function storage(): Storage | undefined {
  try {
    return typeof localStorage === 'undefined' ? undefined : localStorage;
  } catch {
    return undefined;
  }
}

function parseEnvelope(text: string | null | undefined): Envelope | undefined {
  if (!text) return undefined;
  try {
    const parsed = JSON.parse(text) as Partial<Envelope>;
    if (typeof parsed.savedAt !== 'number' || !parsed.value || typeof parsed.value !== 'object') return undefined;
    return parsed as Envelope;
  } catch {
    return undefined;
  }
}

function readMirrors(): Map<string, Envelope> {
  const out = new Map<string, Envelope>();
  const local = storage();
  if (!local) return out;
  for (let index = 0; index < local.length; index += 1) {
    const key = local.key(index);
    if (!key?.startsWith(MIRROR_PREFIX)) continue;
    const envelope = parseEnvelope(local.getItem(key));
    if (envelope) out.set(key.slice(MIRROR_PREFIX.length), envelope);
  }
  return out;
}

/** Reads every key once (main's copy and this origin's mirror, the newer wins). Idempotent. */
export function loadPersistedState(): Promise<void> {
  loading ??= (async () => {
    let saved: Record<string, string> = {};
    try {
      saved = await call('ui.loadState', {});
    } catch (error) {
      usePersistenceStatus.setState({ problem: `The saved window state could not be read: ${error instanceof Error ? error.message : String(error)}` });
    }
    const merged = readMirrors();
    for (const [key, text] of Object.entries(saved)) {
      const envelope = parseEnvelope(text);
      const mirror = merged.get(key);
      if (envelope && (!mirror || mirror.savedAt <= envelope.savedAt)) merged.set(key, envelope);
    }
    loaded = merged;
  })();
  return loading;
}

function writeMirror(key: string, text: string): void {
  const local = storage();
  if (!local) return;
  try {
    local.setItem(MIRROR_PREFIX + key, text);
  } catch {
    // Over the origin's quota: main's copy is the one that counts; an old mirror must not win.
    local.removeItem(MIRROR_PREFIX + key);
  }
}

/** Sends every pending change to main now (and to the mirror). */
export async function flushPersistedState(): Promise<void> {
  if (timer) clearTimeout(timer);
  timer = undefined;
  const entries = [...pending];
  pending.clear();
  await Promise.all(
    entries.map(async ([key, value]) => {
      const text = JSON.stringify({ savedAt: Date.now(), value } satisfies Envelope);
      loaded?.set(key, { savedAt: Date.now(), value });
      if (text.length > MAX_STATE_CHARS) {
        usePersistenceStatus.setState({ problem: `Unsaved drafts are over ${MAX_STATE_CHARS / 1024 / 1024} MB: they are not kept across restarts. Save or close some.` });
        return;
      }
      writeMirror(key, text);
      try {
        await call('ui.saveState', { key, value: text });
        if (usePersistenceStatus.getState().problem) usePersistenceStatus.setState({ problem: undefined });
      } catch (error) {
        usePersistenceStatus.setState({ problem: `Open tabs and drafts could not be saved: ${error instanceof Error ? error.message : String(error)}` });
      }
    }),
  );
}

function schedule(): void {
  if (timer) clearTimeout(timer);
  timer = setTimeout(() => void flushPersistedState(), SAVE_DELAY_MS);
}

/** Leaving the page (reload, close, tab hidden): the mirror gets everything now, main as far as it can. */
function flushOnLeave(): void {
  if (pending.size === 0) return;
  for (const [key, value] of pending) writeMirror(key, JSON.stringify({ savedAt: Date.now(), value } satisfies Envelope));
  void flushPersistedState();
}

if (typeof window !== 'undefined' && typeof window.addEventListener === 'function') {
  window.addEventListener('pagehide', flushOnLeave);
  window.addEventListener('beforeunload', flushOnLeave);
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'hidden') flushOnLeave();
  });
}

/** Storage for a zustand `persist` store; `name` is its key (lower-case letters, digits and dashes). */
export function consoleStorage<S>(): PersistStorage<S> {
  return {
    getItem: (name) => {
      const read = (): StorageValue<S> | null => (loaded?.get(name)?.value as StorageValue<S> | undefined) ?? null;
      return loaded ? read() : loadPersistedState().then(read);
    },
    setItem: (name, value) => {
      pending.set(name, value as StorageValue<unknown>);
      schedule();
    },
    removeItem: (name) => {
      pending.delete(name);
      loaded?.delete(name);
      storage()?.removeItem(MIRROR_PREFIX + name);
      void call('ui.saveState', { key: name, value: null }).catch(() => undefined);
    },
  };
}

/** For tests: forget what was loaded (the next store or `loadPersistedState` reads again). */
export function resetPersistedStateForTests(): void {
  loaded = undefined;
  loading = undefined;
  pending.clear();
  if (timer) clearTimeout(timer);
  timer = undefined;
}
