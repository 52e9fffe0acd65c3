// The namespace files pane (issue 8): default export for the shell's pane registry, and its commands.
import { EmptyState } from '../../components/empty-state';
import type { ActionContext, ConsoleAction, PaneProps } from '../../lib/pane';
import { isPaneActive } from '../../lib/pane';
import { useFilesCommands, type FilesCommand } from './files-commands';
import { FilesPane } from './files-pane';

const onFiles = (c: ActionContext): boolean => isPaneActive(c, 'files') && !!c.namespace;
const send = (command: FilesCommand) => () => useFilesCommands.getState().send(command);

export const actions: ConsoleAction[] = [
  { id: 'files.new-file', label: 'New namespace file', group: 'Files', keywords: ['create'], isAvailable: onFiles, perform: send('new-file') },
  { id: 'files.new-folder', label: 'New folder', group: 'Files', keywords: ['create', 'directory'], isAvailable: onFiles, perform: send('new-folder') },
  { id: 'files.upload-files', label: 'Upload files…', group: 'Files', shortcut: 'Mod+U', isAvailable: onFiles, perform: send('upload-files') },
  { id: 'files.upload-folder', label: 'Upload a folder…', group: 'Files', isAvailable: onFiles, perform: send('upload-folder') },
  { id: 'files.compare', label: 'Compare with a local folder…', group: 'Files', keywords: ['sync', 'diff'], isAvailable: onFiles, perform: send('compare') },
  { id: 'files.export', label: 'Export namespace files as zip', group: 'Files', keywords: ['download', 'backup'], isAvailable: onFiles, perform: send('export') },
  { id: 'files.refresh', label: 'Refresh files', group: 'Files', shortcut: 'F5', isAvailable: onFiles, perform: send('refresh') },
];

export default function FilesPaneEntry(props: PaneProps) {
  if (!props.namespace) {
    return (
      <EmptyState icon="folder" title="Choose a namespace">
        Namespace files belong to a namespace: pick one in the namespace browser.
      </EmptyState>
    );
  }
  // A new namespace or server is a new tree and a new upload queue.
  return <FilesPane key={`${props.server.id}\u0000${props.namespace}`} {...props} namespace={props.namespace} />;
}
