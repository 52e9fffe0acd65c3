// The KV store pane (issue 8): default export for the shell's pane registry, and its commands.
import type { ConsoleAction, PaneProps } from '../../lib/pane';
import { isPaneActive } from '../../lib/pane';
import { useKvCommands } from './kv-commands';
import { KvPane } from './kv-pane';

const onKvPane = (context: Parameters<NonNullable<ConsoleAction['isAvailable']>>[0]): boolean => isPaneActive(context, 'kv');

export const actions: ConsoleAction[] = [
  { id: 'kv.new', label: 'New KV pair', group: 'KV store', keywords: ['create', 'key', 'value'], shortcut: 'Mod+Alt+N', isAvailable: onKvPane, perform: () => useKvCommands.getState().send('new') },
  { id: 'kv.import', label: 'Import KV pairs from a file', group: 'KV store', keywords: ['json', 'upload'], isAvailable: onKvPane, perform: () => useKvCommands.getState().send('import') },
  { id: 'kv.export', label: "Export this namespace's KV pairs", group: 'KV store', keywords: ['json', 'download', 'backup'], isAvailable: (c) => onKvPane(c) && !!c.namespace, perform: () => useKvCommands.getState().send('export') },
  { id: 'kv.search', label: 'Search KV pairs', group: 'KV store', shortcut: 'Mod+F', isAvailable: onKvPane, perform: () => useKvCommands.getState().send('search') },
  { id: 'kv.refresh', label: 'Refresh KV pairs', group: 'KV store', shortcut: 'F5', isAvailable: onKvPane, perform: () => useKvCommands.getState().send('refresh') },
];

export default function KvPaneEntry(props: PaneProps) {
  // A new namespace or server is a new view: selection, search and dialogs start afresh.
  return <KvPane key={`${props.server.id}\u0000${props.namespace ?? ''}`} {...props} />;
}
