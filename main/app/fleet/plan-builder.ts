// The promotion plan from what was read on both servers: per flow new / changed / identical, the
// subflows it calls (written first), the namespace files and KV keys it needs with their state on
// the target, the secrets it uses, and the problems found before anything is written (cycles,
// subflows missing on both servers, names computed at run time, flows that do not parse).
// Pure: promotion-plan.ts does the reading, this decides.
import { createHash } from 'node:crypto';
import { parse as parseYaml } from 'yaml';
import type { FilePlanItem, FlowPlanItem, KvPlanItem, PlanItem, PlanProblem, PromotionSelection } from '../../contract/fleet';
import type { KvType } from '../../contract/kestra-model';
import { flowReferences, selectedByGlobs, type FlowReferences } from './flow-references';

export interface FlowSource {
  namespace: string;
  id: string;
  source: string;
}

export interface TargetFlow {
  revision: number;
  source: string;
}

export interface FileEntry {
  path: string;
  size: number;
  lastModified: number;
}

export interface KvState {
  /** Known when it was read (a key listed but not read has no type here). */
  type?: KvType;
}

export interface PlanInputs {
  selection: PromotionSelection;
  /** The selected flows and the subflows followed from them, as read on the source. */
  sourceFlows: FlowSource[];
  /** The target's copy of every flow key (`ns/id`) looked up there. */
  targetFlows: Map<string, TargetFlow>;
  /** Source and target files by namespace (only namespaces the plan touches). */
  sourceFiles: Map<string, FileEntry[]>;
  targetFiles: Map<string, FileEntry[]>;
  /** `ns:/path` of same-size files whose bytes were compared: true when identical. */
  sameContent: Map<string, boolean>;
  /** KV keys by namespace. */
  sourceKv: Map<string, Map<string, KvState>>;
  targetKv: Map<string, Map<string, KvState>>;
  /** Keys missing in their namespace on the target but visible there from a parent namespace. */
  targetInherited?: Map<string, { namespace: string; type?: KvType }>;
}

export const flowKey = (namespace: string, id: string): string => `flow:${namespace}/${id}`;
export const fileKey = (namespace: string, path: string): string => `file:${namespace}:${path}`;
export const kvKey = (namespace: string, key: string): string => `kv:${namespace}/${key}`;
const plainFlow = (key: string): string => key.slice('flow:'.length).replace('/', '.');

/** Flow sources compare equal when only line endings or trailing blanks differ (Kestra keeps them verbatim). */
export function normaliseSource(source: string): string {
  return source.replace(/\r\n?/g, '\n').replace(/[ \t]+$/gm, '').replace(/\n+$/, '');
}

export function sourceHash(source: string): string {
  return createHash('sha256').update(normaliseSource(source)).digest('hex');
}

export interface ParsedFlow extends FlowSource {
  document?: unknown;
  error?: string;
  refs: FlowReferences;
}

export function parseFlow(flow: FlowSource): ParsedFlow {
  const empty: FlowReferences = { subflows: [], kv: [], secrets: [], files: [], fileGlobs: [], dynamic: [] };
  try {
    const document = parseYaml(flow.source, { maxAliasCount: 100 }) as unknown;
    return { ...flow, document, refs: flowReferences(document, flow.namespace) };
  } catch (error) {
    return { ...flow, error: error instanceof Error ? error.message.split('\n')[0] : String(error), refs: empty };
  }
}

/** Tarjan's strongly connected components; returns the components in reverse topological order (dependencies first). */
export function stronglyConnected(nodes: readonly string[], edges: (node: string) => readonly string[]): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const out: string[][] = [];
  let counter = 0;
  // Iterative, so a long chain of subflows cannot overflow the call stack.
  for (const root of nodes) {
    if (index.has(root)) continue;
    const work: { node: string; next: number }[] = [{ node: root, next: 0 }];
    index.set(root, counter);
    low.set(root, counter);
    counter += 1;
    stack.push(root);
    onStack.add(root);
    while (work.length > 0) {
      const frame = work[work.length - 1]!;
      const targets = edges(frame.node);
      if (frame.next < targets.length) {
        const target = targets[frame.next]!;
        frame.next += 1;
        if (!index.has(target)) {
          index.set(target, counter);
          low.set(target, counter);
          counter += 1;
          stack.push(target);
          onStack.add(target);
          work.push({ node: target, next: 0 });
        } else if (onStack.has(target)) {
          low.set(frame.node, Math.min(low.get(frame.node)!, index.get(target)!));
        }
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.node, Math.min(low.get(parent.node)!, low.get(frame.node)!));
      if (low.get(frame.node) === index.get(frame.node)) {
        const component: string[] = [];
        let member: string;
        do {
          member = stack.pop()!;
          onStack.delete(member);
          component.push(member);
        } while (member !== frame.node);
        out.push(component.sort());
      }
    }
  }
  return out;
}

