// The namespace tree: virtualized rows (a folder of 10,000 files renders only what is on screen;
// rows have one fixed height, so the window is computed from scrollTop in O(1), with no per-row
// measurement pass over the whole list),
// ARIA tree semantics with keyboard navigation, drag inside the tree to move, and drops of files and
// folders from the desktop onto the tree or onto a folder.
import { useEffect, useId, useRef, useState, type DragEvent, type KeyboardEvent } from 'react';
import { Icon, type IconName } from '../../components/icons';
import { formatBytes, formatDateTime, formatRelativeTime } from '../../lib/format';
import { ROOT, type TreeRow } from './lib/file-tree';
import { extensionOf, parentPath } from './lib/path-rules';
import { isDesktopFileDrag } from './lib/folder-walk';

export const TREE_DRAG_TYPE = 'application/x-kestra-console-file';
const ROW_HEIGHT = 26;
const OVERSCAN = 12;

function iconFor(row: TreeRow): IconName {
  if (row.node.type === 'Directory') return 'folder';
  const ext = extensionOf(row.node.name);
  if (ext === 'yml' || ext === 'yaml') return 'flow';
  return 'file';
}

export interface FileTreePanelProps {
  rows: TreeRow[];
  selectedPath?: string;
  onSelect(path: string): void;
  onOpen(row: TreeRow): void;
  onToggle(row: TreeRow, expanded: boolean): void;
  /** A tree row dropped onto a folder ('/' for the root). */
  onMove(fromPath: string, intoDir: string): void;
  /** Files from the desktop dropped onto a folder; called synchronously inside the drop event. */
  onDesktopDrop(dataTransfer: DataTransfer, intoDir: string): void;
  onRetryFolder(path: string): void;
  onKeyCommand?(key: 'Delete' | 'F2', row: TreeRow): void;
  canWrite: boolean;
  label: string;
}

