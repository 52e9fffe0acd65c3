// Outputs as a tree: the flow's outputs, then each task run's outputs (ForEach iterations labelled
// with their value), down to every nested value. Strings holding a `kestra:///…` URI are files that
// can be previewed and downloaded. The tree is flattened to the rows currently expanded so a big
// execution renders as a virtual list. Kestra 2.x serves outputs apart from the execution: then
// each task run's group starts collapsed and its outputs are loaded when it is opened.
import type { Execution } from '../../../../main/contract/kestra-model';

export type OutputKind = 'group' | 'object' | 'array' | 'file' | 'string' | 'number' | 'boolean' | 'null' | 'status';

export interface OutputNode {
  key: string;
  depth: number;
  label: string;
  kind: OutputKind;
  /** One-line preview of the value. */
  preview: string;
  /** For files. */
  uri?: string;
  childCount: number;
  expanded: boolean;
  taskRunId?: string;
  /** The value itself (for the details panel and copy). */
  value: unknown;
}

const FILE_URI = /^kestra:\/\/\/\S+$/;

export function isOutputFile(value: unknown): value is string {
  return typeof value === 'string' && FILE_URI.test(value);
}

/** File name at the end of a kestra:/// URI. */
export function fileNameOf(uri: string): string {
  const path = uri.replace(/^kestra:\/\/\//, '');
  const name = path.slice(path.lastIndexOf('/') + 1);
  try {
    return decodeURIComponent(name) || 'output';
  } catch {
    return name || 'output';
  }
}

function kindOf(value: unknown): OutputKind {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return 'array';
  if (isOutputFile(value)) return 'file';
  switch (typeof value) {
    case 'string':
      return 'string';
    case 'number':
    case 'bigint':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'object':
      return 'object';
    default:
      return 'string';
  }
}

export function previewOf(value: unknown, max = 160): string {
  const kind = kindOf(value);
  let text: string;
  if (kind === 'object') text = `{${Object.keys(value as object).length} keys}`;
  else if (kind === 'array') text = `[${(value as unknown[]).length} items]`;
  else if (kind === 'null') text = 'null';
  else if (kind === 'string') text = JSON.stringify(value);
  else text = String(value);
  const oneLine = text.replace(/\s+/g, ' ');
  return oneLine.length > max ? `${oneLine.slice(0, max - 1)}…` : oneLine;
}

function childrenOf(value: unknown): [string, unknown][] {
  if (Array.isArray(value)) return value.map((v, i) => [String(i), v]);
  if (value && typeof value === 'object') return Object.entries(value as Record<string, unknown>);
  return [];
}

/** Outputs loaded on demand (2.x). */
export type LoadState = { status: 'loading' } | { status: 'error'; message: string } | { status: 'loaded'; outputs: Record<string, unknown> };

/** What is known of outputs a server serves apart from the execution (2.x). */
export interface ServedApart {
  /** The flow's outputs (inline ones on the execution win when present). */
  flow?: LoadState;
  /** Task runs known to have outputs; null when the server does not say (every task run is listed). */
  withOutputs: ReadonlySet<string> | null;
  /** Loaded (or loading) task runs, by id. */
  taskRuns: ReadonlyMap<string, LoadState>;
}

export interface OutputsOptions {
  /** Keys the user expanded or collapsed (toggles the default). */
  toggled: ReadonlySet<string>;
  /** Only show branches whose label or value matches (case-insensitive). */
  filter?: string;
}

/** Flattens the visible part of the outputs tree. Groups start expanded, values collapsed. */
export function flattenOutputs(execution: Pick<Execution, 'outputs' | 'taskRunList'>, options: OutputsOptions, apart?: ServedApart): OutputNode[] {
  const rows: OutputNode[] = [];
  const filter = options.filter?.trim().toLowerCase() ?? '';
  const matches = (label: string, value: unknown, depthLeft = 6): boolean => {
    if (!filter) return true;
    if (label.toLowerCase().includes(filter)) return true;
    const kind = kindOf(value);
    if (kind === 'object' || kind === 'array') {
      if (depthLeft === 0) return false;
      return childrenOf(value).some(([k, v]) => matches(k, v, depthLeft - 1));
    }
    return previewOf(value, 10_000).toLowerCase().includes(filter);
  };

  const addValue = (key: string, label: string, value: unknown, depth: number, taskRunId?: string): void => {
    if (!matches(label, value)) return;
    const kind = kindOf(value);
    const kids = kind === 'object' || kind === 'array' ? childrenOf(value) : [];
    // With a filter, open everything that matches so the hits are visible.
    const expanded = kids.length > 0 && (filter ? !options.toggled.has(key) : options.toggled.has(key));
    const node: OutputNode = { key, depth, label, kind, preview: previewOf(value), childCount: kids.length, expanded, value };
    if (kind === 'file') node.uri = value as string;
    if (taskRunId) node.taskRunId = taskRunId;
    rows.push(node);
    if (expanded) for (const [k, v] of kids) addValue(`${key}/${k}`, k, v, depth + 1, taskRunId);
  };

  const addGroup = (key: string, label: string, entries: Record<string, unknown>, taskRunId?: string): void => {
    const kids = Object.entries(entries);
    if (kids.length === 0) return;
    if (filter && !label.toLowerCase().includes(filter) && !kids.some(([k, v]) => matches(k, v))) return;
    const expanded = !options.toggled.has(key);
    const node: OutputNode = { key, depth: 0, label, kind: 'group', preview: `${kids.length} output${kids.length === 1 ? '' : 's'}`, childCount: kids.length, expanded, value: entries };
    if (taskRunId) node.taskRunId = taskRunId;
    rows.push(node);
    if (expanded) for (const [k, v] of kids) addValue(`${key}/${k}`, k, v, 1, taskRunId);
  };

  const addStatus = (key: string, label: string, depth: number, taskRunId?: string): void => {
    rows.push({ key, depth, label, kind: 'status', preview: '', childCount: 0, expanded: false, value: null, ...(taskRunId ? { taskRunId } : {}) });
  };

  /** A group whose entries are loaded on demand: collapsed until opened, then its state shows. */
  const addLazyGroup = (key: string, label: string, state: LoadState | undefined, taskRunId?: string): void => {
    const loaded = state?.status === 'loaded' ? state.outputs : undefined;
    if (filter && !label.toLowerCase().includes(filter) && !(loaded && Object.entries(loaded).some(([k, v]) => matches(k, v)))) return;
    const expanded = filter && loaded ? !options.toggled.has(key) : options.toggled.has(key);
    const count = loaded ? Object.keys(loaded).length : undefined;
    const preview = count === undefined ? (state?.status === 'error' ? 'could not load' : 'open to load') : count === 0 ? 'no outputs' : `${count} output${count === 1 ? '' : 's'}`;
    rows.push({ key, depth: 0, label, kind: 'group', preview, childCount: count ?? 1, expanded, value: loaded ?? null, ...(taskRunId ? { taskRunId } : {}) });
    if (!expanded) return;
    if (!state || state.status === 'loading') addStatus(`${key}/…`, 'Loading outputs…', 1, taskRunId);
    else if (state.status === 'error') addStatus(`${key}/!`, `Could not load the outputs: ${state.message}`, 1, taskRunId);
    else if (count === 0) addStatus(`${key}/∅`, 'This task run has no outputs.', 1, taskRunId);
    else for (const [k, v] of Object.entries(state.outputs)) addValue(`${key}/${k}`, k, v, 1, taskRunId);
  };

  const flowInline = execution.outputs && typeof execution.outputs === 'object' && Object.keys(execution.outputs).length > 0;
  if (flowInline || !apart) {
    if (execution.outputs && typeof execution.outputs === 'object') addGroup('flow', 'Flow outputs', execution.outputs);
  } else if (apart.flow?.status === 'loaded') {
    addGroup('flow', 'Flow outputs', apart.flow.outputs);
  } else if (apart.flow?.status === 'error') {
    addStatus('flow/!', `Flow outputs could not be loaded: ${apart.flow.message}`, 0);
  }
  for (const run of execution.taskRunList ?? []) {
    const label = run.value !== undefined ? `${run.taskId} [${run.value}]` : run.taskId;
    if (apart && !(run.outputs && typeof run.outputs === 'object')) {
      if (apart.withOutputs && !apart.withOutputs.has(run.id)) continue;
      addLazyGroup(`run:${run.id}`, label, apart.taskRuns.get(run.id), run.id);
      continue;
    }
    if (!run.outputs || typeof run.outputs !== 'object') continue;
    addGroup(`run:${run.id}`, label, run.outputs, run.id);
  }
  return rows;
}

/** Task runs whose outputs are to be loaded: the groups the user opened (2.x). */
export function openedTaskRuns(toggled: ReadonlySet<string>): string[] {
  return [...toggled].filter((key) => key.startsWith('run:') && !key.includes('/')).map((key) => key.slice(4));
}

/** Pretty JSON for the details panel and for copy (strings stay as they are). */
export function valueAsText(value: unknown): string {
  if (typeof value === 'string') return value;
  try {
    return JSON.stringify(value, null, 2) ?? 'null';
  } catch {
    return String(value);
  }
}
