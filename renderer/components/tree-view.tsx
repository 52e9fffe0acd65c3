// A keyboard-navigable tree (ARIA tree pattern, rendered flat with aria-level): ↑/↓ move,
// → expands or enters, ← collapses or goes to the parent, Home/End, Enter/Space selects, typing
// jumps to the next item starting with that text. Expansion and selection are controlled.
import { useMemo, useRef, useState, type HTMLAttributes, type KeyboardEvent, type ReactNode } from 'react';
import { Icon, type IconName } from './icons';
import './tree-view.css';

export interface TreeNode {
  id: string;
  label: string;
  icon?: IconName;
  /** Loaded children; leave undefined with `hasChildren` for lazily loaded ones. */
  children?: TreeNode[];
  hasChildren?: boolean;
  /** Extra line of text after the label (a count, a size). */
  meta?: ReactNode;
  title?: string;
}

interface FlatNode {
  node: TreeNode;
  level: number;
  parentId?: string;
  position: number;
  setSize: number;
}

export interface TreeViewProps {
  /** Accessible name of the tree. */
  label: string;
  nodes: TreeNode[];
  expanded: ReadonlySet<string>;
  onExpandedChange(id: string, expanded: boolean): void;
  selectedId?: string;
  onSelect(node: TreeNode): void;
  /** Extra attributes per row (drag and drop handlers, context menu). */
  rowProps?(node: TreeNode): HTMLAttributes<HTMLDivElement>;
  /** Controls shown at the end of a row on hover/focus (give them accessible names). */
  rowActions?(node: TreeNode): ReactNode;
  className?: string;
}

function flatten(nodes: TreeNode[], expanded: ReadonlySet<string>, level = 1, parentId?: string, out: FlatNode[] = []): FlatNode[] {
  nodes.forEach((node, index) => {
    out.push({ node, level, parentId, position: index + 1, setSize: nodes.length });
    if (node.children && expanded.has(node.id)) flatten(node.children, expanded, level + 1, node.id, out);
  });
  return out;
}

function isBranch(node: TreeNode): boolean {
  return (node.children?.length ?? 0) > 0 || !!node.hasChildren;
}

export function TreeView({ label, nodes, expanded, onExpandedChange, selectedId, onSelect, rowProps, rowActions, className }: TreeViewProps) {
  const flat = useMemo(() => flatten(nodes, expanded), [nodes, expanded]);
  const [focusedId, setFocusedId] = useState<string | undefined>(undefined);
  const treeRef = useRef<HTMLDivElement>(null);
  const typeahead = useRef({ text: '', at: 0 });
  const current = flat.find((item) => item.node.id === focusedId) ?? flat.find((item) => item.node.id === selectedId) ?? flat[0];

  const focusItem = (id: string | undefined): void => {
    if (!id) return;
    setFocusedId(id);
    treeRef.current?.querySelector<HTMLElement>(`[data-node-id="${CSS.escape(id)}"]`)?.focus();
  };

  const onKeyDown = (event: KeyboardEvent): void => {
    // Keys typed in row action buttons are theirs.
    if ((event.target as HTMLElement).getAttribute('role') !== 'treeitem') return;
    const index = flat.findIndex((item) => item.node.id === current?.node.id);
    const node = current?.node;
    if (!node) return;
    switch (event.key) {
      case 'ArrowDown':
        focusItem(flat[Math.min(flat.length - 1, index + 1)]?.node.id);
        break;
      case 'ArrowUp':
        focusItem(flat[Math.max(0, index - 1)]?.node.id);
        break;
      case 'Home':
        focusItem(flat[0]?.node.id);
        break;
      case 'End':
        focusItem(flat[flat.length - 1]?.node.id);
        break;
      case 'ArrowRight':
        if (isBranch(node) && !expanded.has(node.id)) onExpandedChange(node.id, true);
        else if (isBranch(node)) focusItem(flat[index + 1]?.level === current.level + 1 ? flat[index + 1]?.node.id : undefined);
        break;
      case 'ArrowLeft':
        if (isBranch(node) && expanded.has(node.id)) onExpandedChange(node.id, false);
        else focusItem(current.parentId);
        break;
      case 'Enter':
      case ' ':
        onSelect(node);
        break;
      default: {
        if (event.key.length !== 1 || event.ctrlKey || event.metaKey || event.altKey) return;
        const now = Date.now();
        typeahead.current.text = now - typeahead.current.at > 700 ? event.key.toLowerCase() : typeahead.current.text + event.key.toLowerCase();
        typeahead.current.at = now;
        const ordered = [...flat.slice(index + (typeahead.current.text.length === 1 ? 1 : 0)), ...flat.slice(0, index + 1)];
        focusItem(ordered.find((item) => item.node.label.toLowerCase().startsWith(typeahead.current.text))?.node.id);
        break;
      }
    }
    event.preventDefault();
  };

  return (
    <div className={['tree', className ?? ''].join(' ')} role="tree" aria-label={label} ref={treeRef} onKeyDown={onKeyDown}>
      {flat.map((item) => {
        const { node } = item;
        const branch = isBranch(node);
        const open = expanded.has(node.id);
        const extra = rowProps?.(node) ?? {};
        return (
          <div
            key={node.id}
            {...extra}
            role="treeitem"
            data-node-id={node.id}
            aria-level={item.level}
            aria-posinset={item.position}
            aria-setsize={item.setSize}
            aria-expanded={branch ? open : undefined}
            aria-selected={node.id === selectedId}
            aria-label={node.label}
            title={node.title ?? node.label}
            tabIndex={node.id === current?.node.id ? 0 : -1}
            className={['tree__row', node.id === selectedId ? 'tree__row--selected' : '', extra.className ?? ''].join(' ')}
            style={{ paddingLeft: 6 + (item.level - 1) * 14 }}
            onFocus={() => setFocusedId(node.id)}
            onClick={(event) => {
              extra.onClick?.(event);
              setFocusedId(node.id);
              onSelect(node);
            }}
          >
            <span
              className="tree__twisty"
              aria-hidden="true"
              onClick={(event) => {
                if (!branch) return;
                event.stopPropagation();
                onExpandedChange(node.id, !open);
              }}
            >
              {branch ? <Icon name={open ? 'chevronDown' : 'chevronRight'} size={12} /> : null}
            </span>
            {node.icon && <Icon name={node.icon} className="tree__icon" />}
            <span className="tree__label">{node.label}</span>
            {node.meta && <span className="tree__meta">{node.meta}</span>}
            {rowActions && (
              <span className="tree__actions" onClick={(event) => event.stopPropagation()} onKeyDown={(event) => event.stopPropagation()}>
                {rowActions(node)}
              </span>
            )}
          </div>
        );
      })}
    </div>
  );
}
