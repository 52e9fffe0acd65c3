// Flow YAML as text: read its id and namespace without rewriting it (the user's text is saved
// verbatim), make templates and duplicates by editing single lines, and name Monaco models.
import { parseDocument } from 'yaml';

export interface FlowIdentity {
  id?: string;
  namespace?: string;
}

const TOP_LEVEL = (key: string): RegExp => new RegExp(`^${key}:[ \\t]*(["']?)([^"'#\\r\\n]*?)\\1[ \\t]*(#.*)?$`, 'm');

/**
 * The flow's id and namespace from its top-level keys. A cheap line scan first (works on invalid
 * YAML while typing), the YAML parser when the scan finds nothing.
 */
export function readFlowIdentity(source: string): FlowIdentity {
  const id = TOP_LEVEL('id').exec(source)?.[2]?.trim();
  const namespace = TOP_LEVEL('namespace').exec(source)?.[2]?.trim();
  if (id !== undefined && namespace !== undefined) return { id: id || undefined, namespace: namespace || undefined };
  try {
    const document = parseDocument(source, { uniqueKeys: false });
    const value = document.toJS({ maxAliasCount: 100 }) as Record<string, unknown> | null;
    if (!value || typeof value !== 'object') return {};
    return {
      id: typeof value.id === 'string' ? value.id : id || undefined,
      namespace: typeof value.namespace === 'string' ? value.namespace : namespace || undefined,
    };
  } catch {
    return { id: id || undefined, namespace: namespace || undefined };
  }
}

/** Replaces the value of a top-level scalar key on its own line, keeping everything else. */
export function replaceTopLevelValue(source: string, key: 'id' | 'namespace', value: string): string {
  const pattern = TOP_LEVEL(key);
  if (pattern.test(source)) return source.replace(pattern, (_line, _quote, _old, comment: string | undefined) => `${key}: ${value}${comment ? ` ${comment}` : ''}`);
  return `${key}: ${value}\n${source}`;
}

export const FLOW_ID_PATTERN = /^[a-zA-Z0-9][a-zA-Z0-9._-]*$/;

/** A free id based on `base`: base, base_2, base_3… */
export function uniqueFlowId(base: string, taken: Iterable<string>): string {
  const used = new Set(taken);
  if (!used.has(base)) return base;
  for (let n = 2; ; n += 1) if (!used.has(`${base}_${n}`)) return `${base}_${n}`;
}

export function newFlowTemplate(id: string, namespace: string): string {
  return `id: ${id}
namespace: ${namespace}

tasks:
  - id: hello
    type: io.kestra.plugin.core.log.Log
    message: Hello from {{ flow.id }}
`;
}

/** The source of a copy: the same text with another id (and optionally namespace). */
export function duplicateFlowSource(source: string, newId: string, newNamespace?: string): string {
  const renamed = replaceTopLevelValue(source, 'id', newId);
  return newNamespace ? replaceTopLevelValue(renamed, 'namespace', newNamespace) : renamed;
}

/** Document keys: saved flows by namespace and id, drafts by number. */
export function flowKey(namespace: string, id: string): string {
  return `flow:${namespace}/${id}`;
}

export function draftKey(n: number): string {
  return `draft:${n}`;
}

/** A path segment safe in a URI and a glob (server ids are opaque strings). */
export function uriSegment(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*%]/g, '_');
}

/** The Monaco model URI of a flow document; monaco-yaml's schema for the server matches its folder. */
export function flowModelPath(serverId: string, key: string): string {
  const [kind, rest = ''] = key.split(/:(.*)/s);
  const file = kind === 'draft' ? `_drafts/draft-${uriSegment(rest)}.yaml` : `${rest.split('/').map(uriSegment).join('/')}.yaml`;
  return `file:///kestra/${uriSegment(serverId)}/flows/${file}`;
}

/** The glob (for monaco-yaml's fileMatch) that covers every flow model of a server. */
export function flowModelGlob(serverId: string): string {
  return `kestra/${uriSegment(serverId)}/flows/**`;
}
