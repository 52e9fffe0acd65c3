// The flows pane (issue 6): list per namespace, Monaco editor with the server's schema and
// validation, save with stale-revision detection, revisions and diff, run form, cross-server
// compare. The shell loads this module lazily and reads `actions`.
import type { ConsoleAction } from '../../lib/pane';
import { writePolicy } from '../../lib/servers';
import { useWorkspace } from '../../lib/workspace-store';
import { newFlowDraft, syncUnsavedDocuments } from './flow-commands';
import { FlowsPane } from './flows-pane';

// Dirty documents are mirrored into the shell's unsaved registry for as long as the app runs.
syncUnsavedDocuments();

export const actions: ConsoleAction[] = [
  {
    id: 'flows.new',
    label: 'New flow',
    shortcut: 'Mod+Alt+N',
    keywords: ['create', 'add'],
    isAvailable: (context) => !!context.server && writePolicy(context.server).canWrite,
    perform: (context) => {
      if (!context.server) return;
      newFlowDraft(context.server.id, context.namespace);
    },
  },
  {
    id: 'flows.list',
    label: 'Show the flow list',
    keywords: ['flows'],
    isAvailable: (context) => !!context.server,
    perform: (context) => context.server && useWorkspace.getState().navigate(context.server.id, { pane: 'flows', params: {} }),
  },
];

export default FlowsPane;
