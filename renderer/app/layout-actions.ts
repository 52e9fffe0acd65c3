// The window's layout commands: the fleet (Alt+0), and two servers side by side (Mod+\ to split,
// F6 to move focus to the other side, Shift+F6 to swap the sides), declared once like every other
// command and registered by the shell with its own.
import type { ServerView } from '../../main/contract/servers';
import type { ActionContext, ConsoleAction } from '../lib/actions';
import { otherSide, useLayout } from '../lib/layout-store';
import { consoleKeys } from '../lib/query-keys';
import { useWorkspace } from '../lib/workspace-store';
import { useSplitCompare } from './split-workspace';

function servers(context: ActionContext): ServerView[] {
  return context.queryClient.getQueryData<ServerView[]>(consoleKeys.servers()) ?? [];
}

/** The server the split opens beside the active one: the next open tab, else the next saved server. */
export function splitPartner(all: readonly ServerView[]): string | undefined {
  const { activeServerId, openServerIds } = useWorkspace.getState();
  const open = openServerIds.filter((id) => id !== activeServerId && all.some((server) => server.id === id));
  return open[0] ?? all.find((server) => server.id !== activeServerId)?.id;
}

function focusSideElement(side: 'left' | 'right'): void {
  document.querySelector<HTMLElement>(`[data-split-side="${side}"]`)?.focus();
}

const splitOn = (): boolean => useLayout.getState().split.on && useLayout.getState().view === 'servers';

export const LAYOUT_ACTIONS: ConsoleAction[] = [
  {
    id: 'layout.fleet',
    label: 'Fleet overview: every server at a glance',
    shortLabel: 'Fleet',
    group: 'Fleet',
    shortcut: 'Alt+0',
    keywords: ['servers', 'failures', 'health', 'overview', 'dashboard'],
    perform: () => useLayout.getState().showFleet('overview'),
  },
  {
    id: 'layout.fleet.promotion',
    label: 'Fleet: promote flows to another server',
    group: 'Fleet',
    keywords: ['promotion', 'deploy', 'copy', 'staging', 'production'],
    isAvailable: (context) => servers(context).length > 1,
    perform: () => useLayout.getState().showFleet('promotion'),
  },
  {
    id: 'layout.fleet.drift',
    label: 'Fleet: drift matrix (namespaces × servers)',
    group: 'Fleet',
    keywords: ['drift', 'compare', 'diff', 'matrix'],
    isAvailable: (context) => servers(context).length > 1,
    perform: () => useLayout.getState().showFleet('drift'),
  },
  {
    id: 'layout.split',
    label: 'Split: two servers side by side (on/off)',
    shortLabel: 'Split',
    group: 'Split',
    shortcut: 'Mod+\\',
    keywords: ['side by side', 'two servers', 'compare'],
    isAvailable: (context) => servers(context).length > 1 || useLayout.getState().split.on,
    disabledReason: (context) => (useLayout.getState().split.on || (context.server && splitPartner(servers(context))) ? undefined : 'Open a server first.'),
    perform: (context) => useLayout.getState().toggleSplit(splitPartner(servers(context))),
  },
  {
    id: 'layout.split.focus',
    label: 'Split: move focus to the other side',
    group: 'Split',
    shortcut: 'F6',
    isAvailable: splitOn,
    perform: () => {
      const side = otherSide(useLayout.getState().split.focus);
      useLayout.getState().focusSide(side);
      focusSideElement(side);
    },
  },
  {
    id: 'layout.split.swap',
    label: 'Split: swap the two sides',
    group: 'Split',
    shortcut: 'Shift+F6',
    isAvailable: splitOn,
    perform: () => {
      useLayout.getState().swapSides();
      // Keyboard focus follows the focused server to its new side once the sides have re-rendered.
      requestAnimationFrame(() => focusSideElement(useLayout.getState().split.focus));
    },
  },
  {
    id: 'layout.split.compare',
    label: 'Split: compare across the split',
    group: 'Split',
    shortcut: 'Mod+Alt+D',
    keywords: ['diff', 'flow', 'file'],
    isAvailable: splitOn,
    perform: () => useSplitCompare.getState().open(),
  },
];
