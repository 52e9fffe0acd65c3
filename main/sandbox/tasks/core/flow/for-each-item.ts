// io.kestra.plugin.core.flow.ForEachItem: splits an internal-storage file into batches and starts
// one subflow execution per batch, through three child task runs as Kestra creates them:
// - `<id>_split` (ForEachItem$ForEachItemSplit): the batches (StorageService.split), and `splits`,
//   a file listing their URIs;
// - `<id>_items` (ForEachItem$ForEachItemExecutable): one execution of `namespace`.`flowId` per
//   batch, with `taskrun.items` (the batch URI) and `taskrun.iteration` (1, 2, …) for its inputs;
//   outputs `numberOfBatches`, `iterations` (a counter per subflow execution state) and
//   `subflowOutputsBaseUri`; with `wait`, it ends when they all have, FAILED/KILLED/WARNING per
//   ExecutableUtils.findTerminalState when `transmitFailed`; each subflow's flow `outputs` are
//   written as Ion to `<base>/<iteration>/outputs.ion`;
// - `<id>_merge` (ForEachItem$ForEachItemMergeOutputs): those files concatenated in
//   `subflowOutputs`.
// Restarting re-creates the executions of a failed `_items` step (Kestra's RETRY_FAILED restarts
// only the failed ones).
import { readdirSync } from 'node:fs';
import type { Readable } from 'node:stream';
import type { Execution, StateType } from '../../../engine/model';
import { isTerminated } from '../../../engine/state';
import { ionLine } from '../../../ion/ion-values';
import { InternalStorage, executionPrefix } from '../../../storage/internal-storage';
import { withDefault } from '../../../schema/json-schema';
import type { FlowableRunContext, TaskDefinition } from '../../task-definition';
import { splitLines } from './split-items';
import { bool, labelsOf } from './subflow';
import { branchesOf, branchProperties } from './task-lists';

const TYPE = 'io.kestra.plugin.core.flow.ForEachItem';
const SPLIT_TYPE = `${TYPE}$ForEachItemSplit`;
const EXECUTABLE_TYPE = `${TYPE}$ForEachItemExecutable`;
const MERGE_TYPE = `${TYPE}$ForEachItemMergeOutputs`;

const TERMINAL_COUNTED: StateType[] = ['SUCCESS', 'FAILED', 'KILLED', 'WARNING', 'CANCELLED'];

/** ExecutableUtils.findTerminalState. */
export function forEachItemState(iterations: Record<string, number>, allowFailure: boolean, allowWarning: boolean): StateType {
  if ((iterations.FAILED ?? 0) > 0) return allowFailure ? (allowWarning ? 'SUCCESS' : 'WARNING') : 'FAILED';
  if ((iterations.KILLED ?? 0) > 0) return 'KILLED';
  if ((iterations.WARNING ?? 0) > 0) return allowWarning ? 'SUCCESS' : 'WARNING';
  return 'SUCCESS';
}

function countByState(states: StateType[]): Record<string, number> {
  const counts: Record<string, number> = { CREATED: 0, RUNNING: 0 };
  for (const state of states) counts[state] = (counts[state] ?? 0) + 1;
  return counts;
}

function integer(context: FlowableRunContext, value: unknown, name: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  const text = context.render(String(value)).trim();
  const n = Number(text);
  if (!Number.isInteger(n)) throw new Error(`Invalid batch ${name} '${text}': expected an integer`);
  return n;
}

async function split(context: FlowableRunContext, child: FlowableRunContext): Promise<{ state: StateType; outputs: Record<string, unknown> }> {
  const uri = child.render(String(context.task.items));
  if (!uri.startsWith('kestra://')) {
    throw new Error(`Unable to split the items from ${uri}, this is not an internal storage URI!`);
  }
  const batch = (context.task.batch ?? {}) as Record<string, unknown>;
  const sourcePath = InternalStorage.pathOf(uri) ?? uri;
  const base = sourcePath.slice(sourcePath.lastIndexOf('/') + 1);
  const extension = base.includes('.') ? base.slice(base.lastIndexOf('.')) : '.tmp';
  const uris: string[] = [];
  await splitLines(
    child.readFile(uri),
    {
      rows: integer(child, batch.rows, 'rows'),
      partitions: integer(child, batch.partitions, 'partitions'),
      bytes: batch.bytes === undefined || batch.bytes === null ? undefined : child.render(String(batch.bytes)),
      separator: batch.separator === undefined || batch.separator === null ? '\n' : child.render(String(batch.separator)),
    },
    async (content, index) => {
      uris.push(await child.putFile(`${index + 1}${extension}`, content));
    },
  );
  const splits = await child.putFile('splits.txt', Buffer.from(uris.join('\n'), 'utf8'));
  return { state: 'SUCCESS', outputs: { splits } };
}

async function readText(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks).toString('utf8');
}

