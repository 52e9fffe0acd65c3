// The executions pane (issue 7): default export for the shell's pane registry, and its commands.
// Location params: { executionId?, tab?: gantt|logs|outputs|topology, view?: list|timeline,
// namespace?, flowId? } — the flow editor's Run opens { executionId }.
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { Button } from '../../components/button';
import { Dialog } from '../../components/dialog';
import { Field } from '../../components/field';
import type { ActionContext, ConsoleAction, PaneProps } from '../../lib/pane';
import { isPaneActive } from '../../lib/pane';
import { useWorkspace } from '../../lib/workspace-store';
import { executionKeys } from './api/execution-queries';
import { ExecutionView, isExecutionTab, type ExecutionTab } from './detail/execution-view';
import { useExecutionsCommands, type ExecutionsCommand } from './executions-commands';
import { ExecutionsHome } from './list/executions-home';
import type { HomeView } from './list/executions-ui-store';
import './executions.css';

const onPane = (context: ActionContext): boolean => isPaneActive(context, 'executions');
const onExecution = (context: ActionContext): boolean => onPane(context) && !!context.location?.params.executionId;
const send = (command: ExecutionsCommand) => (): void => useExecutionsCommands.getState().send(command);

function go(context: ActionContext, params: Record<string, string>): void {
  if (context.server) useWorkspace.getState().navigate(context.server.id, { pane: 'executions', params });
}

export const actions: ConsoleAction[] = [
  {
    id: 'executions.list',
    label: 'Executions: list',
    group: 'Executions',
    keywords: ['runs', 'history'],
    isAvailable: (c) => !!c.server,
    perform: (c) => go(c, { view: 'list' }),
  },
  {
    id: 'executions.timeline',
    label: 'Executions: timeline',
    group: 'Executions',
    keywords: ['runs', 'time', 'chart'],
    isAvailable: (c) => !!c.server,
    perform: (c) => go(c, { view: 'timeline' }),
  },
  {
    id: 'executions.open',
    label: 'Open execution by id…',
    group: 'Executions',
    keywords: ['find', 'go to'],
    isAvailable: (c) => !!c.server,
    perform: (c) => {
      go(c, { ...(c.location?.pane === 'executions' ? c.location.params : {}) });
      useExecutionsCommands.getState().send('open-by-id');
    },
  },
  { id: 'executions.refresh', label: 'Refresh executions', group: 'Executions', shortcut: 'F5', isAvailable: onPane, perform: send('refresh') },
  { id: 'executions.kill', label: 'Kill this execution', group: 'Executions', keywords: ['stop', 'cancel'], isAvailable: onExecution, perform: send('kill') },
  { id: 'executions.restart', label: 'Restart this execution', group: 'Executions', isAvailable: onExecution, perform: send('restart') },
  { id: 'executions.replay', label: 'Replay this execution…', group: 'Executions', isAvailable: onExecution, perform: send('replay') },
  {
    id: 'executions.resume',
    label: 'Resume this execution…',
    group: 'Executions',
    keywords: ['pause', 'continue'],
    isAvailable: onExecution,
    perform: send('resume'),
  },
  { id: 'executions.download-log', label: 'Download this execution’s log', group: 'Executions', isAvailable: onExecution, perform: send('download-log') },
  { id: 'executions.tab-gantt', label: 'Execution: Gantt', group: 'Executions', shortcut: 'Alt+G', isAvailable: onExecution, perform: send('tab-gantt') },
  { id: 'executions.tab-logs', label: 'Execution: logs', group: 'Executions', shortcut: 'Alt+L', isAvailable: onExecution, perform: send('tab-logs') },
  { id: 'executions.tab-outputs', label: 'Execution: outputs', group: 'Executions', shortcut: 'Alt+O', isAvailable: onExecution, perform: send('tab-outputs') },
  {
    id: 'executions.tab-topology',
    label: 'Execution: topology',
    group: 'Executions',
    shortcut: 'Alt+T',
    isAvailable: onExecution,
    perform: send('tab-topology'),
  },
];

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
  const queryClient = useQueryClient();
  const params = location.params;
  const executionId = params.executionId;
  const tab: ExecutionTab = isExecutionTab(params.tab) ? params.tab : 'gantt';
  const view: HomeView = params.view === 'timeline' ? 'timeline' : 'list';
  const [askId, setAskId] = useState(false);

  const navigate = (next: Record<string, string>): void => useWorkspace.getState().navigate(server.id, { pane: 'executions', params: next });

  useEffect(
    () =>
      useExecutionsCommands.subscribe((state, previous) => {
        if (state.seq === previous.seq) return;
        if (state.command === 'open-by-id') setAskId(true);
        else if (state.command === 'refresh') void queryClient.invalidateQueries({ queryKey: executionKeys.all(server.id) });
      }),
    [queryClient, server.id],
  );

  // Back from an execution keeps the list's context (e.g. the flow a Run came from).
  const homeParams = (): Record<string, string> => {
    const out: Record<string, string> = {};
    for (const key of ['view', 'namespace', 'flowId'] as const) if (params[key]) out[key] = params[key]!;
    return out;
  };

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
