// The flows pane: the flow list beside the open documents (tabs), each shown in the editor or its
// revisions view. Which document shows comes from the pane's location params, so other panes and
// the palette can open a flow by navigating.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import type { Flow } from '../../../main/contract/kestra-model';
import type { ServerView } from '../../../main/contract/servers';
import { ActionButton } from '../../components/action-button';
import { Button, IconButton } from '../../components/button';
import { EmptyState } from '../../components/empty-state';
import { ErrorView } from '../../components/error-view';
import { Kbd, Loading } from '../../components/misc';
import { SplitPane } from '../../components/splitter';
import { useActionContext } from '../../lib/actions';
import { KestraError } from '../../lib/call';
import type { PaneProps } from '../../lib/pane';
import { useWorkspace } from '../../lib/workspace-store';
import { docTitle, isDirty, useFlowEditors, useServerDocs, type FlowDoc } from './editor-store';
import { flowNewAction } from './actions/flow-actions';
import { closeDoc, showDoc } from './actions/flow-documents';
import { flowKey } from './flow-document';
import { FlowEditor } from './flow-editor';
import { FlowList } from './flow-list';
import { flowSourceOptions } from './flow-queries';
import { RevisionsView } from './revisions-view';
import { RunFlowDialog } from './run-flow-dialog';
import './flows.css';

const LIST_HIDDEN_KEY = 'kestra-console-flow-list-hidden';

function DocTabs({ server, docs, activeKey, onShowList }: { server: ServerView; docs: FlowDoc[]; activeKey?: string; onShowList?: () => void }) {
  if (docs.length === 0 && !onShowList) return null;
  return (
    <div className="doc-tabs-bar">
      {onShowList && <IconButton icon="list" size="sm" className="doc-tabs__show-list" label="Show the flow list" onClick={onShowList} />}
      <DocTabList server={server} docs={docs} activeKey={activeKey} />
    </div>
  );
}

function DocTabList({ server, docs, activeKey }: { server: ServerView; docs: FlowDoc[]; activeKey?: string }) {
  const queryClient = useQueryClient();
  return (
    <div className="doc-tabs" role="tablist" aria-label="Open flows">
      {docs.map((doc) => {
        const active = doc.key === activeKey;
        const dirty = isDirty(doc);
        return (
          <div key={doc.key} className={`doc-tab${active ? ' doc-tab--active' : ''}`} role="presentation">
            <button
              type="button"
              role="tab"
              aria-selected={active}
              tabIndex={active ? 0 : -1}
              className="doc-tab__button"
              title={doc.saved ? `${doc.saved.namespace}.${doc.saved.id}` : 'Not saved yet'}
              onClick={() => showDoc(server.id, doc.key)}
            >
              {docTitle(doc)}
              {dirty && (
                <span className="doc-tab__dirty" title="Unsaved changes">
                  <span aria-hidden="true"> ●</span>
                  <span className="visually-hidden">, unsaved changes</span>
                </span>
              )}
            </button>
            <IconButton icon="close" size="sm" label={`Close ${docTitle(doc)}`} onClick={() => void closeDoc(queryClient, server.id, doc.key)} />
          </div>
        );
      })}
    </div>
  );
}

/** Loads a saved flow that is not open yet, then opens its document. */
function FlowLoader({ server, namespace, id }: { server: ServerView; namespace: string; id: string }) {
  const flow = useQuery(flowSourceOptions(server.id, namespace, id));
  const openSaved = useFlowEditors((state) => state.openSaved);
  useEffect(() => {
    if (flow.data) openSaved(server.id, flow.data.namespace, flow.data.id, flow.data.revision, flow.data.source);
  }, [flow.data, openSaved, server.id]);
  if (flow.error) {
    const missing = flow.error instanceof KestraError && flow.error.status === 404;
    return (
      <div className="flows__message">
        <ErrorView error={flow.error} title={missing ? `${namespace}.${id} does not exist on ${server.name}` : `Could not open ${namespace}.${id}`} onRetry={missing ? undefined : () => void flow.refetch()} />
        <Button onClick={() => useWorkspace.getState().navigate(server.id, { pane: 'flows', params: {} })}>Back to the list</Button>
      </div>
    );
  }
  return <Loading label={`Opening ${namespace}.${id}…`} />;
}

export function FlowsPane({ server, namespace, location }: PaneProps) {
  const context = useActionContext({ server, namespace, location });
  const docs = useServerDocs(server.id);
  const [runFlow, setRunFlow] = useState<Flow | undefined>();
  // The list can fold away to give the editor the width; remembered across sessions.
  const [listHidden, setListHidden] = useState(() => localStorage.getItem(LIST_HIDDEN_KEY) === '1');
  const toggleList = (hidden: boolean): void => {
    localStorage.setItem(LIST_HIDDEN_KEY, hidden ? '1' : '0');
    setListHidden(hidden);
  };
  const params = location.params;
  const activeKey = params.draft ?? (params.flowId && params.namespace ? flowKey(params.namespace, params.flowId) : undefined);
  const active = docs.find((doc) => doc.key === activeKey);

  let content;
  if (active && !active.unloaded) {
    content =
      params.view === 'revisions' && active.saved ? (
        <RevisionsView key={active.key} server={server} doc={active as FlowDoc & { saved: NonNullable<FlowDoc['saved']> }} />
      ) : (
        <FlowEditor key={active.key} server={server} doc={active} context={context} />
      );
  } else if (params.flowId && params.namespace) {
    content = <FlowLoader key={activeKey} server={server} namespace={params.namespace} id={params.flowId} />;
  } else if (params.draft) {
    content = (
      <EmptyState title="This draft is closed" actions={<Button onClick={() => useWorkspace.getState().navigate(server.id, { pane: 'flows', params: {} })}>Back to the list</Button>}>
        Drafts live only while the console is open.
      </EmptyState>
    );
  } else {
    content = (
      <EmptyState
        icon="flow"
        title="No flow open"
        actions={
          <ActionButton action={flowNewAction} context={context} icon="plus" />
        }
      >
        Choose a flow in the list, or find one with <Kbd shortcut="Mod+K" />.
      </EmptyState>
    );
  }

  const documents = (
    <div className="flows__documents">
      <DocTabs server={server} docs={docs} activeKey={activeKey} onShowList={listHidden ? () => toggleList(false) : undefined} />
      <div className="flows__content">{content}</div>
    </div>
  );
  return (
    <div className="flows">
      {listHidden ? (
        documents
      ) : (
        <SplitPane
          label="Resize the flow list"
          storageKey="flow-list"
          initialSize={360}
          minSize={260}
          maxSize={900}
          first={<FlowList server={server} namespace={namespace} context={context} activeKey={activeKey} onRun={setRunFlow} onHide={() => toggleList(true)} />}
          second={documents}
        />
      )}
      {runFlow && <RunFlowDialog server={server} namespace={runFlow.namespace} flowId={runFlow.id} onClose={() => setRunFlow(undefined)} />}
    </div>
  );
}
