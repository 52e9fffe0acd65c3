// The scrolling part of the log viewer, apart from the toolbar so a scroll re-renders only the
// rows. Rows are keyed by their slot on screen, not by line, so scrolling reuses the same DOM
// nodes and only changes their text.
import { memo, useImperativeHandle, useLayoutEffect, type MouseEvent, type ReactNode, type Ref } from 'react';
import { Icon } from '../../../components/icons';
import { useVirtualRows, type ScrollInfo } from '../lib/use-virtual-rows';
import { LEVELS } from './log-levels';
import { LogText, type LinkHandler } from './log-line';
import { FLAG_CONTINUATION, type LogStore, type TaskRef } from './log-store';
import { headerTaskRef, type LogView } from './log-view-model';

export const LOG_ROW_HEIGHT = 20;
const OVERSCAN = 4;

export interface LogRowsHandle {
  scrollToRow(row: number, align?: 'start' | 'center' | 'end' | 'nearest'): void;
  scrollToEnd(): void;
  /** First row in view. */
  firstRow(): number;
}

export interface LogRowsProps {
  ref?: Ref<LogRowsHandle>;
  store: LogStore;
  view: LogView;
  rowCount: number;
  /** Changes whenever the store or the view changed (re-render trigger). */
  revision: number;
  wrap: boolean;
  follow: boolean;
  cursorLine: number | null;
  selectedRange: readonly [number, number] | null;
  collapsed: ReadonlySet<number>;
  pattern: RegExp | null;
  showTaskColumn: boolean;
  openLink: LinkHandler;
  describeTask?: (task: TaskRef) => ReactNode;
  emptyText: string;
  onScrolled(info: ScrollInfo): void;
  onRowMouseDown(event: MouseEvent, row: number): void;
  onToggleGroup(taskRef: number): void;
  onWheelUp(): void;
}

const COUNT = new Intl.NumberFormat('en');

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

export function clock(ms: number): string {
  const d = new Date(ms);
  const millis = d.getMilliseconds();
  return `${pad2(d.getHours())}:${pad2(d.getMinutes())}:${pad2(d.getSeconds())}.${millis < 10 ? '00' : millis < 100 ? '0' : ''}${millis}`;
}

export function taskName(task: TaskRef | undefined): string {
  if (!task) return 'Execution';
  return task.attemptNumber !== undefined && task.attemptNumber > 1 ? `${task.taskId} (attempt ${task.attemptNumber})` : task.taskId;
}

