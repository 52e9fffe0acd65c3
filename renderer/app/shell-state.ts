// Shell-only UI state: the command palette, the server editor dialog (opened from the rail, the
// palette and the welcome guide) and the settings dialog.
import { create } from 'zustand';

interface ShellState {
  paletteOpen: boolean;
  /** Text the palette opens with (e.g. '>' for commands only). */
  paletteQuery: string;
  serverEditor?: { mode: 'add' } | { mode: 'edit'; serverId: string };
  settingsOpen: boolean;
  openPalette(query?: string): void;
  closePalette(): void;
  openServerEditor(serverId?: string): void;
  closeServerEditor(): void;
  openSettings(): void;
  closeSettings(): void;
}

export const useShell = create<ShellState>((set) => ({
  paletteOpen: false,
  paletteQuery: '',
  serverEditor: undefined,
  openPalette: (query = '') => set({ paletteOpen: true, paletteQuery: query }),
  closePalette: () => set({ paletteOpen: false }),
  openServerEditor: (serverId) => set({ serverEditor: serverId ? { mode: 'edit', serverId } : { mode: 'add' } }),
  closeServerEditor: () => set({ serverEditor: undefined }),
  settingsOpen: false,
  openSettings: () => set({ settingsOpen: true }),
  closeSettings: () => set({ settingsOpen: false }),
}));
