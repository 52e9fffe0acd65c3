// The execution's summary: state, duration (live), dates, trigger, revision, attempt, parent and
// original execution links, labels, inputs, and the actions its state allows.
import { useEffect, useState, type ReactNode } from 'react';
import type { Execution } from '../../../../main/contract/kestra-model';
import type { ServerView } from '../../../../main/contract/servers';
import { ActionButton } from '../../../components/action-button';
import { Button, IconButton, WriteButton } from '../../../components/button';
import { LabelChips } from '../../../components/misc';
import { MenuButton } from '../../../components/menu';
import { StateBadge } from '../../../components/state-badge';
import { notify } from '../../../components/toasts';
import { parseDuration } from '../../../../shared/iso-duration';
import { formatDateTime, formatDuration } from '../../../lib/format';
import { isRunning } from '../../../lib/states';
import { writePolicy } from '../../../lib/servers';
import type { ActionContext } from '../../../lib/actions';
import { executionKillAction, executionReplayAction, executionRestartAction, executionResumeAction } from '../executions-actions';
import { allowedActions } from '../model/execution-state';

/** The header's own commands; kill, restart, replay and resume are actions (executions-actions.ts). */
export type HeaderAction = 'pause' | 'changeStatus' | 'editLabels' | 'delete';

export interface ExecutionHeaderProps {
  execution: Execution;
  server: ServerView;
  /** For the header's actions: this server and this execution. */
  context: ActionContext;
  /** Live-follow state, shown next to the state badge. */
  followNote?: ReactNode;
  busy?: HeaderAction;
  onAction(action: HeaderAction): void;
  onOpenExecution(executionId: string): void;
  onBack(): void;
}

function useElapsed(execution: Execution): number {
  const running = isRunning(execution.state.current);
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [running]);
  const start = Date.parse(execution.state.startDate ?? '');
  if (running) return Number.isFinite(start) ? now - start : Number.NaN;
  const parsed = execution.state.duration ? parseDuration(execution.state.duration) : undefined;
  if (parsed !== undefined) return parsed;
  const end = Date.parse(execution.state.endDate ?? '');
  return Number.isFinite(start) && Number.isFinite(end) ? end - start : Number.NaN;
}

function inputText(value: unknown): string {
  if (typeof value === 'string') return value;
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}

