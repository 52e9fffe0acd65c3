// The flows pane (issue 6): list per namespace, Monaco editor with the server's schema and
// validation, save with stale-revision detection, revisions and diff, run form, cross-server
// compare. The shell loads this module lazily and reads `actions` (actions/flow-actions.ts).
import { FLOWS_ACTIONS } from './actions/flow-actions';
import { syncUnsavedDocuments } from './actions/flow-documents';
import { FlowsPane } from './flows-pane';

// Dirty documents are mirrored into the shell's unsaved registry for as long as the app runs.
syncUnsavedDocuments();

export const actions = FLOWS_ACTIONS;

export default FlowsPane;
