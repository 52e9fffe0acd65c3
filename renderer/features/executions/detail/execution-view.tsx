// One execution: its summary and actions, then Gantt, Logs, Outputs and Topology tabs. The
// execution stays live through `executions.follow`; logs start following when first shown and
// keep going in the background while the user looks at other tabs.
import { useQuery } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { Execution } from '../../../../main/contract/kestra-model';
import type { ServerView } from '../../../../main/contract/servers';
import { DataStatus } from '../../../components/data-status';
import { describeError, ErrorView } from '../../../components/error-view';
import { Loading } from '../../../components/misc';
import { Tabs } from '../../../components/tabs';
import { notify } from '../../../components/toasts';
import { useActionContext } from '../../../lib/actions';
import { call } from '../../../lib/call';
import { isRunning } from '../../../lib/states';
import {
  changeExecutionStatus,
  deleteExecution,
  downloadExecutionLog,
  pauseExecution,
  replayExecution,
  resumeExecution,
  setExecutionLabels,
  useExecutionDialogs,
  type ExecutionDialog,
} from '../executions-actions';
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
  // The header's buttons and the palette run the same actions on this execution.
  const location = useMemo(() => ({ pane: 'executions' as const, params: { executionId } }), [executionId]);
  const context = useActionContext({ server, location });
  const scope = { server, queryClient: context.queryClient };
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

  const dialog = useExecutionDialogs((state) => state.dialog);
  const setDialog = (next: ExecutionDialog | null): void => useExecutionDialogs.setState({ dialog: next ?? undefined });
  // A dialog belongs to the execution it was opened on.
  useEffect(() => () => useExecutionDialogs.setState({ dialog: undefined }), []);
  const [busy, setBusy] = useState<HeaderAction | undefined>();
  const flowWanted = tab === 'topology' || dialog === 'resume';
  const flow = useQuery({
    ...executionFlowQueryOptions(server.id, execution?.namespace ?? '', execution?.flowId ?? '', execution?.flowRevision ?? 0),
    enabled: flowWanted && !!execution,
  });

  const runAction = async (action: HeaderAction, exec: Execution): Promise<void> => {
    if (action === 'changeStatus' || action === 'editLabels') {
      setDialog(action);
      return;
    }
    setBusy(action);
    try {
      if (action === 'pause') await pauseExecution(scope, exec);
      else if (action === 'delete') {
        if (await deleteExecution(scope, exec)) onBack();
      }
    } finally {
      setBusy(undefined);
    }
  };

  if (query.isPending) return <Loading label="Loading the execution…" />;
  if (!execution) {
    return (
      <div className="xview xview--error">
        <button type="button" className="xview__back" onClick={onBack}>
          ← Executions
        </button>
        <ErrorView error={query.error} serverId={server.id} title={`Execution ${executionId} could not be loaded`} onRetry={() => void query.refetch()} />
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
        context={context}
        busy={busy}
        followNote={<FollowNote status={follow.status} live={live} onRetry={follow.retry} />}
        onAction={(action) => void runAction(action, execution)}
        onOpenExecution={onOpenExecution}
        onBack={onBack}
      />
      {/* What the live follow has not refreshed: shown with its age while the server fails. */}
      {follow.status !== 'live' && <DataStatus serverId={server.id} query={query} what="this execution" onRetry={() => void query.refetch()} />}
      <Tabs label="Execution views" tabs={TABS} selected={tab} onSelect={onTab} className="xview__tabs">
        <div className="xview__panel">
          {tab === 'gantt' && <GanttView execution={execution} onOpenLogs={openLogsOf} />}
          {tab === 'logs' && (
            <LogViewer
              store={logs.store}
              live={live}
              openLink={openLink}
              onDownload={() => downloadExecutionLog(server.id, execution.id)}
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
            const replayed = await replayExecution(scope, execution, taskRunId);
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
            await resumeExecution(scope, execution, values, files);
            setDialog(null);
          }}
        />
      )}
      {dialog === 'changeStatus' && (
        <ChangeStatusDialog
          execution={execution}
          onClose={() => setDialog(null)}
          onChange={async (status) => {
            if (await changeExecutionStatus(scope, execution, status)) setDialog(null);
          }}
        />
      )}
      {dialog === 'editLabels' && (
        <LabelsDialog
          execution={execution}
          onClose={() => setDialog(null)}
          onSave={async (labels) => {
            await setExecutionLabels(scope, execution, labels);
            setDialog(null);
          }}
        />
      )}
    </div>
  );
}
