// The task-run Gantt: one row per task run in tree order (flowable children indented, ForEach
// iterations grouped), bars split into waiting / running / paused / waiting-to-retry time with
// attempt marks, a time axis relative to the execution start, zoom (Ctrl+wheel, buttons, +/-) and
// pan (drag, Shift+wheel), and a hover card per bar. Rows are virtualized: 5,000 task runs draw
// only what is on screen, and the model rebuilds only the task runs that changed.
import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { Execution } from '../../../../main/contract/kestra-model';
import { formatCount, formatDateTime, formatDuration, plural } from '../../../lib/format';
import { cursorTarget } from '../../../lib/list-keys';
import { isRunning, stateColor, stateLabel } from '../../../lib/states';
import { useVirtualRows } from '../lib/use-virtual-rows';
import { useTimeZoom } from '../lib/use-time-zoom';
import { TreeToggle } from '../lib/tree-toggle';
import { ZoomButtons } from '../lib/zoom-buttons';
import { axisTicks, fractionOf, relativeLabel, type TimeWindow } from '../model/time';
import { GanttBuilder, type GanttRow } from './gantt-model';
import './gantt.css';

const ROW_HEIGHT = 26;
const LABEL_WIDTH = 300;
/** Bars are at least this wide so an instant task is still a target. */
const MIN_BAR_PX = 3;

export interface GanttViewProps {
  execution: Execution;
  /** Shows the logs of a task run (bar click or Enter). */
  onOpenLogs?: (taskRunId: string) => void;
  /** Test hook: a fixed clock. */
  now?: number;
}

interface Hover {
  row: GanttRow;
  x: number;
  y: number;
}