function fileStatus(inputs: PlanInputs, namespace: string, source: FileEntry, target: FileEntry | undefined): FilePlanItem['status'] {
  if (!target) return 'new';
  if (target.size !== source.size) return 'changed';
  return inputs.sameContent.get(fileKey(namespace, source.path)) === true ? 'identical' : 'changed';
}

/** Files of the source the plan takes: all of a promoted namespace, or those the selected flows read. */
export function filesNeeded(selection: PromotionSelection, flows: readonly ParsedFlow[], sourceFiles: Map<string, FileEntry[]>): Map<string, { entry: FileEntry; reasons: string[] }> {
  const needed = new Map<string, { entry: FileEntry; reasons: string[] }>();
  const take = (namespace: string, entry: FileEntry, reason: string): void => {
    const key = fileKey(namespace, entry.path);
    const existing = needed.get(key);
    if (existing) {
      if (!existing.reasons.includes(reason)) existing.reasons.push(reason);
    } else needed.set(key, { entry, reasons: [reason] });
  };
  if (selection.kind === 'namespace') {
    for (const entry of sourceFiles.get(selection.namespace) ?? []) take(selection.namespace, entry, `in namespace ${selection.namespace}`);
  }
  for (const flow of flows) {
    const reader = `read by ${flow.namespace}.${flow.id}`;
    for (const file of flow.refs.files) {
      const entry = (sourceFiles.get(file.namespace) ?? []).find((candidate) => candidate.path === file.path);
      if (entry) take(file.namespace, entry, reader);
    }
    for (const globs of flow.refs.fileGlobs) {
      for (const entry of sourceFiles.get(globs.namespace) ?? []) if (selectedByGlobs(globs, entry.path)) take(globs.namespace, entry, reader);
    }
  }
  return needed;
}

export interface BuiltPlan {
  items: PlanItem[];
  secrets: { name: string; usedBy: string[] }[];
  problems: PlanProblem[];
}

