// What the window shows: the active server's workspace, the fleet (every server at once), or two
// servers side by side. UI state only (zustand, persisted apart from the workspace store).
//
// The split follows the workspace's active server: the active server is the focused side's. Moving
// focus to a side makes its server the active one (palette, shortcuts and status bar act there);
// opening another server from the rail or the palette replaces the focused side's server; opening
// the other side's server moves focus there. Any navigation to a server leaves the fleet.
import { create } from 'zustand';
import { createJSONStorage, persist } from 'zustand/middleware';
import { useWorkspace } from './workspace-store';

export type ConsoleView = 'servers' | 'fleet';
export type FleetTab = 'overview' | 'promotion' | 'drift';
export type Side = 'left' | 'right';

export interface SplitState {
  on: boolean;
  left?: string;
  right?: string;
  focus: Side;
}

interface LayoutState {
  view: ConsoleView;
  fleetTab: FleetTab;
  split: SplitState;
  showFleet(tab?: FleetTab): void;
  showServers(): void;
  /** Opens the split with the active server on the left and `other` on the right, or closes it. */
  toggleSplit(other: string | undefined): void;
  closeSplit(): void;
  swapSides(): void;
  /** Focuses a side: its server becomes the active one. */
  focusSide(side: Side): void;
  /** Shows another server on one side. */
  setSideServer(side: Side, serverId: string): void;
}

export const otherSide = (side: Side): Side => (side === 'left' ? 'right' : 'left');

export const useLayout = create<LayoutState>()(
  persist(
    (set, get) => ({
      view: 'servers',
      fleetTab: 'overview',
      split: { on: false, focus: 'left' },
      showFleet: (tab) => set((state) => ({ view: 'fleet', fleetTab: tab ?? state.fleetTab })),
      showServers: () => set({ view: 'servers' }),
      toggleSplit: (other) => {
        const { split } = get();
        if (split.on) return get().closeSplit();
        const active = useWorkspace.getState().activeServerId;
        if (!active || !other || other === active) return;
        set({ view: 'servers', split: { on: true, left: active, right: other, focus: 'left' } });
      },
      closeSplit: () => set((state) => ({ split: { ...state.split, on: false } })),
      swapSides: () =>
        set((state) => (state.split.on ? { split: { ...state.split, left: state.split.right, right: state.split.left, focus: otherSide(state.split.focus) } } : state)),
      focusSide: (side) => {
        const { split } = get();
        const serverId = split[side];
        if (!split.on || !serverId) return;
        set({ view: 'servers', split: { ...split, focus: side } });
        if (useWorkspace.getState().activeServerId !== serverId) useWorkspace.getState().openServer(serverId);
      },
      setSideServer: (side, serverId) => {
        const { split } = get();
        if (!split.on) return;
        // The same server on both sides would share one place: swap instead.
        if (split[otherSide(side)] === serverId) return get().swapSides();
        set({ split: { ...split, [side]: serverId, focus: side } });
        useWorkspace.getState().openServer(serverId);
      },
    }),
    {
      name: 'kestra-console-layout',
      version: 1,
      storage: createJSONStorage(() => localStorage),
      // The split is remembered; the fleet is the start screen only when chosen at start.
      partialize: (state) => ({ split: state.split, fleetTab: state.fleetTab }),
    },
  ),
);

// Follow the active server: navigation leaves the fleet, and the split keeps its focused side on it.
useWorkspace.subscribe((state, previous) => {
  const active = state.activeServerId;
  const moved = active !== previous.activeServerId || (active !== undefined && state.tabs[active]?.location !== previous.tabs[active]?.location);
  if (!moved) return;
  const layout = useLayout.getState();
  const patch: Partial<Pick<LayoutState, 'view' | 'split'>> = {};
  if (layout.view === 'fleet') patch.view = 'servers';
  const { split } = layout;
  if (split.on && active && active !== split[split.focus]) {
    const other = otherSide(split.focus);
    patch.split = split[other] === active ? { ...split, focus: other } : { ...split, [split.focus]: active };
  }
  if (Object.keys(patch).length) useLayout.setState(patch);
});

/** Drops split sides whose server is gone. */
export function pruneSplit(existingIds: readonly string[]): void {
  const { split } = useLayout.getState();
  if (!split.on) return;
  const exists = new Set(existingIds);
  if ((split.left && !exists.has(split.left)) || (split.right && !exists.has(split.right))) useLayout.setState({ split: { ...split, on: false } });
}
