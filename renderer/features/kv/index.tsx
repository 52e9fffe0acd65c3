// The KV store pane (issue 8): default export for the shell's pane registry, and its actions.
import type { PaneProps } from '../../lib/pane';
import { KV_ACTIONS } from './kv-actions';
import { KvPane } from './kv-pane';

export const actions = KV_ACTIONS;

export default function KvPaneEntry(props: PaneProps) {
  // A new namespace or server is a new view: selection, search and dialogs start afresh.
  return <KvPane key={`${props.server.id}\u0000${props.namespace ?? ''}`} {...props} />;
}