function useNow(live: boolean, fixed: number | undefined): number {
  const [now, setNow] = useState(() => fixed ?? Date.now());
  useEffect(() => {
    if (!live || fixed !== undefined) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [live, fixed]);
  return fixed ?? now;
}

function segmentClass(kind: string): string {
  return `gantt-seg gantt-seg--${kind}`;
}

function barLabel(row: GanttRow): string {
  const parts = [row.kind === 'iteration' ? `Iteration ${row.value}` : row.taskId, stateLabel(row.state)];
  if (Number.isFinite(row.start)) parts.push(`ran ${formatDuration(row.runningMs)}`);
  if (row.waitingMs > 0) parts.push(`waited ${formatDuration(row.waitingMs)}`);
  if (row.attempts.length > 1) parts.push(`${row.attempts.length} attempts`);
  return parts.join(', ');
}

export function GanttView({ execution, onOpenLogs, now: fixedNow }: GanttViewProps) {
  const [builder] = useState(() => new GanttBuilder());
  const [toggled, setToggled] = useState<ReadonlySet<string>>(() => new Set());
  const [hover, setHover] = useState<Hover | null>(null);
  const [cursor, setCursor] = useState(0);
  const [trackWidth, setTrackWidth] = useState(800);
  const axisRef = useRef<HTMLDivElement>(null);

  const liveExecution = isRunning(execution.state.current);
  const now = useNow(liveExecution, fixedNow);
  const runs = execution.taskRunList;
  const model = useMemo(() => builder.build(runs ?? [], { now, toggled }), [builder, runs, now, toggled]);
  const bounds = useMemo<TimeWindow>(() => ({ start: model.start, end: Math.max(model.end, model.start + 1000) }), [model.start, model.end]);
  const zoom = useTimeZoom(bounds, axisRef);
  const { view, zoomBy } = zoom;

  useEffect(() => {
    const el = axisRef.current;
    if (!el) return;
    const observer = new ResizeObserver(() => setTrackWidth(el.clientWidth || 800));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  const { attach, window: rowsWindow, totalHeight, scrollToRow } = useVirtualRows(model.rows.length, ROW_HEIGHT, 8);
  const ticks = axisTicks(view.start, view.end, trackWidth, 90, model.start);

  const toggle = (key: string): void => {
    setToggled((current) => {
      const next = new Set(current);
      if (next.has(key)) next.delete(key);
      else next.add(key);
      return next;
    });
  };

  const safeCursor = Math.min(cursor, Math.max(0, model.rows.length - 1));
  const onKeyDown = (event: KeyboardEvent): void => {
    const target = cursorTarget(event.key, safeCursor, model.rows.length, 15);
    if (target !== undefined) {
      setCursor(target);
      scrollToRow(target);
      event.preventDefault();
      return;
    }
    const row = model.rows[safeCursor];
    switch (event.key) {
      case 'ArrowRight':
        if (row && row.childCount > 0 && row.collapsed) toggle(row.key);
        break;
      case 'ArrowLeft':
        if (row && row.childCount > 0 && !row.collapsed) toggle(row.key);
        break;
      case 'Enter':
        if (row?.taskRunId) onOpenLogs?.(row.taskRunId);
        break;
      case '+':
      case '=':
        zoomBy(0.5);
        break;
      case '-':
        zoomBy(2);
        break;
      case '0':
        zoom.reset();
        break;
      default:
        return;
    }
    event.preventDefault();
  };

  const pct = (t: number): number => fractionOf(view, t) * 100;
  const minPct = (MIN_BAR_PX / Math.max(1, trackWidth)) * 100;

  const rows = [];
  for (let index = rowsWindow.first; index < rowsWindow.end; index += 1) {
    const row = model.rows[index]!;
    const hasTime = Number.isFinite(row.start);
    const left = hasTime ? pct(row.start) : 0;
    const width = hasTime ? Math.max(minPct, pct(row.end) - left) : 0;
    const visible = hasTime && left + width >= 0 && left <= 100;
    rows.push(
      <div
        key={index % 256}
        role="row"
        aria-rowindex={index + 1}
        aria-level={row.depth + 1}
        aria-expanded={row.childCount > 0 ? !row.collapsed : undefined}
        aria-selected={index === safeCursor}
        className={`gantt-row${index === safeCursor ? ' gantt-row--cursor' : ''}${row.kind === 'iteration' ? ' gantt-row--iteration' : ''}`}
        data-task-id={row.taskId}
        data-state={row.state}
        onClick={() => setCursor(index)}
      >
        <div
          role="rowheader"
          className="gantt-row__label"
          style={{ paddingLeft: 8 + row.depth * 16 }}
          title={row.kind === 'iteration' ? `${row.taskId} iteration ${row.value}` : row.taskId}
        >
          <TreeToggle expanded={!row.collapsed} hasChildren={row.childCount > 0} label={row.label} onToggle={() => toggle(row.key)} />
          <span className="gantt-row__dot" style={{ background: stateColor(row.state) }} aria-hidden="true" />
          <span className="gantt-row__name">{row.kind === 'iteration' ? row.value : row.taskId}</span>
          {row.kind === 'task' && row.value !== undefined && row.depth > 0 && !row.inIteration && <span className="gantt-row__value">{row.value}</span>}
          {row.kind === 'iteration' && <span className="gantt-row__value">{plural(row.taskRunCount, 'task run')}</span>}
          {row.attempts.length > 1 && (
            <span className="gantt-row__attempts" title={`${row.attempts.length} attempts`}>
              ×{row.attempts.length}
            </span>
          )}
          <span className="gantt-row__duration">{hasTime ? formatDuration(row.end - row.start) : ''}</span>
        </div>
        <div role="gridcell" className="gantt-row__track">
          {visible && (
            <button
              type="button"
              className={`gantt-bar${row.live ? ' gantt-bar--live' : ''}`}
              style={{ left: `${left}%`, width: `${width}%`, ['--bar-color' as string]: stateColor(row.state) }}
              aria-label={barLabel(row)}
              onMouseEnter={(event) => setHover({ row, x: event.clientX, y: event.clientY })}
              onMouseMove={(event) => setHover({ row, x: event.clientX, y: event.clientY })}
              onMouseLeave={() => setHover(null)}
              onFocus={(event) => {
                const rect = event.currentTarget.getBoundingClientRect();
                setHover({ row, x: rect.left, y: rect.bottom });
              }}
              onBlur={() => setHover(null)}
              onClick={() => {
                setCursor(index);
                if (row.taskRunId) onOpenLogs?.(row.taskRunId);
                else toggle(row.key);
              }}
            >
              {row.segments.map((segment, i) => {
                const span = row.end - row.start || 1;
                return (
                  <span
                    key={i}
                    className={segmentClass(segment.kind)}
                    style={{ left: `${((segment.start - row.start) / span) * 100}%`, width: `${Math.max(0, ((segment.end - segment.start) / span) * 100)}%` }}
                  />
                );
              })}
              {row.attempts.length > 1 &&
                row.attempts
                  .slice(1)
                  .map((attempt) => (
                    <span
                      key={attempt.number}
                      className="gantt-attempt"
                      style={{ left: `${((attempt.start - row.start) / (row.end - row.start || 1)) * 100}%` }}
                    />
                  ))}
            </button>
          )}
        </div>
      </div>,
    );
  }

  return (
    <div className="gantt" onWheel={zoom.onWheel}>
      <div className="gantt__toolbar" role="toolbar" aria-label="Gantt tools">
        <span className="gantt__summary">
          {plural(model.taskRunCount, 'task run')}
          {model.live && <span className="gantt__live"> · live</span>}
        </span>
        <span className="gantt__legend" aria-label="Legend">
          <span className="gantt-legend gantt-seg--waiting">Waiting</span>
          <span className="gantt-legend gantt-seg--running">Running</span>
          <span className="gantt-legend gantt-seg--paused">Paused</span>
          <span className="gantt-legend gantt-seg--retrying">Waiting to retry</span>
        </span>
        <ZoomButtons zoom={zoom} fitLabel="Fit to execution" />
      </div>
      <div className="gantt__header">
        <div className="gantt__label-head" style={{ width: LABEL_WIDTH }}>
          Task
        </div>
        <div className="gantt__axis" ref={axisRef} aria-hidden="true">
          {ticks.ticks.map((t) => (
            <span key={t} className="gantt__tick" style={{ left: `${pct(t)}%`, transform: pct(t) < 3 ? 'none' : undefined }}>
              {relativeLabel(t, model.start)}
            </span>
          ))}
        </div>
      </div>
      <div
        className="gantt__scroll"
        ref={attach}
        role="grid"
        aria-label="Task runs"
        aria-rowcount={model.rows.length}
        tabIndex={0}
        onKeyDown={onKeyDown}
        onPointerDown={zoom.onPointerDown}
        onPointerMove={zoom.onPointerMove}
        onPointerUp={zoom.onPointerUp}
        style={{ ['--label-width' as string]: `${LABEL_WIDTH}px` }}
      >
        <div className="gantt__grid-lines" aria-hidden="true">
          {ticks.ticks.map((t) => (
            <span key={t} style={{ left: `calc(var(--label-width) + (100% - var(--label-width)) * ${fractionOf(view, t)})` }} />
          ))}
        </div>
        <div className="gantt__content" style={{ height: totalHeight }}>
          <div className="gantt__block" style={{ transform: `translateY(${rowsWindow.offset}px)` }}>
            {rows}
          </div>
        </div>
        {model.rows.length === 0 && (
          <div className="gantt__empty" role="status">
            No task run yet.
          </div>
        )}
      </div>
      {hover && <HoverCard hover={hover} origin={model.start} />}
    </div>
  );
}

function HoverCard({ hover, origin }: { hover: Hover; origin: number }) {
  const { row } = hover;
  const style = { left: Math.min(hover.x + 12, (typeof window === 'undefined' ? 1200 : window.innerWidth) - 340), top: hover.y + 14 };
  return (
    <div className="gantt-card" role="tooltip" style={style}>
      <div className="gantt-card__title">
        <span className="gantt-row__dot" style={{ background: stateColor(row.state) }} />
        {row.kind === 'iteration' ? `${row.taskId} · iteration ${row.value}` : row.taskId}
      </div>
      <dl>
        <dt>State</dt>
        <dd>{stateLabel(row.state)}</dd>
        {row.value !== undefined && row.kind === 'task' && (
          <>
            <dt>Value</dt>
            <dd>{row.value}</dd>
          </>
        )}
        {Number.isFinite(row.start) && (
          <>
            <dt>Started</dt>
            <dd>
              {formatDateTime(row.start)} ({relativeLabel(row.start, origin)})
            </dd>
            <dt>{row.live ? 'Elapsed' : 'Duration'}</dt>
            <dd>{formatDuration(row.end - row.start)}</dd>
          </>
        )}
        {row.kind === 'task' && (
          <>
            <dt>Waiting</dt>
            <dd>{formatDuration(row.waitingMs)}</dd>
            <dt>Running</dt>
            <dd>{formatDuration(row.runningMs)}</dd>
          </>
        )}
        {row.kind === 'iteration' && (
          <>
            <dt>Task runs</dt>
            <dd>{formatCount(row.taskRunCount)}</dd>
          </>
        )}
        {row.attempts.length > 0 && (
          <>
            <dt>Attempts</dt>
            <dd>
              {row.attempts.map((a) => `#${a.number} ${stateLabel(a.state)} ${Number.isFinite(a.start) ? formatDuration(a.end - a.start) : ''}`).join(' · ')}
            </dd>
          </>
        )}
      </dl>
      {row.taskRunId && <div className="gantt-card__hint">Click to see its logs</div>}
    </div>
  );
}