export function FileTreePanel({ rows, selectedPath, onSelect, onOpen, onToggle, onMove, onDesktopDrop, onRetryFolder, onKeyCommand, canWrite, label }: FileTreePanelProps) {
  // Unique per tree: several servers' file trees can be mounted at once (hidden ones too).
  const rowIdPrefix = `files-row-${useId()}-`;
  const scrollRef = useRef<HTMLDivElement>(null);
  const [dropTarget, setDropTarget] = useState<string | undefined>(undefined);
  const [viewport, setViewport] = useState({ top: 0, height: 600 });
  useEffect(() => {
    const element = scrollRef.current;
    if (!element) return;
    const update = (): void => setViewport({ top: element.scrollTop, height: element.clientHeight });
    update();
    const observer = new ResizeObserver(update);
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  const first = Math.max(0, Math.floor(viewport.top / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(rows.length, Math.ceil((viewport.top + viewport.height) / ROW_HEIGHT) + OVERSCAN);
  const scrollToIndex = (index: number): void => {
    const element = scrollRef.current;
    if (!element) return;
    const top = index * ROW_HEIGHT;
    if (top < element.scrollTop) element.scrollTop = top;
    else if (top + ROW_HEIGHT > element.scrollTop + element.clientHeight) element.scrollTop = top + ROW_HEIGHT - element.clientHeight;
  };
  const cursor = Math.max(0, rows.findIndex((r) => r.node.path === selectedPath));

  const folderOf = (row: TreeRow | undefined): string => (!row ? ROOT : row.node.type === 'Directory' ? row.node.path : parentPath(row.node.path));

  const onDragOver = (event: DragEvent, row: TreeRow | undefined): void => {
    if (!canWrite) return;
    const desktop = isDesktopFileDrag(event.dataTransfer);
    const internal = event.dataTransfer.types.includes(TREE_DRAG_TYPE);
    if (!desktop && !internal) return;
    event.preventDefault();
    event.stopPropagation();
    event.dataTransfer.dropEffect = desktop ? 'copy' : 'move';
    setDropTarget(folderOf(row));
  };

  const onDrop = (event: DragEvent, row: TreeRow | undefined): void => {
    if (!canWrite) return;
    event.preventDefault();
    event.stopPropagation();
    const into = folderOf(row);
    setDropTarget(undefined);
    const from = event.dataTransfer.getData(TREE_DRAG_TYPE);
    if (from) onMove(from, into);
    else if (isDesktopFileDrag(event.dataTransfer)) onDesktopDrop(event.dataTransfer, into);
  };

  const move = (index: number): void => {
    const next = rows[Math.max(0, Math.min(rows.length - 1, index))];
    if (!next) return;
    onSelect(next.node.path);
    scrollToIndex(rows.indexOf(next));
  };

  const onKeyDown = (event: KeyboardEvent): void => {
    const row = rows[cursor];
    switch (event.key) {
      case 'ArrowDown':
        move(cursor + 1);
        break;
      case 'ArrowUp':
        move(cursor - 1);
        break;
      case 'Home':
        move(0);
        break;
      case 'End':
        move(rows.length - 1);
        break;
      case 'ArrowRight':
        if (row?.node.type === 'Directory' && !row.expanded) onToggle(row, true);
        else move(cursor + 1);
        break;
      case 'ArrowLeft':
        if (row?.node.type === 'Directory' && row.expanded) onToggle(row, false);
        else if (row) {
          const parent = parentPath(row.node.path);
          if (parent !== ROOT) onSelect(parent);
        }
        break;
      case 'Enter':
        if (row) onOpen(row);
        break;
      case 'Delete':
      case 'F2':
        if (row && canWrite) onKeyCommand?.(event.key, row);
        break;
      default:
        return;
    }
    event.preventDefault();
  };

  return (
    <div
      ref={scrollRef}
      className={`files-tree${dropTarget === ROOT ? ' files-tree--drop' : ''}`}
      role="tree"
      aria-label={label}
      tabIndex={0}
      aria-activedescendant={rows[cursor] ? `${rowIdPrefix}${cursor}` : undefined}
      onKeyDown={onKeyDown}
      onDragOver={(e) => onDragOver(e, undefined)}
      onDragLeave={(e) => {
        if (e.currentTarget === e.target) setDropTarget(undefined);
      }}
      onDrop={(e) => onDrop(e, undefined)}
      onScroll={(e) => setViewport({ top: e.currentTarget.scrollTop, height: e.currentTarget.clientHeight })}
    >
      <div style={{ height: rows.length * ROW_HEIGHT, position: 'relative' }}>
        {rows.slice(first, last).map((row, offset) => {
          const index = first + offset;
          const { node } = row;
          const isDir = node.type === 'Directory';
          const selected = node.path === selectedPath;
          const highlighted = isDir && dropTarget === node.path;
          return (
            <div
              key={node.path}
              id={`${rowIdPrefix}${index}`}
              role="treeitem"
              aria-level={row.depth + 1}
              aria-selected={selected}
              aria-expanded={isDir ? row.expanded : undefined}
              aria-label={node.name}
              data-path={node.path}
              className={`files-row${selected ? ' files-row--selected' : ''}${highlighted ? ' files-row--drop' : ''}`}
              style={{ position: 'absolute', top: 0, left: 0, right: 0, height: ROW_HEIGHT, transform: `translateY(${index * ROW_HEIGHT}px)`, paddingLeft: 6 + row.depth * 16 }}
              draggable={canWrite}
              onDragStart={(e) => {
                e.dataTransfer.setData(TREE_DRAG_TYPE, node.path);
                e.dataTransfer.effectAllowed = 'move';
              }}
              onDragOver={(e) => onDragOver(e, row)}
              onDrop={(e) => onDrop(e, row)}
              onClick={() => {
                onSelect(node.path);
                if (isDir) onToggle(row, !row.expanded);
              }}
              onDoubleClick={() => onOpen(row)}
            >
              <span className="files-row__chevron" aria-hidden="true">
                {isDir ? <Icon name={row.expanded ? 'chevronDown' : 'chevronRight'} size={12} /> : null}
              </span>
              <Icon name={iconFor(row)} className="files-row__icon" aria-hidden="true" />
              <span className="files-row__name">{node.name}</span>
              {row.loading && <span className="files-row__meta">Loading…</span>}
              {row.error && (
                <button
                  type="button"
                  className="files-row__error"
                  onClick={(e) => {
                    e.stopPropagation();
                    onRetryFolder(node.path);
                  }}
                  title={row.error}
                >
                  Failed, retry
                </button>
              )}
              {!isDir && <span className="files-row__meta">{formatBytes(node.size)}</span>}
              <span className="files-row__meta files-row__date" title={node.lastModifiedTime ? formatDateTime(node.lastModifiedTime) : undefined}>
                {node.lastModifiedTime ? formatRelativeTime(node.lastModifiedTime) : ''}
              </span>
            </div>
          );
        })}
      </div>
    </div>
  );
}
