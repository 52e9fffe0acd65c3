// Virtualized table and list (@tanstack/react-virtual): only visible rows are in the DOM, so
// 100,000 rows scroll smoothly. The table is an ARIA grid with an active row moved by ↑/↓/PgUp/
// PgDn/Home/End, Enter to open, Space to toggle selection, and sortable column headers.
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useId, useRef, useState, type CSSProperties, type KeyboardEvent, type ReactNode } from 'react';
import { cursorTarget } from '../lib/list-keys';
import './virtual-table.css';

export interface Column<T> {
  id: string;
  header: string;
  /** A CSS grid track: '1fr', '160px', 'minmax(120px, 2fr)'. */
  width: string;
  render(row: T): ReactNode;
  sortable?: boolean;
  align?: 'start' | 'end' | 'center';
}

export type SortDirection = 'asc' | 'desc';

export interface VirtualTableProps<T> {
  /** Accessible name of the grid. */
  label: string;
  rows: T[];
  columns: Column<T>[];
  getRowId(row: T): string;
  /** Accessible name of a row (defaults to its cells' text). */
  getRowLabel?(row: T): string;
  rowHeight?: number;
  /** Opens a row (click, Enter, double-click). */
  onActivate?(row: T): void;
  /** The highlighted row (e.g. the one open in a side panel). */
  activeRowId?: string;
  /** Checkbox selection; omit for none. */
  selection?: { selected: ReadonlySet<string>; onChange(next: Set<string>): void };
  sort?: { columnId: string; direction: SortDirection };
  onSortChange?(sort: { columnId: string; direction: SortDirection }): void;
  /** Called when the last rows come into view (load the next page). */
  onEndReached?(): void;
  /** Shown instead of rows when there are none. */
  empty?: ReactNode;
  /** A row after the last one (e.g. "Loading more…"). */
  footer?: ReactNode;
  /** Total rows on the server when more than loaded (for aria-rowcount). */
  totalCount?: number;
  className?: string;
}

