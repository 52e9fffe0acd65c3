// The executions timeline: the filtered executions on one shared time axis, one row per flow
// (concurrent runs on extra lanes), each execution a bar coloured by state; zoom and pan like the
// Gantt; running executions grow live; a click opens the execution.
import { useEffect, useMemo, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import type { Execution } from '../../../../main/contract/kestra-model';
import { formatCount, formatDateTime, formatDuration, plural } from '../../../lib/format';
import { ALL_STATES, stateColor, stateLabel } from '../../../lib/states';
import { useTimeZoom } from '../lib/use-time-zoom';
import { ZoomButtons } from '../lib/zoom-buttons';
import { useVirtualRows } from '../lib/use-virtual-rows';
import { absoluteLabel, axisTicks, fractionOf } from '../model/time';
import { buildTimeline, visibleBars, type TimelineRow } from './timeline-model';
import './executions-timeline.css';

const LANE_HEIGHT = 22;
const LABEL_WIDTH = 240;
const MIN_BAR_PX = 4;

export interface ExecutionsTimelineProps {
  executions: readonly Execution[];
  onOpen(executionId: string): void;
  /** More executions exist on the server than are drawn. */
  truncated?: { shown: number; total: number; onLoadMore?: () => void };
  now?: number;
}

interface Lane {
  row: TimelineRow;
  lane: number;
}

export function ExecutionsTimeline({ executions, onOpen, truncated, now: fixedNow }: ExecutionsTimelineProps) {
  const [clock, setClock] = useState(() => Date.now());
  const now = fixedNow ?? clock;
  const model = useMemo(() => buildTimeline(executions, now), [executions, now]);
  useEffect(() => {
    if (!model.live || fixedNow !== undefined) return;
    const timer = setInterval(() => setClock(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [model.live, fixedNow]);

  const axisRef = useRef<HTMLDivElement>(null);
  const [axisWidth, setAxisWidth] = useState(800);
  useEffect(() => {
    const el = axisRef.current;
    if (!el) return;
    const observer = new ResizeObserver(() => setAxisWidth(el.clientWidth || 800));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  // A little air on both sides so the first and last bars are not glued to the edges.
  const bounds = useMemo(() => {
    const pad = Math.max(1000, (model.end - model.start) * 0.02);
    return { start: model.start - pad, end: model.end + pad };
  }, [model.start, model.end]);
  const zoom = useTimeZoom(bounds, axisRef);
  const { view } = zoom;

  // The legend names the colours on screen: every state drawn, in the states' usual order.
  const legend = useMemo(() => {
    const drawnStates = new Set(model.rows.flatMap((row) => row.bars.map((bar) => bar.state)));
    return ALL_STATES.filter((state) => drawnStates.has(state));
  }, [model.rows]);

  const lanes = useMemo(() => {
    const list: Lane[] = [];
    for (const row of model.rows) for (let lane = 0; lane < row.lanes; lane += 1) list.push({ row, lane });
    return list;
  }, [model.rows]);

  const { attach, window: rowsWindow, totalHeight } = useVirtualRows(lanes.length, LANE_HEIGHT, 6);
  const ticks = axisTicks(view.start, view.end, axisWidth, 110);
  const pct = (t: number): number => fractionOf(view, t) * 100;
  const minPct = (MIN_BAR_PX / Math.max(1, axisWidth)) * 100;

  const onKeyDown = (event: KeyboardEvent): void => {
    if (event.key === '+' || event.key === '=') zoom.zoomBy(0.5);
    else if (event.key === '-') zoom.zoomBy(2);
    else if (event.key === '0') zoom.reset();
    else return;
    event.preventDefault();
  };

  const drawn: ReactNode[] = [];
  for (let index = rowsWindow.first; index < rowsWindow.end; index += 1) {
    const { row, lane } = lanes[index]!;
    const bars = visibleBars(row, view.start, view.end).filter((bar) => bar.lane === lane);
    drawn.push(
      <div key={`${row.key}\u0000${lane}`} className={`tl-row${lane === 0 ? ' tl-row--first' : ''}`} role="row" data-flow={`${row.namespace}.${row.flowId}`}>
        <div className="tl-row__label" role="rowheader" title={`${row.namespace}.${row.flowId}`}>
          {lane === 0 ? (
            <>
              <span className="tl-row__ns">{row.namespace}</span>
              <span className="tl-row__flow">{row.flowId}</span>
              <span className="tl-row__count">{row.bars.length}</span>
            </>
          ) : null}
        </div>
        <div className="tl-row__track" role="gridcell">
          {bars.map((bar) => {
            const left = pct(bar.start);
            const width = Math.max(minPct, pct(bar.end) - left);
            return (
              <button
                key={bar.executionId}
                type="button"
                className={`tl-bar${bar.live ? ' tl-bar--live' : ''}`}
                style={{ left: `${left}%`, width: `${width}%`, background: stateColor(bar.state) }}
                aria-label={`${row.flowId} ${bar.executionId}: ${stateLabel(bar.state)}, started ${formatDateTime(bar.start)}, ${bar.live ? 'running for' : 'took'} ${formatDuration(bar.end - bar.start)}`}
                title={`${row.namespace}.${row.flowId}\n${bar.executionId}\n${stateLabel(bar.state)} · ${formatDateTime(bar.start)} · ${formatDuration(bar.end - bar.start)}`}
                onClick={() => onOpen(bar.executionId)}
              />
            );
          })}
        </div>
      </div>,
    );
  }

  return (
    <section className="tl" aria-label="Executions timeline" onWheel={zoom.onWheel}>
      <div className="tl__toolbar" role="toolbar" aria-label="Timeline tools">
        <span className="tl__summary">
          {plural(model.count, 'execution')} in {plural(model.rows.length, 'flow')}
          {truncated && truncated.total > truncated.shown && (
            <>
              {' '}
              (the newest {formatCount(truncated.shown)} of {formatCount(truncated.total)}
              {truncated.onLoadMore && (
                <>
                  {' · '}
                  <button type="button" className="tl__more" onClick={truncated.onLoadMore}>
                    load more
                  </button>
                </>
              )}
              )
            </>
          )}
          {model.live && <span className="tl__live"> · live</span>}
        </span>
        {legend.length > 0 && (
          <ul className="tl__legend" aria-label="Legend: colours by state">
            {legend.map((state) => (
              <li key={state} className="tl__legend-item">
                <span className="tl__swatch" style={{ background: stateColor(state) }} aria-hidden="true" />
                {stateLabel(state)}
              </li>
            ))}
          </ul>
        )}
        <ZoomButtons zoom={zoom} fitLabel="Show everything" />
      </div>
      <div className="tl__header">
        <div className="tl__label-head" style={{ width: LABEL_WIDTH }}>
          Flow
        </div>
        <div className="tl__axis" ref={axisRef} aria-hidden="true">
          {ticks.ticks.map((t) => (
            <span key={t} className="tl__tick" style={{ left: `${pct(t)}%` }}>
              {absoluteLabel(t, ticks.step)}
            </span>
          ))}
          {now >= view.start && now <= view.end && <span className="tl__now" style={{ left: `${pct(now)}%` }} title="Now" />}
        </div>
      </div>
      <div
        className="tl__scroll"
        ref={attach}
        role="grid"
        aria-label="Executions by flow"
        aria-rowcount={lanes.length}
        tabIndex={0}
        onKeyDown={onKeyDown}
        onPointerDown={zoom.onPointerDown}
        onPointerMove={zoom.onPointerMove}
        onPointerUp={zoom.onPointerUp}
        style={{ ['--label-width' as string]: `${LABEL_WIDTH}px` }}
      >
        {lanes.length === 0 ? (
          <div className="tl__empty" role="status">
            No execution with a start time to draw.
          </div>
        ) : (
          <div className="tl__content" style={{ height: totalHeight }}>
            <div className="tl__block" style={{ transform: `translateY(${rowsWindow.offset}px)` }}>
              {drawn}
            </div>
          </div>
        )}
      </div>
    </section>
  );
}
