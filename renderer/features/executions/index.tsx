// The executions pane (issue 7): default export for the shell's pane registry, and its commands.
// Location params: { executionId?, tab?: gantt|logs|outputs|topology, view?: list|timeline,
// namespace?, flowId? } — the flow editor's Run opens { executionId }.
import { useState } from 'react';
import { Button } from '../../components/button';
import { Dialog } from '../../components/dialog';
import { Field } from '../../components/field';
import type { PaneProps } from '../../lib/pane';
import { useWorkspace } from '../../lib/workspace-store';
import { ExecutionView, isExecutionTab, type ExecutionTab } from './detail/execution-view';
import { EXECUTIONS_ACTIONS, useExecutionDialogs } from './executions-actions';
import { ExecutionsHome } from './list/executions-home';
import type { HomeView } from './list/executions-ui-store';
import './executions.css';

export const actions = EXECUTIONS_ACTIONS;

function OpenByIdDialog({ onClose, onOpen }: { onClose(): void; onOpen(id: string): void }) {
  const [id, setId] = useState('');
  const trimmed = id.trim();
  // Kestra ids are base62; also accept a pasted UI link ending with the id.
  const candidate = /([A-Za-z0-9]{10,40})\/?$/.exec(trimmed)?.[1];
  return (
    <Dialog
      title="Open execution"
      size="sm"
      onClose={onClose}
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button variant="primary" type="submit" form="open-execution-form" disabled={!candidate}>
            Open
          </Button>
        </>
      }
    >
      <form
        id="open-execution-form"
        onSubmit={(event) => {
          event.preventDefault();
          if (candidate) onOpen(candidate);
        }}
      >
        <Field label="Execution id" hint="Or paste a Kestra UI link to an execution.">
          {(props) => (
            <input {...props} className="xdialog__input" value={id} onChange={(event) => setId(event.target.value)} autoComplete="off" spellCheck={false} />
          )}
        </Field>
      </form>
    </Dialog>
  );
}

export default function ExecutionsPane({ server, namespace, location }: PaneProps) {
  const params = location.params;
  const executionId = params.executionId;
  const tab: ExecutionTab = isExecutionTab(params.tab) ? params.tab : 'gantt';
  const view: HomeView = params.view === 'timeline' ? 'timeline' : 'list';
  const askId = useExecutionDialogs((state) => state.askingId);
  const setAskId = (asking: boolean): void => useExecutionDialogs.setState({ askingId: asking });

  const navigate = (next: Record<string, string>): void => useWorkspace.getState().navigate(server.id, { pane: 'executions', params: next });

  // Back from an execution returns to the list as the user left it: its filters live in the
  // executions UI store, and opening an execution (from the list, a Run, the palette) never changes
  // them. Only the view (list or timeline) travels in the location.
  const homeParams = (): Record<string, string> => (params.view ? { view: params.view } : {});

  return (
    <div className="executions-pane">
      {executionId ? (
        <ExecutionView
          key={`${server.id}\u0000${executionId}`}
          server={server}
          executionId={executionId}
          tab={tab}
          onTab={(next) => navigate({ ...params, executionId, tab: next })}
          onOpenExecution={(id) => navigate({ ...homeParams(), executionId: id, tab })}
          onBack={() => navigate(homeParams())}
        />
      ) : (
        <ExecutionsHome
          key={server.id}
          server={server}
          namespace={params.namespace ?? namespace}
          flowId={params.flowId}
          view={view}
          onView={(next) => navigate({ ...params, view: next })}
          onOpen={(id) => navigate({ ...homeParams(), executionId: id })}
        />
      )}
      {askId && (
        <OpenByIdDialog
          onClose={() => setAskId(false)}
          onOpen={(id) => {
            setAskId(false);
            navigate({ ...homeParams(), executionId: id });
          }}
        />
      )}
    </div>
  );
}
