// The execution's flow as a graph: one node per task, edges in execution order (sequences chain,
// Parallel fans out, If/Switch branch, Dag follows dependsOn, errors and finally hang off their
// owner), each node coloured by the state of its task runs. Laid out left to right with dagre.
//
// When the flow revision cannot be read (deleted flow, no permission), the graph is rebuilt from
// the task runs alone (parent → child), so the tab still shows something true.
import dagre from '@dagrejs/dagre';
import type { StateType, TaskRun, TaskSummary } from '../../../../main/contract/kestra-model';
import { worstState } from '../model/execution-state';

export interface TopologyNode {
  id: string;
  taskId: string;
  /** Short plugin name (after the last dot). */
  type: string;
  fullType: string;
  flowable: boolean;
  state?: StateType;
  runCount: number;
  disabled: boolean;
  x: number;
  y: number;
  width: number;
  height: number;
}

export type EdgeKind = 'next' | 'branch' | 'error' | 'finally';

export interface TopologyEdge {
  id: string;
  source: string;
  target: string;
  kind: EdgeKind;
  label?: string;
}

export interface TopologyGraph {
  nodes: TopologyNode[];
  edges: TopologyEdge[];
  width: number;
  height: number;
  /** 'flow' when built from the flow definition, 'runs' when from task runs only. */
  source: 'flow' | 'runs';
}

export const NODE_WIDTH = 190;
export const NODE_HEIGHT = 52;

interface Exits {
  entry: string[];
  exits: string[];
}

function isTaskList(value: unknown): value is TaskSummary[] {
  return (
    Array.isArray(value) &&
    value.every((t) => t && typeof t === 'object' && typeof (t as TaskSummary).id === 'string' && typeof (t as TaskSummary).type === 'string')
  );
}

function shortType(type: string): string {
  return type.slice(type.lastIndexOf('.') + 1);
}

const PARALLEL_TYPES = /(^|\.)(Parallel|EachParallel)$/;

function runsInParallel(task: TaskSummary): boolean {
  if (PARALLEL_TYPES.test(task.type)) return true;
  // ForEach runs iterations one at a time only with concurrencyLimit 1 (its default); the children
  // of one iteration always run in order.
  return false;
}

