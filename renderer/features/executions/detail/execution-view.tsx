// One execution: its summary and actions, then Gantt, Logs, Outputs and Topology tabs. The
// execution stays live through `executions.follow`; logs start following when first shown and
// keep going in the background while the user looks at other tabs.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Execution } from '../../../../main/contract/kestra-model';
import type { ServerView } from '../../../../main/contract/servers';
import { describeError, ErrorView } from '../../../components/error-view';
import { Loading } from '../../../components/misc';
import { Tabs } from '../../../components/tabs';
import { notify } from '../../../components/toasts';
import { getBridge } from '../../../lib/bridge';
import { call } from '../../../lib/call';
import { formatBytes } from '../../../lib/format';
import { isRunning } from '../../../lib/states';
import { ExecutionActions } from '../api/execution-actions';
import { useExecutionsCommands } from '../executions-commands';
import { executionFlowQueryOptions, executionQueryOptions } from '../api/execution-queries';
import { useExecutionFollow } from '../api/use-execution-follow';
import { useLogFollow } from '../api/use-log-follow';
import { GanttView } from '../gantt/gantt-view';
import { LogViewer } from '../logs/log-viewer';
import { OutputsView } from '../outputs/outputs-view';
import { TopologyView } from '../topology/topology-view';
import { ChangeStatusDialog, LabelsDialog, ReplayDialog, ResumeDialog } from './action-dialogs';
import { ExecutionHeader, type HeaderAction } from './execution-header';
import { pausedTaskRun, resumeInputs } from './resume-form';
import './execution-view.css';

export type ExecutionTab = 'gantt' | 'logs' | 'outputs' | 'topology';
const TABS: { id: ExecutionTab; label: string }[] = [
  { id: 'gantt', label: 'Gantt' },
  { id: 'logs', label: 'Logs' },
  { id: 'outputs', label: 'Outputs' },
  { id: 'topology', label: 'Topology' },
];

export function isExecutionTab(value: string | undefined): value is ExecutionTab {
  return TABS.some((t) => t.id === value);
}

export interface ExecutionViewProps {
  server: ServerView;
  executionId: string;
  tab: ExecutionTab;
  onTab(tab: ExecutionTab): void;
  onOpenExecution(executionId: string): void;
  onBack(): void;
}

export async function openExternalLink(url: string): Promise<void> {
  try {
    await call('app.openExternal', { url });
  } catch (error) {
    notify({ kind: 'error', title: 'The link was not opened', message: describeError(error) });
  }
}

/** Stable (module-level) so the log rows' memo holds across execution updates. */
function openLink(url: string): void {
  void openExternalLink(url);
}

async function downloadLog(serverId: string, executionId: string): Promise<void> {
  const result = await getBridge().download('logs.download', { serverId, executionId }, `${executionId}.log`);
  if (!result.ok) notify({ kind: 'error', title: 'Could not download the log', message: describeError(result.error) });
  else if (result.data.saved)
    notify({ kind: 'success', title: 'Log downloaded', message: `${formatBytes(result.data.bytes)}${result.data.path ? ` to ${result.data.path}` : ''}` });
}

function FollowNote({ status, live, onRetry }: { status: string; live: boolean; onRetry(): void }) {
  if (status === 'error')
    return (
      <button type="button" className="xhead__retry" onClick={onRetry}>
        Live updates stopped · reconnect
      </button>
    );
  if (!live) return null;
  if (status === 'live') return <span className="xhead__live">● live</span>;
  if (status === 'unavailable') return <span>polling every 2 s</span>;
  return <span>connecting…</span>;
}

