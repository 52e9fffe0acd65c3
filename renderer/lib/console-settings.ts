// Preferences of the console itself (not of a server), set in the Settings dialog and kept across
// restarts with the rest of the window's state (lib/persisted-state.ts).
import { create } from 'zustand';
import { persist } from 'zustand/middleware';
import { consoleStorage } from './persisted-state';

/** How many servers stay loaded (their panes mounted and their data cached) at once. */
export const LOADED_SERVERS = { default: 5, min: 1, max: 20 } as const;

interface PersistedSettings {
  loadedServers: number;
}

interface ConsoleSettings extends PersistedSettings {
  setLoadedServers(count: number): void;
}

/** A whole number within the allowed range; anything else (a damaged file, NaN) is the default. */
export function saneLoadedServers(value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) return LOADED_SERVERS.default;
  return Math.min(LOADED_SERVERS.max, Math.max(LOADED_SERVERS.min, Math.round(value)));
}

export const useConsoleSettings = create<ConsoleSettings>()(
  persist(
    (set) => ({
      loadedServers: LOADED_SERVERS.default,
      setLoadedServers: (count) => set({ loadedServers: saneLoadedServers(count) }),
    }),
    {
      name: 'settings',
      version: 1,
      storage: consoleStorage<PersistedSettings>(),
      partialize: (state): PersistedSettings => ({ loadedServers: state.loadedServers }),
      merge: (persisted, current) => ({ ...current, loadedServers: saneLoadedServers((persisted as Partial<PersistedSettings> | undefined)?.loadedServers) }),
    },
  ),
);
