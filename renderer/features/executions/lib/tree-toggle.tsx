// The expand/collapse chevron of a tree row (Gantt rows, output trees), or a spacer of the same
// width for a row without children, so labels stay aligned.
import { Icon } from '../../../components/icons';
import './tree-toggle.css';

export function TreeToggle({ expanded, hasChildren, label, onToggle, focusable = true }: { expanded: boolean; hasChildren: boolean; label: string; onToggle(): void; focusable?: boolean }) {
  if (!hasChildren) return <span className="tree-toggle tree-toggle--space" />;
  return (
    <button
      type="button"
      className="tree-toggle"
      // Rows that handle the arrow keys themselves keep the button out of the tab order.
      tabIndex={focusable ? undefined : -1}
      aria-label={`${expanded ? 'Collapse' : 'Expand'} ${label}`}
      onClick={(event) => {
        event.stopPropagation();
        onToggle();
      }}
    >
      <Icon name={expanded ? 'chevronDown' : 'chevronRight'} />
    </button>
  );
}