/** Builds nodes and edges (without positions) from the flow's task tree. */
export function graphFromFlow(
  flow: { tasks?: TaskSummary[]; errors?: TaskSummary[]; finally?: TaskSummary[] },
  taskRuns: readonly TaskRun[],
): { nodes: TopologyNode[]; edges: TopologyEdge[] } {
  const statesByTask = new Map<string, StateType[]>();
  for (const run of taskRuns) {
    let list = statesByTask.get(run.taskId);
    if (!list) statesByTask.set(run.taskId, (list = []));
    list.push(run.state.current);
  }
  const nodes: TopologyNode[] = [];
  const edges: TopologyEdge[] = [];
  const seen = new Set<string>();
  const link = (sources: string[], targets: string[], kind: EdgeKind, label?: string): void => {
    for (const s of sources)
      for (const t of targets) {
        const id = `${s}->${t}:${kind}`;
        if (s === t || seen.has(id)) continue;
        seen.add(id);
        edges.push(label ? { id, source: s, target: t, kind, label } : { id, source: s, target: t, kind });
      }
  };

  const addNode = (task: TaskSummary, flowable: boolean): string => {
    const states = statesByTask.get(task.id) ?? [];
    const node: TopologyNode = {
      id: task.id,
      taskId: task.id,
      type: shortType(task.type),
      fullType: task.type,
      flowable,
      runCount: states.length,
      disabled: task.disabled === true,
      x: 0,
      y: 0,
      width: NODE_WIDTH,
      height: NODE_HEIGHT,
    };
    const state = worstState(states);
    if (state) node.state = state;
    nodes.push(node);
    return node.id;
  };

  /** Lays out a list run in order; returns its entry and exit nodes. */
  const sequence = (tasks: TaskSummary[]): Exits => {
    let entry: string[] = [];
    let exits: string[] = [];
    for (const task of tasks) {
      const part = taskGraph(task);
      if (entry.length === 0) entry = part.entry;
      else link(exits, part.entry, 'next');
      exits = part.exits;
    }
    return { entry, exits };
  };

  const taskGraph = (task: TaskSummary): Exits => {
    const childLists = Object.entries(task).filter(([key, value]) => key !== 'errors' && key !== 'finally' && isTaskList(value)) as [string, TaskSummary[]][];
    const cases =
      task.cases && typeof task.cases === 'object' && !Array.isArray(task.cases)
        ? Object.entries(task.cases as Record<string, unknown>).filter(([, v]) => isTaskList(v))
        : [];
    const dagTasks =
      Array.isArray(task.tasks) && task.tasks.every((t) => t && typeof t === 'object' && 'task' in (t as object))
        ? (task.tasks as { task: TaskSummary; dependsOn?: string[] }[])
        : null;
    const flowable = childLists.length > 0 || cases.length > 0 || dagTasks !== null;
    const id = addNode(task, flowable);
    let exits: string[] = [id];
    if (dagTasks) {
      const parts = new Map<string, Exits>();
      const dependedOn = new Set<string>();
      for (const item of dagTasks) if (item.task && typeof item.task.id === 'string') parts.set(item.task.id, taskGraph(item.task));
      for (const item of dagTasks) {
        const part = item.task ? parts.get(item.task.id) : undefined;
        if (!part) continue;
        const deps = (item.dependsOn ?? []).filter((d) => parts.has(d));
        if (deps.length === 0) link([id], part.entry, 'next');
        for (const d of deps) {
          dependedOn.add(d);
          link(parts.get(d)!.exits, part.entry, 'next');
        }
      }
      exits = [...parts.entries()].filter(([taskId]) => !dependedOn.has(taskId)).flatMap(([, p]) => p.exits);
    } else if (cases.length > 0 || (childLists.length > 0 && !(childLists.length === 1 && childLists[0]![0] === 'tasks'))) {
      // Branching: If (then/else), Switch (cases/defaults), or any flowable with several lists.
      const branches: [string, TaskSummary[]][] = [...childLists, ...(cases as [string, TaskSummary[]][])];
      exits = [];
      for (const [label, list] of branches) {
        const part = sequence(list);
        if (part.entry.length === 0) {
          exits.push(id);
          continue;
        }
        link([id], part.entry, 'branch', label);
        exits.push(...part.exits);
      }
      // An If without else, or a Switch without defaults, may skip every branch.
      const skippable =
        (/(^|\.)If$/.test(task.type) && !childLists.some(([k]) => k === 'else')) || (cases.length > 0 && !childLists.some(([k]) => k === 'defaults'));
      if (skippable || exits.length === 0) exits.push(id);
    } else if (childLists.length === 1) {
      const list = childLists[0]![1];
      if (runsInParallel(task)) {
        exits = [];
        for (const child of list) {
          const part = taskGraph(child);
          link([id], part.entry, 'next');
          exits.push(...part.exits);
        }
        if (exits.length === 0) exits = [id];
      } else {
        const part = sequence(list);
        if (part.entry.length > 0) {
          link([id], part.entry, 'next');
          exits = part.exits;
        }
      }
    }
    if (isTaskList(task.errors) && task.errors.length > 0) {
      const part = sequence(task.errors);
      link([id], part.entry, 'error', 'on error');
    }
    if (isTaskList(task.finally) && task.finally.length > 0) {
      const part = sequence(task.finally);
      link(exits, part.entry, 'finally', 'finally');
      exits = part.exits;
    }
    return { entry: [id], exits };
  };

  const main = sequence(flow.tasks ?? []);
  if (flow.errors?.length) {
    const part = sequence(flow.errors);
    // Flow-level errors run after whichever task failed: draw them from the first task.
    link(main.entry.length ? main.entry : [], part.entry, 'error', 'on error');
  }
  if (flow.finally?.length) {
    const part = sequence(flow.finally);
    link(main.exits, part.entry, 'finally', 'finally');
  }
  return { nodes, edges };
}

