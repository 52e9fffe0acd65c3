// io.kestra.plugin.core.log.Fetch: an execution's log lines at `level` or above (INFO by default),
// optionally only those of `tasksId`, written as an Ion file (one LogEntry per line, as Kestra's
// FileSerde writes them); outputs `uri` and `size`. Without `executionId`, the current execution.
import type { LogEntry, LogLevel } from '../../engine/model';
import { LOG_LEVELS } from '../../engine/model';
import { ionStream } from '../../ion/ion-files';
import { withDefault } from '../../schema/json-schema';
import type { TaskDefinition } from '../task-definition';

/** LogEntry as Jackson's Ion mapper writes it: every field (nulls included), the timestamp an Ion timestamp. */
function ionLogEntry(entry: LogEntry): Record<string, unknown> {
  return {
    tenantId: entry.tenantId ?? null,
    namespace: entry.namespace,
    flowId: entry.flowId,
    taskId: entry.taskId ?? null,
    executionId: entry.executionId ?? null,
    taskRunId: entry.taskRunId ?? null,
    attemptNumber: entry.attemptNumber ?? null,
    triggerId: entry.triggerId ?? null,
    timestamp: new Date(entry.timestamp),
    level: entry.level,
    thread: entry.thread ?? null,
    message: entry.message,
    deleted: false,
    ...(entry.executionKind ? { executionKind: entry.executionKind } : {}),
  };
}

export const logFetchTask: TaskDefinition = {
  type: 'io.kestra.plugin.core.log.Fetch',
  aliases: ['io.kestra.core.tasks.log.Fetch'],
  category: 'task',
  kind: 'runnable',
  title: 'Fetch execution logs and store them in a file.',
  markdownDescription: 'This task is useful to automate moving logs between various systems and environments.',
  examples: [
    {
      title: 'Fetch the WARN and ERROR logs of the current execution.',
      code: 'id: fetch_logs\nnamespace: company.team\n\ntasks:\n  - id: fetch\n    type: io.kestra.plugin.core.log.Fetch\n    level: WARN',
    },
  ],
  properties: {
    namespace: { type: 'string', $dynamic: true, title: 'Filter for a specific namespace in case `executionId` is set.' },
    flowId: { type: 'string', $dynamic: true, title: 'Filter for a specific flow identifier in case `executionId` is set.' },
    executionId: {
      type: 'string',
      $dynamic: true,
      title: 'Filter for a specific execution.',
      markdownDescription: 'If not set, the task will use the ID of the current execution.\nIf set, it will try to locate the execution on the current flow unless the `namespace` and `flowId` properties are set.',
    },
    tasksId: { type: 'array', items: { type: 'string' }, title: 'Filter for one or more task(s).' },
    level: { ...withDefault({ type: 'string', enum: [...LOG_LEVELS].reverse() }, 'INFO'), title: 'The lowest log level that you want to fetch.' },
  },
  outputs: {
    size: { type: 'integer', title: 'The number of rows fetched.' },
    uri: { type: 'string', format: 'uri', title: 'Internal storage URI of stored results.', markdownDescription: 'Stored as Amazon ION file in a row per row format.' },
  },
  async run(context) {
    const executions = context.services?.executions;
    if (!executions) throw new Error('Execution logs are not available');
    const level = String(context.task.level ?? 'INFO').toUpperCase() as LogLevel;
    if (!LOG_LEVELS.includes(level)) throw new Error(`Invalid level '${level}': expected one of ${LOG_LEVELS.join(', ')}`);
    let executionId = context.execution.id;
    if (context.task.executionId !== undefined && context.task.executionId !== null) {
      // PluginUtilsService.executionFromTaskParameters: the execution must belong to the given flow.
      executionId = context.render(String(context.task.executionId));
      const namespace = context.task.namespace === undefined ? context.execution.namespace : context.render(String(context.task.namespace));
      const flowId = context.task.flowId === undefined ? context.execution.flowId : context.render(String(context.task.flowId));
      const target = executions.find(executionId);
      if (!target || target.namespace !== namespace || target.flowId !== flowId) throw new Error(`Unable to find execution '${executionId}' of flow '${namespace}.${flowId}'`);
    }
    const tasksId = Array.isArray(context.task.tasksId) ? context.task.tasksId.map(String) : undefined;
    const entries = tasksId ? tasksId.flatMap((taskId) => executions.logs(executionId, { minLevel: level, taskId })) : executions.logs(executionId, { minLevel: level });
    const uri = await context.putFile(`${context.taskRun.id}.ion`, ionStream(entries.map(ionLogEntry)));
    return { outputs: { uri, size: entries.length } };
  },
};