export function VirtualTable<T>({
  label,
  rows,
  columns,
  getRowId,
  getRowLabel,
  rowHeight = 30,
  onActivate,
  activeRowId,
  selection,
  sort,
  onSortChange,
  onEndReached,
  empty,
  footer,
  totalCount,
  className,
}: VirtualTableProps<T>) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const baseId = useId();
  const [cursor, setCursor] = useState(0);
  // The virtualizer's functions are not memoizable; this component opts out of the compiler's memoization.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({ count: rows.length, getScrollElement: () => scrollRef.current, estimateSize: () => rowHeight, overscan: 12 });
  const items = virtualizer.getVirtualItems();
  const template = [selection ? '32px' : '', ...columns.map((column) => column.width)].filter(Boolean).join(' ');
  const safeCursor = Math.min(cursor, Math.max(0, rows.length - 1));

  const lastVisible = items[items.length - 1]?.index ?? -1;
  const endReached = useRef(onEndReached);
  useEffect(() => {
    endReached.current = onEndReached;
  });
  useEffect(() => {
    if (rows.length > 0 && lastVisible >= rows.length - 5) endReached.current?.();
  }, [lastVisible, rows.length]);

  const rowIdAttr = (index: number): string => `${baseId}-row-${index}`;
  const moveTo = (index: number): void => {
    setCursor(index);
    virtualizer.scrollToIndex(index, { align: 'auto' });
  };

  const toggle = (row: T): void => {
    if (!selection) return;
    const id = getRowId(row);
    const next = new Set(selection.selected);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    selection.onChange(next);
  };

  const onKeyDown = (event: KeyboardEvent): void => {
    if (event.target !== scrollRef.current) return;
    const page = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? rowHeight * 10) / rowHeight) - 1);
    const target = cursorTarget(event.key, safeCursor, rows.length, page);
    if (target !== undefined) {
      moveTo(target);
      event.preventDefault();
      return;
    }
    const row = rows[safeCursor];
    switch (event.key) {
      case 'Enter':
        if (row) onActivate?.(row);
        break;
      case ' ':
        if (row) toggle(row);
        break;
      case 'a':
        if (!(event.ctrlKey || event.metaKey) || !selection) return;
        selection.onChange(selection.selected.size === rows.length ? new Set() : new Set(rows.map(getRowId)));
        break;
      default:
        return;
    }
    event.preventDefault();
  };

  const allSelected = !!selection && rows.length > 0 && selection.selected.size === rows.length;
  const headerStyle: CSSProperties = { gridTemplateColumns: template };

  return (
    <div
      ref={scrollRef}
      className={['vtable', className ?? ''].join(' ')}
      role="grid"
      aria-label={label}
      aria-rowcount={(totalCount ?? rows.length) + 1}
      aria-multiselectable={selection ? true : undefined}
      aria-activedescendant={rows.length > 0 ? rowIdAttr(safeCursor) : undefined}
      tabIndex={0}
      onKeyDown={onKeyDown}
    >
      <div className="vtable__header" role="row" aria-rowindex={1} style={headerStyle}>
        {selection && (
          <div role="columnheader" className="vtable__cell vtable__cell--check">
            <input
              type="checkbox"
              aria-label={allSelected ? 'Deselect all rows' : 'Select all rows'}
              checked={allSelected}
              ref={(input) => {
                if (input) input.indeterminate = !!selection && selection.selected.size > 0 && !allSelected;
              }}
              onChange={() => selection.onChange(allSelected ? new Set() : new Set(rows.map(getRowId)))}
            />
          </div>
        )}
        {columns.map((column) => {
          const sorted = sort?.columnId === column.id ? sort.direction : undefined;
          return (
            <div
              key={column.id}
              role="columnheader"
              aria-sort={sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : column.sortable ? 'none' : undefined}
              className={`vtable__cell vtable__cell--${column.align ?? 'start'}`}
            >
              {column.sortable && onSortChange ? (
                <button
                  type="button"
                  className="vtable__sort"
                  onClick={() => onSortChange({ columnId: column.id, direction: sorted === 'asc' ? 'desc' : 'asc' })}
                  aria-label={`Sort by ${column.header}`}
                >
                  {column.header}
                  <span aria-hidden="true">{sorted === 'asc' ? ' ▲' : sorted === 'desc' ? ' ▼' : ''}</span>
                </button>
              ) : (
                column.header
              )}
            </div>
          );
        })}
      </div>
      {rows.length === 0 ? (
        empty && <div className="vtable__empty">{empty}</div>
      ) : (
        <div className="vtable__body" role="rowgroup" style={{ height: virtualizer.getTotalSize() }}>
          {items.map((item) => {
            const row = rows[item.index]!;
            const id = getRowId(row);
            const selected = selection?.selected.has(id) ?? false;
            return (
              <div
                key={id}
                id={rowIdAttr(item.index)}
                role="row"
                aria-rowindex={item.index + 2}
                aria-selected={selection ? selected : id === activeRowId}
                aria-label={getRowLabel?.(row)}
                className={[
                  'vtable__row',
                  item.index === safeCursor ? 'vtable__row--cursor' : '',
                  id === activeRowId ? 'vtable__row--active' : '',
                  selected ? 'vtable__row--selected' : '',
                ].join(' ')}
                style={{ transform: `translateY(${item.start}px)`, height: rowHeight, gridTemplateColumns: template }}
                onClick={() => {
                  setCursor(item.index);
                  onActivate?.(row);
                }}
              >
                {selection && (
                  <div role="gridcell" className="vtable__cell vtable__cell--check" onClick={(event) => event.stopPropagation()}>
                    <input type="checkbox" checked={selected} aria-label={`Select ${getRowLabel?.(row) ?? id}`} onChange={() => toggle(row)} />
                  </div>
                )}
                {columns.map((column) => (
                  <div key={column.id} role="gridcell" className={`vtable__cell vtable__cell--${column.align ?? 'start'}`}>
                    {column.render(row)}
                  </div>
                ))}
              </div>
            );
          })}
        </div>
      )}
      {footer && <div className="vtable__footer">{footer}</div>}
    </div>
  );
}

export interface VirtualListProps<T> {
  label: string;
  items: T[];
  getKey(item: T, index: number): string;
  renderItem(item: T, index: number): ReactNode;
  itemHeight?: number;
  /** Keeps the view pinned to the end while new items arrive (logs), until the user scrolls up. */
  followEnd?: boolean;
  className?: string;
}

/** A plain virtualized list (role=list) for long read-only content such as logs. */
export function VirtualList<T>({ label, items, getKey, renderItem, itemHeight = 20, followEnd, className }: VirtualListProps<T>) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const atEnd = useRef(true);
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({ count: items.length, getScrollElement: () => scrollRef.current, estimateSize: () => itemHeight, overscan: 20 });
  useEffect(() => {
    if (followEnd && atEnd.current && items.length > 0) virtualizer.scrollToIndex(items.length - 1, { align: 'end' });
  }, [followEnd, items.length, virtualizer]);
  return (
    <div
      ref={scrollRef}
      className={['vlist', className ?? ''].join(' ')}
      role="list"
      aria-label={label}
      tabIndex={0}
      onScroll={(event) => {
        const el = event.currentTarget;
        atEnd.current = el.scrollHeight - el.scrollTop - el.clientHeight < itemHeight * 2;
      }}
    >
      <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
        {virtualizer.getVirtualItems().map((virtual) => (
          <div
            key={getKey(items[virtual.index]!, virtual.index)}
            role="listitem"
            className="vlist__item"
            style={{ transform: `translateY(${virtual.start}px)`, minHeight: itemHeight }}
            data-index={virtual.index}
            ref={virtualizer.measureElement}
          >
            {renderItem(items[virtual.index]!, virtual.index)}
          </div>
        ))}
      </div>
    </div>
  );
}
