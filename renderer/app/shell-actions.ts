// The shell's own actions (pane switching, server tabs, theme), defined once like a feature's and
// registered by the shell, so the palette and the shortcut handler treat them alike.
import { notify } from '../components/toasts';
import type { ConsoleAction } from '../lib/actions';
import { kestraKeys } from '../lib/query-keys';
import { toggleTheme } from '../lib/theme';
import { useWorkspace } from '../lib/workspace-store';
import { PANES } from './pane-registry';
import { closeServerTab } from './server-switch';
import { useShell } from './shell-state';

const paneActions: ConsoleAction[] = PANES.map((pane) => ({
  id: `shell.pane.${pane.id}`,
  label: `Go to ${pane.label}`,
  group: 'Navigate',
  shortcut: pane.shortcut,
  keywords: [pane.id],
  isAvailable: (context) => !!context.server,
  perform: (context) => {
    // Back where that pane was (the open flow, the execution, the folder).
    if (context.server) useWorkspace.getState().showPane(context.server.id, pane.id);
  },
}));

export const SHELL_ACTIONS: ConsoleAction[] = [
  ...paneActions,
  { id: 'shell.server.add', label: 'Add a server…', group: 'Servers', keywords: ['new', 'connect', 'connection'], perform: () => useShell.getState().openServerEditor() },
  {
    id: 'shell.server.edit',
    label: 'Edit this server…',
    group: 'Servers',
    keywords: ['settings', 'credentials', 'policy', 'colour'],
    isAvailable: (context) => !!context.server,
    perform: (context) => context.server && useShell.getState().openServerEditor(context.server.id),
  },
  {
    id: 'shell.server.close',
    label: 'Close this server tab',
    group: 'Servers',
    isAvailable: (context) => !!context.server,
    perform: (context) => void (context.server && closeServerTab(context.server.id, context.server.name)),
  },
  {
    id: 'shell.server.refresh',
    label: 'Refresh everything from this server',
    group: 'Servers',
    keywords: ['reload', 'invalidate'],
    isAvailable: (context) => !!context.server,
    perform: async (context) => {
      if (!context.server) return;
      await context.queryClient.invalidateQueries({ queryKey: kestraKeys.server(context.server.id) });
      notify({ kind: 'info', title: `Refreshed ${context.server.name}` });
    },
  },
  {
    id: 'shell.settings',
    label: 'Settings…',
    group: 'Console',
    keywords: ['preferences', 'memory', 'loaded servers', 'unload'],
    perform: () => useShell.getState().openSettings(),
  },
  { id: 'shell.theme.toggle', label: 'Toggle dark / light theme', group: 'Appearance', keywords: ['theme', 'dark', 'light'], perform: () => toggleTheme() },
];
