// The flows pane's commands, defined once and read by the editor's toolbar and menu, the empty
// states, the command palette and the shortcuts. Editor commands act on the document the pane
// shows (its location says which), read from the editors' store, so every reader sees the same.
import type { InfiniteData } from '@tanstack/react-query';
import type { Flow, Paged } from '../../../../main/contract/kestra-model';
import { chooseAction } from '../../../components/confirm';
import { defineView, isPaneActive, type ActionContext, type ConsoleAction } from '../../../lib/actions';
import { kestraKeys } from '../../../lib/query-keys';
import { writeBlockedReason, writePolicy } from '../../../lib/servers';
import { useWorkspace } from '../../../lib/workspace-store';
import { isDirty, useFlowEditors, type FlowDoc } from '../editor-store';
import { flowKey } from '../flow-document';
import { deleteFlow, duplicateFlow, newFlowDraft, saveFlowDoc, showDoc } from './flow-documents';

/** The document the flows pane shows (in its editor or its revisions), if any. */
export function activeDoc(context: ActionContext): FlowDoc | undefined {
  if (!context.server || !isPaneActive(context, 'flows')) return undefined;
  const params = context.location?.params ?? {};
  const key = params.draft ?? (params.flowId && params.namespace ? flowKey(params.namespace, params.flowId) : undefined);
  return key ? useFlowEditors.getState().docs[context.server.id]?.find((doc) => doc.key === key) : undefined;
}

const inEditor = (context: ActionContext): boolean => !!activeDoc(context) && context.location?.params.view !== 'revisions';

/** What only the mounted editor can do: its run and compare dialogs. */
export interface FlowEditorView {
  openRun(): void;
  openCompare(): void;
}

export const flowEditorView = defineView<FlowEditorView>('flow-editor');

/** Flow ids the cached lists already show, so a new draft does not take one. */
function cachedFlowIds(context: ActionContext, serverId: string): string[] {
  return context.queryClient
    .getQueriesData<InfiniteData<Paged<Flow>>>({ queryKey: [...kestraKeys.flows(serverId), 'list'] })
    .flatMap(([, data]) => data?.pages.flatMap((page) => page.results.map((flow) => flow.id)) ?? []);
}

export const flowNewAction: ConsoleAction = {
  id: 'flows.new',
  label: 'New flow',
  shortcut: 'Mod+Alt+N',
  keywords: ['create', 'add'],
  isAvailable: (context) => !!context.server && writePolicy(context.server).canWrite,
  perform: (context) => {
    if (context.server) newFlowDraft(context.server.id, context.namespace, cachedFlowIds(context, context.server.id));
  },
};

export const flowListAction: ConsoleAction = {
  id: 'flows.list',
  label: 'Show the flow list',
  keywords: ['flows'],
  isAvailable: (context) => !!context.server,
  perform: (context) => context.server && useWorkspace.getState().navigate(context.server.id, { pane: 'flows', params: {} }),
};

export const flowSaveAction: ConsoleAction = {
  id: 'flows.save',
  label: 'Save flow',
  shortLabel: 'Save',
  group: 'Flow editor',
  shortcut: 'Mod+S',
  keywords: ['write'],
  isAvailable: inEditor,
  disabledReason: (context) => writeBlockedReason(context.server),
  perform: async (context) => {
    const doc = activeDoc(context);
    if (doc && context.server) await saveFlowDoc(context.queryClient, context.server.id, doc.key);
  },
};

export const flowRunAction: ConsoleAction = {
  id: 'flows.run',
  label: 'Run flow…',
  shortLabel: 'Run',
  group: 'Flow editor',
  shortcut: 'Mod+E',
  keywords: ['execute', 'trigger'],
  isAvailable: inEditor,
  disabledReason: (context) => writeBlockedReason(context.server) ?? (activeDoc(context)?.saved ? undefined : 'Save the flow before running it'),
  perform: async (context) => {
    const doc = activeDoc(context);
    const server = context.server;
    if (!doc?.saved || !server) return;
    if (isDirty(doc)) {
      const choice = await chooseAction({
        title: 'Run with unsaved changes?',
        message: `An execution runs the flow as saved on ${server.name} (revision ${doc.saved.revision}), not the text in the editor.`,
        choices: [
          { id: 'saved', label: `Run revision ${doc.saved.revision}` },
          { id: 'save', label: 'Save, then run', variant: 'primary' },
        ],
      });
      if (!choice) return;
      if (choice === 'save' && !(await saveFlowDoc(context.queryClient, server.id, doc.key))) return;
    }
    flowEditorView.current()?.openRun();
  },
};

export const flowRevisionsAction: ConsoleAction = {
  id: 'flows.revisions',
  label: 'Show revisions',
  shortLabel: 'Revisions',
  group: 'Flow editor',
  keywords: ['history', 'diff'],
  isAvailable: inEditor,
  disabledReason: (context) => (activeDoc(context)?.saved ? undefined : 'No revisions before the first save'),
  perform: (context) => {
    const doc = activeDoc(context);
    if (doc && context.server) showDoc(context.server.id, doc.key, 'revisions');
  },
};

export const flowCompareAction: ConsoleAction = {
  id: 'flows.compare',
  label: 'Compare with another server…',
  group: 'Flow editor',
  keywords: ['diff', 'server'],
  isAvailable: inEditor,
  perform: () => flowEditorView.current()?.openCompare(),
};

export const flowDuplicateAction: ConsoleAction = {
  id: 'flows.duplicate',
  label: 'Duplicate flow',
  shortLabel: 'Duplicate',
  group: 'Flow editor',
  keywords: ['copy'],
  isAvailable: inEditor,
  disabledReason: (context) => (activeDoc(context)?.saved ? undefined : 'Save the flow first'),
  perform: async (context) => {
    const saved = activeDoc(context)?.saved;
    if (saved && context.server) await duplicateFlow(context.server.id, saved.namespace, saved.id);
  },
};

export const flowDeleteAction: ConsoleAction = {
  id: 'flows.delete',
  label: 'Delete flow…',
  group: 'Flow editor',
  keywords: ['remove'],
  isAvailable: (context) => inEditor(context) && writePolicy(context.server).canWrite,
  disabledReason: (context) => (activeDoc(context)?.saved ? undefined : 'This flow is not saved'),
  perform: async (context) => {
    const saved = activeDoc(context)?.saved;
    if (saved && context.server) await deleteFlow(context.queryClient, context.server, saved.namespace, saved.id);
  },
};

export const FLOWS_ACTIONS: ConsoleAction[] = [
  flowNewAction,
  flowListAction,
  flowSaveAction,
  flowRunAction,
  flowRevisionsAction,
  flowCompareAction,
  flowDuplicateAction,
  flowDeleteAction,
];