async function startItems(context: FlowableRunContext, child: FlowableRunContext, splitsUri: string): Promise<{ state: StateType; outputs: Record<string, unknown> }> {
  const task = context.task;
  const text = await readText(child.readFile(splitsUri));
  const batches = text.split(/\r?\n/).filter((line) => line.length > 0);
  const wait = bool(task.wait, true);
  const namespace = child.render(String(task.namespace));
  const flowId = child.render(String(task.flowId));
  const revision = task.revision === undefined || task.revision === null ? undefined : Number(child.render(String(task.revision)));
  const scheduleText = task.scheduleDate === undefined || task.scheduleDate === null ? undefined : child.render(String(task.scheduleDate));
  const started: Execution[] = [];
  for (let index = 0; index < batches.length; index += 1) {
    const iteration = index + 1;
    // `taskrun.items` and `taskrun.iteration` are the batch's, for the subflow's inputs.
    const extra = { taskrun: { items: batches[index], iteration } };
    started.push(
      child.startSubflow({
        namespace,
        flowId,
        revision,
        inputs: task.inputs ? child.renderValue<Record<string, unknown>>(task.inputs, extra) : {},
        labels: labelsOf(task.labels, (value) => child.renderValue(value, extra)),
        inheritLabels: bool(task.inheritLabels, false),
        scheduleDate: scheduleText === undefined ? undefined : new Date(Date.parse(scheduleText)).toISOString(),
        wait,
        triggerType: EXECUTABLE_TYPE,
        iteration,
      }),
    );
  }
  const outputsOf = (counts: Record<string, number>): Record<string, unknown> => ({ numberOfBatches: batches.length, iterations: counts });
  child.setOutputs(outputsOf(countByState(started.map((e) => e.state.current))));
  if (!wait) return { state: 'SUCCESS', outputs: outputsOf(countByState(started.map((e) => e.state.current))) };
  const finals: Execution[] = [];
  await Promise.all(
    started.map(async (execution, index) => {
      const final = (await child.waitForExecution(execution.id)) ?? execution;
      finals[index] = final;
      if (final.outputs && Object.keys(final.outputs).length > 0) await child.putFile(`${index + 1}/outputs.ion`, Buffer.from(ionLine(final.outputs), 'utf8'));
      child.setOutputs(outputsOf(countByState(started.map((e, i) => finals[i]?.state.current ?? e.state.current))));
    }),
  );
  const counts = countByState(finals.map((e) => e.state.current));
  const done = finals.filter((e) => isTerminated(e.state.current) && TERMINAL_COUNTED.includes(e.state.current)).length;
  if (done < finals.length) child.logger.warn(`${finals.length - done} subflow execution(s) did not terminate`);
  const state = bool(task.transmitFailed, true) ? forEachItemState(counts, bool(task.allowFailure, false), bool(task.allowWarning, false)) : 'SUCCESS';
  // The `_items` task run's storage folder (Kestra's storage.getContextBaseURI().getPath()).
  const base = `${executionPrefix(child.execution.namespace, child.execution.flowId, child.execution.id)}/tasks/${child.taskRun.taskId}/${child.taskRun.id}`;
  return { state, outputs: { ...outputsOf(counts), subflowOutputsBaseUri: base } };
}

async function merge(child: FlowableRunContext, itemsOutputs: Record<string, unknown> | null): Promise<{ state: StateType; outputs?: Record<string, unknown> }> {
  const base = typeof itemsOutputs?.subflowOutputsBaseUri === 'string' ? itemsOutputs.subflowOutputsBaseUri : undefined;
  const storage = child.services?.storage;
  if (!base || !storage) return { state: 'SUCCESS' };
  let entries: string[];
  try {
    entries = readdirSync(storage.file(base));
  } catch {
    return { state: 'SUCCESS' };
  }
  const parts: Buffer[] = [];
  for (const entry of entries.filter((name) => /^\d+$/.test(name)).sort((a, b) => Number(a) - Number(b))) {
    const file = `${base}/${entry}/outputs.ion`;
    if (!storage.stat(file)) continue;
    parts.push(Buffer.from(await readText(storage.read(file)), 'utf8'));
  }
  if (parts.length === 0) return { state: 'SUCCESS' };
  return { state: 'SUCCESS', outputs: { subflowOutputs: await child.putFile('outputs.ion', Buffer.concat(parts)) } };
}