export function buildPlan(inputs: PlanInputs): BuiltPlan {
  const problems: PlanProblem[] = [];
  const flows = inputs.sourceFlows.map(parseFlow);
  const byKey = new Map(flows.map((flow) => [flowKey(flow.namespace, flow.id), flow]));
  const selected = new Set(
    flows
      .filter((flow) => flow.namespace === inputs.selection.namespace && (inputs.selection.kind === 'namespace' || inputs.selection.flowIds.includes(flow.id)))
      .map((flow) => flowKey(flow.namespace, flow.id)),
  );

  // Why each flow is in the plan: selected, or called by one that is.
  const reasons = new Map<string, string[]>();
  for (const key of selected) reasons.set(key, [inputs.selection.kind === 'namespace' ? `in namespace ${inputs.selection.namespace}` : 'selected']);
  for (const flow of flows) {
    const caller = flowKey(flow.namespace, flow.id);
    for (const sub of flow.refs.subflows) {
      const key = flowKey(sub.namespace, sub.flowId);
      if (!byKey.has(key) || key === caller) continue;
      const list = reasons.get(key) ?? [];
      const why = `subflow of ${flow.namespace}.${flow.id}`;
      if (!list.includes(why)) list.push(why);
      reasons.set(key, list);
    }
  }

  // Subflows: in the plan, on the target only (fine, not copied), or on neither (a problem now,
  // not a failed execution later).
  const edges = new Map<string, string[]>();
  for (const flow of flows) {
    const key = flowKey(flow.namespace, flow.id);
    const deps: string[] = [];
    for (const sub of flow.refs.subflows) {
      const dep = flowKey(sub.namespace, sub.flowId);
      if (byKey.has(dep)) {
        if (!deps.includes(dep)) deps.push(dep);
      } else if (inputs.targetFlows.has(`${sub.namespace}/${sub.flowId}`)) {
        problems.push({
          kind: 'target-only-subflow',
          message: `${flow.namespace}.${flow.id} calls ${sub.namespace}.${sub.flowId}, which the source does not have; the target's copy is kept.`,
          items: [key, dep],
        });
      } else {
        problems.push({
          kind: 'missing-subflow',
          message: `${flow.namespace}.${flow.id} calls ${sub.namespace}.${sub.flowId}${sub.taskId ? ` (task ${sub.taskId})` : ''}, which exists on neither server: its executions would fail.`,
          items: [key, dep],
        });
      }
    }
    edges.set(key, deps);
    if (flow.error) problems.push({ kind: 'invalid-flow', message: `${flow.namespace}.${flow.id} is not valid YAML: ${flow.error}`, items: [key] });
    for (const dynamic of flow.refs.dynamic) {
      problems.push({ kind: 'dynamic-reference', message: `${flow.namespace}.${flow.id}: ${dynamic} is computed at run time; the plan cannot follow it.`, items: [key] });
    }
  }

  const components = stronglyConnected([...byKey.keys()].sort(), (node) => edges.get(node) ?? []);
  for (const component of components) {
    const selfLoop = component.length === 1 && (edges.get(component[0]!) ?? []).includes(component[0]!);
    if (component.length > 1 || selfLoop) {
      problems.push({
        kind: 'cycle',
        message: `These flows call each other in a cycle: ${component.map(plainFlow).join(' → ')}${component.length > 1 ? ` → ${plainFlow(component[0]!)}` : ''}. They are written in this order; an execution of any of them may never end.`,
        items: component,
      });
    }
  }

  const flowItems: FlowPlanItem[] = components.flat().map((key) => {
    const flow = byKey.get(key)!;
    const hash = sourceHash(flow.source);
    const target = inputs.targetFlows.get(`${flow.namespace}/${flow.id}`);
    const targetHash = target ? sourceHash(target.source) : undefined;
    return {
      kind: 'flow',
      key,
      namespace: flow.namespace,
      id: flow.id,
      reasons: reasons.get(key) ?? [],
      status: !target ? 'new' : targetHash === hash ? 'identical' : 'changed',
      source: flow.source,
      sourceHash: hash,
      ...(target ? { target: { revision: target.revision, hash: targetHash!, source: target.source } } : {}),
      dependsOn: (edges.get(key) ?? []).filter((dep) => dep !== key),
    };
  });

  const fileItems: FilePlanItem[] = [...filesNeeded(inputs.selection, flows, inputs.sourceFiles)]
    .map(([key, { entry, reasons: why }]) => {
      const namespace = key.slice('file:'.length, key.indexOf(':', 'file:'.length));
      const target = (inputs.targetFiles.get(namespace) ?? []).find((candidate) => candidate.path === entry.path);
      return {
        kind: 'file' as const,
        key,
        namespace,
        path: entry.path,
        reasons: why,
        status: fileStatus(inputs, namespace, entry, target),
        size: entry.size,
        lastModified: entry.lastModified,
        ...(target ? { target: { size: target.size, lastModified: target.lastModified } } : {}),
      };
    })
    .sort((a, b) => a.key.localeCompare(b.key));

  // KV keys the flows name, and (for a whole namespace) every key of it; values are copied only
  // when ticked, so each item just says where the target stands.
  const kvUse = new Map<string, { namespace: string; key: string; usedBy: string[]; reasons: string[] }>();
  const useKv = (namespace: string, key: string, usedBy: string | undefined, reason: string): void => {
    const id = kvKey(namespace, key);
    const entry = kvUse.get(id) ?? { namespace, key, usedBy: [], reasons: [] };
    if (usedBy && !entry.usedBy.includes(usedBy)) entry.usedBy.push(usedBy);
    if (!entry.reasons.includes(reason)) entry.reasons.push(reason);
    kvUse.set(id, entry);
  };
  if (inputs.selection.kind === 'namespace') {
    for (const key of inputs.sourceKv.get(inputs.selection.namespace)?.keys() ?? []) useKv(inputs.selection.namespace, key, undefined, `in namespace ${inputs.selection.namespace}`);
  }
  for (const flow of flows) {
    for (const ref of flow.refs.kv) useKv(ref.namespace, ref.key, flowKey(flow.namespace, flow.id), `named by ${flow.namespace}.${flow.id} (${ref.via})`);
  }
  const kvItems: KvPlanItem[] = [...kvUse.entries()]
    .map(([key, use]) => {
      const source = inputs.sourceKv.get(use.namespace)?.get(use.key);
      const own = inputs.targetKv.get(use.namespace)?.get(use.key);
      const inherited = own ? undefined : inputs.targetInherited?.get(key);
      const target = own ? { type: own.type } : inherited ? { type: inherited.type, inheritedFrom: inherited.namespace } : undefined;
      const status: KvPlanItem['status'] = !source && !target ? 'missing-on-both' : !target ? 'missing' : source?.type && target.type && source.type !== target.type ? 'type-differs' : 'present';
      if (status === 'missing-on-both') {
        problems.push({ kind: 'missing-kv', message: `KV key ${use.key} (namespace ${use.namespace}) is named by ${use.usedBy.map(plainFlow).join(', ')} but exists on neither server.`, items: [key, ...use.usedBy] });
      }
      return {
        kind: 'kv' as const,
        key,
        namespace: use.namespace,
        kvKey: use.key,
        reasons: use.reasons,
        ...(source ? { source: source.type ? { type: source.type } : {} } : {}),
        status,
        ...(target ? { target: { ...(target.type ? { type: target.type } : {}), ...(target.inheritedFrom ? { inheritedFrom: target.inheritedFrom } : {}) } } : {}),
        usedBy: use.usedBy,
      };
    })
    .sort((a, b) => a.key.localeCompare(b.key));

  const secrets = new Map<string, string[]>();
  for (const flow of flows) {
    for (const name of flow.refs.secrets) secrets.set(name, [...(secrets.get(name) ?? []), flowKey(flow.namespace, flow.id)]);
  }

  return {
    // Write order: what flows read first (files, KV), then flows with subflows before their callers.
    items: [...fileItems, ...kvItems, ...flowItems],
    secrets: [...secrets.entries()].map(([name, usedBy]) => ({ name, usedBy })).sort((a, b) => a.name.localeCompare(b.name)),
    problems,
  };
}
