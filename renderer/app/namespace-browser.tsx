// The namespace tree of a server (from the namespaces API), shared by the Flows, KV and Files
// panes: choosing a namespace here sets it for all of them.
import { useMemo, useState } from 'react';
import type { ServerView } from '../../main/contract/servers';
import { IconButton } from '../components/button';
import { ErrorView } from '../components/error-view';
import { Loading } from '../components/misc';
import { TreeView, type TreeNode } from '../components/tree-view';
import { buildNamespaceTree, namespaceAncestors, useNamespaces, type NamespaceNode } from '../lib/namespaces';
import { useWorkspace } from '../lib/workspace-store';

function toTreeNodes(nodes: NamespaceNode[]): TreeNode[] {
  return nodes.map((node) => ({ id: node.id, label: node.name, title: node.id, icon: 'folder', children: toTreeNodes(node.children) }));
}

export function NamespaceBrowser({ server }: { server: ServerView }) {
  const namespaces = useNamespaces(server.id);
  const selected = useWorkspace((state) => state.tabs[server.id]?.namespace);
  const selectNamespace = useWorkspace((state) => state.selectNamespace);
  const [filter, setFilter] = useState('');
  const [expandedByUser, setExpanded] = useState<Set<string>>(() => new Set(selected ? namespaceAncestors(selected).slice(0, -1) : []));
  // When the selection changes from elsewhere (palette, another pane), reveal it once; the user
  // may collapse it again afterwards.
  const [revealed, setRevealed] = useState(selected);
  if (selected !== revealed) {
    setRevealed(selected);
    if (selected) setExpanded((current) => new Set([...current, ...namespaceAncestors(selected).slice(0, -1)]));
  }

  const visible = useMemo(() => {
    const all = namespaces.data ?? [];
    const needle = filter.trim().toLowerCase();
    return needle ? all.filter((namespace) => namespace.toLowerCase().includes(needle)) : all;
  }, [namespaces.data, filter]);
  const tree = useMemo(() => toTreeNodes(buildNamespaceTree(visible)), [visible]);
  // Filtering expands everything that matched.
  const expanded = useMemo(() => {
    const set = new Set(expandedByUser);
    if (filter.trim()) visible.forEach((namespace) => namespaceAncestors(namespace).forEach((id) => set.add(id)));
    return set;
  }, [expandedByUser, filter, visible]);

  return (
    <section className="ns-browser" aria-label="Namespaces">
      <div className="ns-browser__head">
        <h2>Namespaces</h2>
        <IconButton icon="refresh" size="sm" label="Reload namespaces" busy={namespaces.isFetching} onClick={() => void namespaces.refetch()} />
      </div>
      <input type="search" className="ns-browser__filter" placeholder="Filter namespaces" aria-label="Filter namespaces" value={filter} onChange={(event) => setFilter(event.target.value)} />
      <button
        type="button"
        className={`ns-browser__all${selected === undefined ? ' ns-browser__all--selected' : ''}`}
        aria-pressed={selected === undefined}
        onClick={() => selectNamespace(server.id, undefined)}
      >
        All namespaces
      </button>
      <div className="ns-browser__tree">
        {namespaces.isPending && <Loading label="Loading namespaces…" />}
        {namespaces.error && !namespaces.data && <ErrorView error={namespaces.error} serverId={server.id} compact onRetry={() => void namespaces.refetch()} />}
        {namespaces.data && tree.length === 0 && <p className="ns-browser__empty">{filter ? 'No namespace matches.' : 'No namespaces yet. Create a flow to start one.'}</p>}
        {tree.length > 0 && (
          <TreeView
            label="Namespace tree"
            nodes={tree}
            expanded={expanded}
            onExpandedChange={(id, open) =>
              setExpanded((current) => {
                const next = new Set(current);
                if (open) next.add(id);
                else next.delete(id);
                return next;
              })
            }
            selectedId={selected}
            onSelect={(node) => selectNamespace(server.id, node.id)}
          />
        )}
      </div>
    </section>
  );
}
