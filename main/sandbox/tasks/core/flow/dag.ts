// io.kestra.plugin.core.flow.Dag: tasks with `dependsOn` lists; a task starts once every task it
// depends on is terminated (FlowableUtils.resolveDagNexts), `concurrent` at once (0: no limit), and
// a failure stops new starts. Unknown dependencies and cycles are refused at save time
// (DagTaskValidator) and at run time (Dag.controlTask).
import { TASK_DEFINITION } from '../../../schema/flow-definitions';
import { ref, withDefault } from '../../../schema/json-schema';
import type { TaskDefinition, TaskSpec } from '../../task-definition';
import { branchesOf, branchProperties } from './task-lists';

export interface DagNode {
  task: TaskSpec;
  dependsOn: string[];
}

export function dagNodes(value: unknown): DagNode[] {
  if (!Array.isArray(value)) return [];
  return value
    .filter((node): node is Record<string, unknown> => node !== null && typeof node === 'object' && node.task !== null && typeof node.task === 'object')
    .map((node) => ({ task: node.task as TaskSpec, dependsOn: Array.isArray(node.dependsOn) ? node.dependsOn.map(String) : [] }));
}

/**
 * Dag.dagCheckNotExistTask and dagCheckCyclicDependencies, as one message or undefined: in
 * DagTaskValidator's words at save time, in Dag.controlTask's at run time.
 */
export function dagProblem(taskId: string, nodes: DagNode[], at: 'save' | 'run' = 'run'): string | undefined {
  const ids = new Set(nodes.map((n) => String(n.task.id)));
  const missing = nodes.flatMap((n) => n.dependsOn).filter((id) => !ids.has(id));
  if (missing.length > 0) return at === 'save' ? `Not existing task id in dependency: ${missing.join(', ')}` : `Some task doesn't exists on task '${taskId}': ${missing.join(', ')}`;
  const byId = new Map(nodes.map((n) => [String(n.task.id), n]));
  const reaches = (from: DagNode, target: string): boolean => {
    const seen = new Set<string>();
    const stack = [...from.dependsOn];
    while (stack.length > 0) {
      const next = stack.pop()!;
      if (next === target) return true;
      if (seen.has(next)) continue;
      seen.add(next);
      stack.push(...(byId.get(next)?.dependsOn ?? []));
    }
    return false;
  };
  const cyclic = nodes.filter((n) => reaches(n, String(n.task.id))).map((n) => String(n.task.id));
  if (cyclic.length > 0) return at === 'save' ? `Cyclic dependency detected: ${cyclic.join(', ')}` : `Infinite loop detected on task '${taskId}': ${cyclic.join(', ')}`;
  return undefined;
}

export const dagTask: TaskDefinition = {
  type: 'io.kestra.plugin.core.flow.Dag',
  aliases: ['io.kestra.core.tasks.flows.Dag'],
  category: 'task',
  kind: 'flowable',
  title: 'Create a directed acyclic graph (DAG) of tasks without explicitly specifying the order in which the tasks need to run.',
  markdownDescription:
    'List your tasks and their dependencies, and Kestra will figure out the execution sequence. Each task can only depend on other tasks from the DAG task. For technical reasons, low-code interaction via UI forms is disabled for now when using this task.',
  examples: [
    {
      title: 'Run a series of tasks for which the execution order is defined by their upstream dependencies.',
      code: 'id: dag\nnamespace: company.team\n\ntasks:\n  - id: dag\n    type: io.kestra.plugin.core.flow.Dag\n    tasks:\n      - task:\n          id: task1\n          type: io.kestra.plugin.core.log.Log\n          message: task 1\n      - task:\n          id: task2\n          type: io.kestra.plugin.core.log.Log\n          message: task 2\n        dependsOn:\n          - task1\n      - task:\n          id: task3\n          type: io.kestra.plugin.core.log.Log\n          message: task 3\n        dependsOn:\n          - task1\n      - task:\n          id: task4\n          type: io.kestra.plugin.core.log.Log\n          message: task 4\n        dependsOn:\n          - task2\n          - task3',
    },
  ],
  properties: {
    concurrent: {
      ...withDefault({ type: 'integer', minimum: 0 }, 0),
      title: 'Number of concurrent parallel tasks that can be running at any point in time.',
      markdownDescription: 'If the value is `0`, no concurrency limit exists for the tasks in a DAG and all tasks that can run in parallel will start at the same time.',
    },
    tasks: {
      type: 'array',
      minItems: 1,
      title: 'The tasks of the DAG, each with the ids of the tasks it depends on.',
      items: {
        type: 'object',
        properties: {
          task: { ...ref(TASK_DEFINITION), title: 'The task within the DAG.' },
          dependsOn: { type: 'array', items: { type: 'string' }, title: 'The list of task IDs that should have been successfully executed before starting this task.' },
        },
        required: ['task'],
        additionalProperties: false,
      },
    },
    ...branchProperties(),
  },
  required: ['tasks'],
  // Nested under `tasks[].task`, which the schema walk does not see as a task list.
  childTaskLists: (task) => [dagNodes(task.tasks).map((n) => n.task)],
  validate(value) {
    const problem = dagProblem(String(value.id), dagNodes(value.tasks), 'save');
    return problem ? { property: '', message: problem } : undefined;
  },
  async runFlowable(context) {
    const nodes = dagNodes(context.task.tasks);
    const problem = dagProblem(String(context.task.id), nodes);
    if (problem) throw new Error(problem);
    const concurrent = Number(context.task.concurrent ?? 0);
    const state = await context.runDag(nodes, Number.isInteger(concurrent) && concurrent >= 0 ? concurrent : 0, branchesOf(context.task));
    return { state };
  },
};
