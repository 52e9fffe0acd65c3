// Namespaces of a server: the list (react-query, shared by the namespace browser, the palette and
// any pane) and its tree (Kestra namespaces are dot-separated paths: a.b.c lives under a.b).
import { useQuery } from '@tanstack/react-query';
import { call } from './call';
import { kestraKeys } from './query-keys';

export function namespacesQueryOptions(serverId: string) {
  return {
    queryKey: kestraKeys.namespaces(serverId),
    queryFn: ({ signal }: { signal: AbortSignal }) => call('namespaces.list', { serverId }, { signal }),
    staleTime: 30_000,
  };
}

export function useNamespaces(serverId: string | undefined) {
  return useQuery({ ...namespacesQueryOptions(serverId ?? ''), enabled: !!serverId });
}

export interface NamespaceNode {
  /** Full namespace, e.g. "company.team". */
  id: string;
  /** Last segment, e.g. "team". */
  name: string;
  children: NamespaceNode[];
}

/** Builds the namespace tree, adding parents the server did not list; children sorted by name. */
export function buildNamespaceTree(namespaces: readonly string[]): NamespaceNode[] {
  const roots: NamespaceNode[] = [];
  const byId = new Map<string, NamespaceNode>();
  const ensure = (id: string): NamespaceNode => {
    const existing = byId.get(id);
    if (existing) return existing;
    const dot = id.lastIndexOf('.');
    const node: NamespaceNode = { id, name: dot >= 0 ? id.slice(dot + 1) : id, children: [] };
    byId.set(id, node);
    if (dot >= 0) ensure(id.slice(0, dot)).children.push(node);
    else roots.push(node);
    return node;
  };
  for (const namespace of namespaces) {
    const trimmed = namespace.trim();
    if (trimmed && !trimmed.startsWith('.') && !trimmed.endsWith('.') && !trimmed.includes('..')) ensure(trimmed);
  }
  const sort = (nodes: NamespaceNode[]): NamespaceNode[] => {
    nodes.sort((a, b) => compareNames(a.name, b.name));
    nodes.forEach((node) => sort(node.children));
    return nodes;
  };
  return sort(roots);
}

/** "a.b.c" → ["a", "a.b", "a.b.c"]: the ancestors to expand to reveal a namespace. */
export function namespaceAncestors(namespace: string): string[] {
  const parts = namespace.split('.');
  return parts.map((_, index) => parts.slice(0, index + 1).join('.'));
}

/** Kestra's namespace rule: dot-separated segments of letters, digits, '_' and '-'. */
export function isValidNamespace(namespace: string): boolean {
  return /^[a-zA-Z0-9][a-zA-Z0-9_-]*(\.[a-zA-Z0-9][a-zA-Z0-9_-]*)*$/.test(namespace);
}

/**
 * Case-insensitive, then by code unit. Namespace names are ASCII ([a-z0-9._-] on Kestra), so this
 * is the natural order without localeCompare, whose ICU collator costs 15-20 ms to create in a
 * fresh renderer, just when the tree first fills (see formatCount in format.ts).
 */
function compareNames(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  if (x !== y) return x < y ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}