export const LogRows = memo(function LogRows({
  ref,
  store,
  view,
  rowCount,
  wrap,
  follow,
  cursorLine,
  selectedRange,
  collapsed,
  pattern,
  showTaskColumn,
  openLink,
  describeTask,
  emptyText,
  onScrolled,
  onRowMouseDown,
  onToggleGroup,
  onWheelUp,
}: LogRowsProps) {
  const {
    attach,
    window: rowsWindow,
    firstVisible,
    scrollTop,
    viewportHeight,
    totalHeight,
    atEnd,
    scrollToEnd,
    scrollToRow,
  } = useVirtualRows(rowCount, LOG_ROW_HEIGHT, OVERSCAN, onScrolled, follow);

  useImperativeHandle(ref, () => ({ scrollToRow, scrollToEnd, firstRow: () => firstVisible }), [scrollToRow, scrollToEnd, firstVisible]);

  // Follow the tail: stay at the end as rows arrive.
  useLayoutEffect(() => {
    if (follow) scrollToEnd();
  }, [follow, rowCount, wrap, scrollToEnd]);

  // In wrap mode rows have natural heights: they are laid out from the first row down, or from
  // the last row up when the view sits at the end (so the tail is always visible).
  const anchoredToEnd = wrap && atEnd && rowCount > 0;
  const drawFirst = anchoredToEnd ? Math.max(0, rowCount - Math.ceil(viewportHeight / LOG_ROW_HEIGHT) - 1) : rowsWindow.first;
  const drawEnd = anchoredToEnd ? rowCount : rowsWindow.end;

  const renderRow = (row: number, slot: number): ReactNode => {
    const value = view.rowAt(row);
    const selected = !!selectedRange && row >= selectedRange[0] && row <= selectedRange[1];
    if (value < 0) {
      const ref = headerTaskRef(value);
      const task = store.task(ref);
      const isCollapsed = collapsed.has(ref);
      const size = view.groupSize(ref);
      return (
        <div key={slot} className={`log-row log-group${selected ? ' log-row--selected' : ''}`} data-row={row} role="row">
          <button
            type="button"
            className="log-group__toggle"
            aria-expanded={!isCollapsed}
            onClick={() => onToggleGroup(ref)}
            aria-label={`${isCollapsed ? 'Expand' : 'Collapse'} ${taskName(task)} (${COUNT.format(size)} lines)`}
          >
            <Icon name={isCollapsed ? 'chevronRight' : 'chevronDown'} />
            <span className="log-group__name">{taskName(task)}</span>
            <span className="log-group__count">
              {COUNT.format(size)} {size === 1 ? 'line' : 'lines'}
            </span>
            {task && describeTask?.(task)}
          </button>
        </div>
      );
    }
    const line = value;
    const flags = store.flags(line);
    const level = store.level(line);
    const continuation = (flags & FLAG_CONTINUATION) !== 0;
    const taskRef = store.taskRef(line);
    return (
      <div
        key={slot}
        className={`log-row log-row--${LEVELS[level]!.toLowerCase()}${line === cursorLine ? ' log-row--cursor' : ''}${selected ? ' log-row--selected' : ''}${continuation ? ' log-row--cont' : ''}`}
        data-line={line}
        data-level={LEVELS[level]}
        role="row"
        aria-selected={selected || undefined}
        onMouseDown={(event) => onRowMouseDown(event, row)}
      >
        <span className="log-cell log-cell--num" aria-hidden="true">
          {line + 1}
        </span>
        <span className="log-cell log-cell--time">{continuation ? '' : clock(store.timestamp(line))}</span>
        <span className="log-cell log-cell--level">{continuation ? '' : LEVELS[level]}</span>
        {showTaskColumn && (
          <span className="log-cell log-cell--task" title={taskName(store.task(taskRef))}>
            {continuation ? '' : taskRef >= 0 ? store.task(taskRef)!.taskId : ''}
          </span>
        )}
        <span className="log-cell log-cell--msg">
          <LogText raw={store.rawText(line)} pattern={pattern} openLink={openLink} />
        </span>
      </div>
    );
  };
  const rows: ReactNode[] = [];
  // Scrolling keys rows by slot (row % 256), so a row that stays in view keeps its element. A
  // followed tail replaces every visible row at each redraw: keyed by position, the elements stay
  // and only their text changes, instead of all of them being removed and created again.
  for (let row = drawFirst; row < drawEnd; row += 1) rows.push(renderRow(row, follow ? row - drawFirst : row % 256));

  const blockStyle = anchoredToEnd
    ? { top: scrollTop + viewportHeight, transform: 'translateY(-100%)' }
    : wrap
      ? { top: scrollTop }
      : { transform: `translateY(${rowsWindow.offset}px)` };

  return (
    <div
      className="log-scroll"
      ref={attach}
      role="log"
      aria-live="off"
      aria-label="Execution logs"
      aria-rowcount={rowCount}
      tabIndex={0}
      onWheel={(event) => {
        if (event.deltaY < 0) onWheelUp();
      }}
    >
      <div className="log-content" style={{ height: totalHeight }}>
        <div className="log-block" style={blockStyle}>
          {rows}
        </div>
      </div>
      {rowCount === 0 && (
        <div className="log-empty" role="status">
          {emptyText}
        </div>
      )}
    </div>
  );
});