export function ExecutionView({ server, executionId, tab, onTab, onOpenExecution, onBack }: ExecutionViewProps) {
  const queryClient = useQueryClient();
  const actions = useMemo(() => new ExecutionActions(server, queryClient), [server, queryClient]);
  const [followFallback, setFollowFallback] = useState(false);
  const query = useQuery({
    ...executionQueryOptions(server.id, executionId),
    // Without a live follow, poll while the execution runs.
    refetchInterval: (q) => (followFallback && q.state.data && isRunning(q.state.data.state.current) ? 2000 : false),
  });
  const execution = query.data;
  const follow = useExecutionFollow(server.id, executionId, execution);
  const needsPolling = follow.status === 'unavailable' || follow.status === 'error';
  if (needsPolling !== followFallback) setFollowFallback(needsPolling);

  const live = execution ? isRunning(execution.state.current) : false;
  const [logsWanted, setLogsWanted] = useState(tab === 'logs');
  if (tab === 'logs' && !logsWanted) setLogsWanted(true);
  const logs = useLogFollow(server.id, executionId, { enabled: logsWanted, executionLive: live });
  const [focusRequest, setFocusRequest] = useState<{ taskRunId: string; seq: number } | undefined>();

  const openLogsOf = useCallback(
    (taskRunId: string) => {
      setLogsWanted(true);
      setFocusRequest((current) => ({ taskRunId, seq: (current?.seq ?? 0) + 1 }));
      onTab('logs');
    },
    [onTab],
  );

  const [dialog, setDialog] = useState<'replay' | 'resume' | 'changeStatus' | 'editLabels' | null>(null);
  const [busy, setBusy] = useState<HeaderAction | undefined>();
  const flowWanted = tab === 'topology' || dialog === 'resume';
  const flow = useQuery({
    ...executionFlowQueryOptions(server.id, execution?.namespace ?? '', execution?.flowId ?? '', execution?.flowRevision ?? 0),
    enabled: flowWanted && !!execution,
  });

  const runAction = async (action: HeaderAction, exec: Execution): Promise<void> => {
    if (action === 'replay' || action === 'resume' || action === 'changeStatus' || action === 'editLabels') {
      setDialog(action);
      return;
    }
    setBusy(action);
    try {
      if (action === 'kill') await actions.kill(exec);
      else if (action === 'pause') await actions.pause(exec);
      else if (action === 'restart') await actions.restart(exec);
      else if (action === 'delete') {
        if (await actions.delete(exec)) onBack();
      }
    } finally {
      setBusy(undefined);
    }
  };

  // Palette commands for the open execution (kill, restart, tabs…), always with the latest state.
  const commandRef = useRef<(command: string) => void>(() => undefined);
  useEffect(() => {
    commandRef.current = (command) => {
      if (command.startsWith('tab-')) {
        const next = command.slice(4);
        if (isExecutionTab(next)) onTab(next);
        return;
      }
      if (!execution) return;
      if (command === 'download-log') void downloadLog(server.id, execution.id);
      else if (command === 'kill' || command === 'restart' || command === 'replay' || command === 'resume') void runAction(command, execution);
    };
  });
  useEffect(
    () =>
      useExecutionsCommands.subscribe((state, previous) => {
        if (state.seq !== previous.seq && state.command) commandRef.current(state.command);
      }),
    [],
  );

  if (query.isPending) return <Loading label="Loading the execution…" />;
  if (query.error || !execution) {
    return (
      <div className="xview xview--error">
        <button type="button" className="xview__back" onClick={onBack}>
          ← Executions
        </button>
        <ErrorView error={query.error} title={`Execution ${executionId} could not be loaded`} onRetry={() => void query.refetch()} />
      </div>
    );
  }

  const paused = pausedTaskRun(execution);
  const flowProblem = flow.error ? `The flow revision could not be read (${describeError(flow.error)}).` : undefined;

  return (
    <div className="xview">
      <ExecutionHeader
        execution={execution}
        server={server}
        busy={busy}
        followNote={<FollowNote status={follow.status} live={live} onRetry={follow.retry} />}
        onAction={(action) => void runAction(action, execution)}
        onOpenExecution={onOpenExecution}
        onBack={onBack}
      />
      <Tabs label="Execution views" tabs={TABS} selected={tab} onSelect={onTab} className="xview__tabs">
        <div className="xview__panel">
          {tab === 'gantt' && <GanttView execution={execution} onOpenLogs={openLogsOf} />}
          {tab === 'logs' && (
            <LogViewer
              store={logs.store}
              live={live}
              openLink={openLink}
              onDownload={() => downloadLog(server.id, execution.id)}
              focusRequest={focusRequest}
              status={
                logs.status === 'error' ? (
                  <button type="button" className="xview__retry" onClick={logs.retry}>
                    {logs.error ? describeError(logs.error) : 'The log stream stopped'} · retry
                  </button>
                ) : logs.status === 'live' && live ? (
                  'following live'
                ) : logs.status === 'polling' ? (
                  'refreshing every 3 s'
                ) : logs.status === 'loading' ? (
                  'connecting…'
                ) : undefined
              }
            />
          )}
          {tab === 'outputs' && <OutputsView execution={execution} server={server} />}
          {tab === 'topology' &&
            (flow.isPending && flowWanted ? (
              <Loading label="Loading the flow…" />
            ) : (
              <TopologyView
                flow={flow.data}
                taskRuns={execution.taskRunList ?? []}
                notice={flowProblem}
                onSelectTask={(taskId) => {
                  const runs = (execution.taskRunList ?? []).filter((r) => r.taskId === taskId);
                  const last = runs[runs.length - 1];
                  if (last) openLogsOf(last.id);
                }}
              />
            ))}
        </div>
      </Tabs>
      {dialog === 'replay' && (
        <ReplayDialog
          execution={execution}
          onClose={() => setDialog(null)}
          onReplay={async (taskRunId) => {
            const replayed = await actions.replay(execution, taskRunId);
            if (replayed) {
              setDialog(null);
              onOpenExecution(replayed.id);
            }
          }}
        />
      )}
      {dialog === 'resume' && (
        <ResumeDialog
          key={flow.isPending ? 'loading' : 'ready'}
          execution={execution}
          taskId={paused?.taskId}
          inputs={resumeInputs(flow.data, paused?.taskId)}
          loadingInputs={flow.isPending}
          inputsProblem={flowProblem ? `${flowProblem} Resuming without inputs.` : undefined}
          onClose={() => setDialog(null)}
          onResume={async (values, files) => {
            await actions.resume(execution, values, files);
            setDialog(null);
          }}
        />
      )}
      {dialog === 'changeStatus' && (
        <ChangeStatusDialog
          execution={execution}
          onClose={() => setDialog(null)}
          onChange={async (status) => {
            if (await actions.changeStatus(execution, status)) setDialog(null);
          }}
        />
      )}
      {dialog === 'editLabels' && (
        <LabelsDialog
          execution={execution}
          onClose={() => setDialog(null)}
          onSave={async (labels) => {
            await actions.setLabels(execution, labels);
            setDialog(null);
          }}
        />
      )}
    </div>
  );
}
