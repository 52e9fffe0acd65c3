// The Pause task's `onResume` inputs as a small form model: which inputs (found in the flow revision
// the execution ran), their initial values, client-side checks, and conversion to InputValues.
import type { Execution, FlowInput, TaskSummary } from '../../../../main/contract/kestra-model';
import type { InputValues } from '../../../../main/contract/methods';

export type ResumeValue = string | boolean | string[];

/** Finds a task by id anywhere in a task tree (tasks, then/else, cases, errors, finally, Dag items…). */
export function findTask(tasks: unknown, id: string, depth = 0): TaskSummary | undefined {
  if (depth > 50 || !tasks) return undefined;
  if (Array.isArray(tasks)) {
    for (const item of tasks) {
      const found = findTask(item, id, depth + 1);
      if (found) return found;
    }
    return undefined;
  }
  if (typeof tasks !== 'object') return undefined;
  const task = tasks as Record<string, unknown>;
  if (task.id === id && typeof task.type === 'string') return task as TaskSummary;
  for (const [key, value] of Object.entries(task)) {
    if (key === 'id' || key === 'type') continue;
    if (value && typeof value === 'object') {
      const found = findTask(value, id, depth + 1);
      if (found) return found;
    }
  }
  return undefined;
}

/** The task run currently paused (the latest one), if any. */
export function pausedTaskRun(execution: Execution) {
  const runs = execution.taskRunList ?? [];
  for (let i = runs.length - 1; i >= 0; i -= 1) if (runs[i]!.state.current === 'PAUSED') return runs[i];
  return undefined;
}

/** The Pause task's declared resume inputs (`onResume`), or [] when none or unknown. */
export function resumeInputs(
  flow: { tasks?: TaskSummary[]; errors?: TaskSummary[]; finally?: TaskSummary[] } | undefined,
  taskId: string | undefined,
): FlowInput[] {
  if (!flow || !taskId) return [];
  const task = findTask([flow.tasks, flow.errors, flow.finally], taskId);
  const onResume = task?.onResume;
  if (!Array.isArray(onResume)) return [];
  return onResume.filter(
    (i): i is FlowInput => !!i && typeof i === 'object' && typeof (i as FlowInput).id === 'string' && typeof (i as FlowInput).type === 'string',
  );
}

export function initialResumeValue(input: FlowInput): ResumeValue {
  const d = input.defaults;
  if (input.type === 'BOOLEAN' || input.type === 'BOOL') return d === true || d === 'true';
  if (input.type === 'MULTISELECT') return Array.isArray(d) ? d.map(String) : [];
  if (d === undefined || d === null) return '';
  return typeof d === 'string' ? d : JSON.stringify(d);
}

/** A message when the value cannot be sent, else undefined (the server still validates). */
export function checkResumeValue(input: FlowInput, value: ResumeValue, hasFile: boolean): string | undefined {
  const required = input.required !== false && input.defaults === undefined;
  if (input.type === 'FILE') return required && !hasFile ? 'Choose a file.' : undefined;
  if (typeof value === 'boolean') return undefined;
  if (Array.isArray(value)) return required && value.length === 0 ? 'Choose at least one value.' : undefined;
  const text = value.trim();
  if (text === '') return required ? 'A value is required.' : undefined;
  switch (input.type) {
    case 'INT':
      return /^-?\d+$/.test(text) ? undefined : 'Enter a whole number.';
    case 'FLOAT':
      return Number.isFinite(Number(text)) ? undefined : 'Enter a number.';
    case 'JSON':
    case 'ARRAY':
      try {
        JSON.parse(text);
        return undefined;
      } catch {
        return 'Enter valid JSON.';
      }
    case 'EMAIL':
      return /^[^@\s]+@[^@\s]+$/.test(text) ? undefined : 'Enter an email address.';
    case 'URI':
      return /^[a-z][a-z0-9+.-]*:/i.test(text) ? undefined : 'Enter a URI (with its scheme).';
    default:
      if (input.values && (input.type === 'ENUM' || input.type === 'SELECT') && !input.values.includes(text) && !input.allowCustomValue)
        return 'Choose one of the values.';
      return undefined;
  }
}

/** Values for `executions.resume` (FILE inputs travel separately). Empty optional inputs are left out. */
export function toResumeValues(inputs: FlowInput[], values: Record<string, ResumeValue>): InputValues {
  const out: InputValues = {};
  for (const input of inputs) {
    if (input.type === 'FILE') continue;
    const value = values[input.id];
    if (value === undefined) continue;
    if (typeof value === 'boolean' || Array.isArray(value)) out[input.id] = value;
    else if (value.trim() !== '') out[input.id] = input.type === 'DATETIME' && !Number.isNaN(Date.parse(value)) ? new Date(value).toISOString() : value;
  }
  return out;
}