export const forEachItemTask: TaskDefinition = {
  type: TYPE,
  aliases: ['io.kestra.core.tasks.flows.ForEachItem'],
  category: 'task',
  kind: 'flowable',
  title: 'Execute a subflow for each batch of items',
  markdownDescription:
    "The `items` value must be Kestra's internal storage URI e.g. an output file from a previous task, or a file from inputs of FILE type.\nTwo special variables are available to pass as inputs to the subflow:\n- `taskrun.items` which is the URI of internal storage file containing the batch of items to process\n- `taskrun.iteration` which is the iteration or batch number\n\nRestarting a parent flow will restart any subflows that has previously been executed.",
  examples: [
    {
      title: 'Execute a subflow for each line of a file.',
      code: 'id: orders_parallel\nnamespace: company.team\n\ntasks:\n  - id: each\n    type: io.kestra.plugin.core.flow.ForEachItem\n    items: "{{ inputs.file }}"\n    batch:\n      rows: 1\n    namespace: company.team\n    flowId: orders\n    wait: true\n    transmitFailed: true\n    inputs:\n      order: "{{ taskrun.items }}"',
    },
  ],
  properties: {
    items: {
      type: 'string',
      minLength: 1,
      $dynamic: true,
      title: "The items to be split into batches and processed. Make sure to set it to Kestra's internal storage URI.",
      markdownDescription: 'This task is optimized for files where each line represents a single item: Ion files, newline-separated JSON, or CSV without a header.',
    },
    batch: {
      type: 'object',
      title: 'How to split the items into batches.',
      properties: {
        rows: { ...withDefault({ anyOf: [{ type: 'integer' }, { type: 'string' }] }, 1), $dynamic: true, title: 'Split a large file into multiple chunks with a maximum number of items in each chunk.' },
        bytes: { type: 'string', $dynamic: true, title: 'Split a large file into multiple chunks with a maximum file size of `bytes`.', markdownDescription: 'Can be provided as a string in the format "10MB" or "200KB", or the number of bytes.' },
        partitions: { anyOf: [{ type: 'integer' }, { type: 'string' }], $dynamic: true, title: 'Split a file in a fixed number of partitions.' },
        separator: { ...withDefault({ type: 'string' }, '\n'), $dynamic: true, title: 'The separator used to split a file into chunks.' },
      },
      additionalProperties: false,
    },
    namespace: { type: 'string', minLength: 1, $dynamic: true, title: 'The namespace of the subflow to be executed' },
    flowId: { type: 'string', minLength: 1, $dynamic: true, title: 'The identifier of the subflow to be executed' },
    revision: { type: 'integer', title: 'The revision of the subflow to be executed', markdownDescription: 'By default, the last, i.e. the most recent, revision of the subflow is executed.' },
    inputs: { type: 'object', $dynamic: true, title: 'The inputs to pass to the subflow to be executed' },
    labels: { $dynamic: true, title: 'The labels to pass to the subflow to be executed.', anyOf: [{ type: 'array', items: { type: 'object' } }, { type: 'object' }] },
    wait: { ...withDefault({ type: 'boolean' }, true), title: 'Whether to wait for the subflows execution to finish before continuing the current execution.' },
    transmitFailed: {
      ...withDefault({ type: 'boolean' }, true),
      title: 'Whether to fail the current execution if the subflow execution fails or is killed.',
      markdownDescription: 'Note that this option works only if `wait` is set to `true`.',
    },
    inheritLabels: { ...withDefault({ type: 'boolean' }, false), title: 'Whether the subflow should inherit labels from this execution that triggered it.' },
    scheduleDate: { type: 'string', format: 'date-time', $dynamic: true, title: "Don't trigger the subflow now but schedule it on a specific date." },
    restartBehavior: { ...withDefault({ type: 'string', enum: ['NEW_EXECUTION', 'RETRY_FAILED'] }, 'RETRY_FAILED'), title: 'What to do when a failed execution is restarting.' },
    ...branchProperties(),
  },
  required: ['items', 'namespace', 'flowId'],
  outputs: {
    iterations: { type: 'object', title: 'The counter of iterations for each subflow execution state.' },
    numberOfBatches: { type: 'integer', title: 'The number of batches.' },
    uri: { type: 'string', title: 'The URI of the file gathering outputs from each subflow execution.' },
  },
  async runFlowable(context) {
    const id = String(context.task.id);
    const state = await context.runWithBranches(async () => {
      let splits: string | undefined;
      const splitState = await context.runChild({ id: `${id}_split`, type: SPLIT_TYPE }, async (child) => {
        const result = await split(context, child);
        splits = result.outputs.splits as string;
        return result;
      });
      if (splitState !== 'SUCCESS' && splitState !== 'WARNING') return splitState === 'KILLED' ? 'KILLED' : 'FAILED';
      splits ??= context.execution.taskRunList?.find((t) => t.taskId === `${id}_split` && t.parentTaskRunId === context.taskRun.id)?.outputs?.splits as string | undefined;
      if (!splits) throw new Error('The split step left no list of batches');
      let itemsOutputs: Record<string, unknown> | null = null;
      const itemsState = await context.runChild({ id: `${id}_items`, type: EXECUTABLE_TYPE }, async (child) => {
        const result = await startItems(context, child, splits!);
        itemsOutputs = result.outputs;
        return result;
      });
      itemsOutputs ??= context.execution.taskRunList?.find((t) => t.taskId === `${id}_items` && t.parentTaskRunId === context.taskRun.id)?.outputs ?? null;
      if (itemsState !== 'SUCCESS' && itemsState !== 'WARNING') return itemsState === 'KILLED' ? 'KILLED' : itemsState === 'CANCELLED' ? 'CANCELLED' : 'FAILED';
      const mergeState = await context.runChild({ id: `${id}_merge`, type: MERGE_TYPE }, (child) => merge(child, itemsOutputs));
      if (mergeState !== 'SUCCESS' && mergeState !== 'WARNING') return 'FAILED';
      return itemsState === 'WARNING' ? 'WARNING' : 'SUCCESS';
    }, branchesOf(context.task));
    return { state };
  },
};

