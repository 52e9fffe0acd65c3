// The namespace files pane (issue 8): default export for the shell's pane registry, and its actions.
import { EmptyState } from '../../components/empty-state';
import type { PaneProps } from '../../lib/pane';
import { FILES_ACTIONS, syncUnsavedFiles } from './files-actions';
import { FilesPane } from './files-pane';

// Unsaved file drafts are mirrored into the shell's unsaved registry for as long as the app runs.
syncUnsavedFiles();

export const actions = FILES_ACTIONS;

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