/** Nodes and edges from task runs only (parent → child, roots chained in order). */
export function graphFromRuns(taskRuns: readonly TaskRun[]): { nodes: TopologyNode[]; edges: TopologyEdge[] } {
  const byTask = new Map<string, TaskRun[]>();
  const taskOfRun = new Map<string, string>();
  for (const run of taskRuns) {
    taskOfRun.set(run.id, run.taskId);
    let list = byTask.get(run.taskId);
    if (!list) byTask.set(run.taskId, (list = []));
    list.push(run);
  }
  const nodes: TopologyNode[] = [];
  const edges: TopologyEdge[] = [];
  const seen = new Set<string>();
  const parents = new Set<string>();
  for (const run of taskRuns) if (run.parentTaskRunId) parents.add(taskOfRun.get(run.parentTaskRunId) ?? '');
  for (const [taskId, runs] of byTask) {
    const node: TopologyNode = {
      id: taskId,
      taskId,
      type: '',
      fullType: '',
      flowable: parents.has(taskId),
      runCount: runs.length,
      disabled: false,
      x: 0,
      y: 0,
      width: NODE_WIDTH,
      height: NODE_HEIGHT,
    };
    const state = worstState(runs.map((r) => r.state.current));
    if (state) node.state = state;
    nodes.push(node);
  }
  const add = (source: string, target: string): void => {
    const id = `${source}->${target}:next`;
    if (source === target || seen.has(id)) return;
    seen.add(id);
    edges.push({ id, source, target, kind: 'next' });
  };
  let previousRoot: string | undefined;
  for (const run of taskRuns) {
    const parentTask = run.parentTaskRunId ? taskOfRun.get(run.parentTaskRunId) : undefined;
    if (parentTask) add(parentTask, run.taskId);
    else {
      if (previousRoot && previousRoot !== run.taskId) add(previousRoot, run.taskId);
      previousRoot = run.taskId;
    }
  }
  return { nodes, edges };
}

/** Positions nodes left to right with dagre. */
export function layoutGraph(
  graph: { nodes: TopologyNode[]; edges: TopologyEdge[] },
  source: TopologyGraph['source'],
  direction: 'LR' | 'TB' = 'LR',
): TopologyGraph {
  const g = new dagre.graphlib.Graph({ multigraph: false });
  g.setGraph({ rankdir: direction, nodesep: 24, ranksep: 56, marginx: 16, marginy: 16 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const node of graph.nodes) g.setNode(node.id, { width: node.width, height: node.height });
  for (const edge of graph.edges) g.setEdge(edge.source, edge.target);
  dagre.layout(g);
  const nodes = graph.nodes.map((node) => {
    const placed = g.node(node.id) as { x: number; y: number } | undefined;
    // dagre gives centres; xyflow wants top-left corners.
    return placed ? { ...node, x: placed.x - node.width / 2, y: placed.y - node.height / 2 } : node;
  });
  const size = g.graph() as { width?: number; height?: number };
  return { nodes, edges: graph.edges, width: size.width ?? 0, height: size.height ?? 0, source };
}

export function buildTopology(
  flow: { tasks?: TaskSummary[]; errors?: TaskSummary[]; finally?: TaskSummary[] } | undefined,
  taskRuns: readonly TaskRun[],
): TopologyGraph {
  if (flow?.tasks && flow.tasks.length > 0) return layoutGraph(graphFromFlow(flow, taskRuns), 'flow');
  return layoutGraph(graphFromRuns(taskRuns), 'runs');
}