export function ExecutionHeader({ execution, server, context, followNote, busy, onAction, onOpenExecution, onBack }: ExecutionHeaderProps) {
  const elapsed = useElapsed(execution);
  const allowed = allowedActions(execution.state.current);
  const policy = writePolicy(server);
  const why = (ok: boolean, reason: string): string | undefined => (ok ? undefined : reason);
  const state = execution.state.current;
  const inputs = Object.entries(execution.inputs ?? {});
  const trigger = execution.trigger;
  const original = execution.originalId && execution.originalId !== execution.id ? execution.originalId : undefined;

  return (
    <section className="xhead" aria-label="Execution summary">
      <div className="xhead__top">
        <IconButton icon="chevronRight" className="xhead__back" label="Back to executions" onClick={onBack} />
        <div className="xhead__title">
          <span className="xhead__ns">{execution.namespace}</span>
          <h2 className="xhead__flow">{execution.flowId}</h2>
          <span className="xhead__id" title="Execution id">
            {execution.id}
          </span>
          <IconButton
            icon="copy"
            size="sm"
            label="Copy execution id"
            onClick={() =>
              void navigator.clipboard
                .writeText(execution.id)
                .then(() => notify({ kind: 'success', title: 'Execution id copied', timeoutMs: 2000 }))
                .catch(() => notify({ kind: 'error', title: 'Could not copy the id' }))
            }
          />
        </div>
        <StateBadge state={state} />
        {followNote && <span className="xhead__follow">{followNote}</span>}
        <div className="xhead__actions" role="toolbar" aria-label="Execution actions">
          <ActionButton action={executionResumeAction} context={context} variant="primary" icon="play" />
          <ActionButton action={executionKillAction} context={context} variant="danger" icon="stop" />
          {allowed.pause && (
            <WriteButton server={server} busy={busy === 'pause'} onClick={() => onAction('pause')}>
              Pause
            </WriteButton>
          )}
          <ActionButton action={executionRestartAction} context={context} icon="refresh" />
          <ActionButton action={executionReplayAction} context={context} icon="history" />
          <MenuButton
            label="More execution actions"
            items={[
              {
                id: 'change-status',
                label: 'Change status…',
                icon: 'edit',
                disabledReason: policy.canWrite ? why(allowed.changeStatus, 'Only finished executions that were not killed') : policy.reason,
                onSelect: () => onAction('changeStatus'),
              },
              {
                id: 'labels',
                label: 'Edit labels…',
                icon: 'edit',
                disabledReason: policy.canWrite ? why(allowed.editLabels, 'Kestra sets labels on finished executions only') : policy.reason,
                onSelect: () => onAction('editLabels'),
              },
              {
                id: 'delete',
                label: 'Delete…',
                icon: 'trash',
                danger: true,
                disabledReason: policy.canWrite ? undefined : policy.reason,
                onSelect: () => onAction('delete'),
              },
            ]}
          />
        </div>
      </div>
      <dl className="xhead__facts">
        <div>
          <dt>{isRunning(state) ? 'Running for' : 'Duration'}</dt>
          <dd className="xhead__num">{formatDuration(elapsed)}</dd>
        </div>
        <div>
          <dt>Started</dt>
          <dd className="xhead__num">{execution.state.startDate ? formatDateTime(execution.state.startDate) : '—'}</dd>
        </div>
        <div>
          <dt>Ended</dt>
          <dd className="xhead__num">{execution.state.endDate && !isRunning(state) ? formatDateTime(execution.state.endDate) : '—'}</dd>
        </div>
        <div>
          <dt>Revision</dt>
          <dd>{execution.flowRevision}</dd>
        </div>
        <div>
          <dt>Trigger</dt>
          <dd title={trigger?.type}>
            {trigger
              ? `${trigger.id} (${trigger.type.slice(trigger.type.lastIndexOf('.') + 1)})`
              : (execution.labels?.find((l) => l.key === 'system.from')?.value ?? 'Manual')}
          </dd>
        </div>
        {execution.metadata?.attemptNumber !== undefined && execution.metadata.attemptNumber > 1 && (
          <div>
            <dt>Attempt</dt>
            <dd>{execution.metadata.attemptNumber}</dd>
          </div>
        )}
        {execution.parentId && (
          <div>
            <dt>Parent</dt>
            <dd>
              <Button
                size="sm"
                variant="ghost"
                className="xhead__link"
                onClick={() => onOpenExecution(execution.parentId!)}
                aria-label={`Open parent execution ${execution.parentId}`}
              >
                {execution.parentId}
              </Button>
            </dd>
          </div>
        )}
        {original && (
          <div>
            <dt>Original</dt>
            <dd>
              <Button
                size="sm"
                variant="ghost"
                className="xhead__link"
                onClick={() => onOpenExecution(original)}
                aria-label={`Open original execution ${original}`}
              >
                {original}
              </Button>
            </dd>
          </div>
        )}
        {execution.scheduleDate && (
          <div>
            <dt>Scheduled</dt>
            <dd className="xhead__num">{formatDateTime(execution.scheduleDate)}</dd>
          </div>
        )}
      </dl>
      {(execution.labels?.length ?? 0) > 0 && (
        <div className="xhead__labels">
          <LabelChips labels={execution.labels} max={12} />
        </div>
      )}
      {inputs.length > 0 && (
        <details className="xhead__inputs">
          <summary>Inputs ({inputs.length})</summary>
          <dl>
            {inputs.map(([key, value]) => (
              <div key={key}>
                <dt>{key}</dt>
                <dd>{inputText(value)}</dd>
              </div>
            ))}
          </dl>
        </details>
      )}
    </section>
  );
}
