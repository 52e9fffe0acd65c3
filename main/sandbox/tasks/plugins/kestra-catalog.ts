// What Kestra itself knows, beyond what the sandbox runs: every core plugin class of Kestra 1.x
// (read from kestra-io/kestra `core/src/main/java/io/kestra/plugin/core/**`) and the old class names
// Kestra still accepts for them (`@Plugin(aliases = …)`). The registry resolves aliases through
// `LEGACY_ALIASES`; flow validation uses `classifyUnknownType` to tell a real plugin the sandbox
// cannot run (saved with a warning, fails at run time) from a type Kestra itself would refuse.

/** Old class name → current class name (Kestra 0.17 moved core plugins to `io.kestra.plugin.core`). */
export const LEGACY_ALIASES: Readonly<Record<string, string>> = Object.freeze({
  ...Object.fromEntries(
    ['AllowFailure', 'Dag', 'EachParallel', 'EachSequential', 'ForEach', 'ForEachItem', 'If', 'Parallel', 'Pause', 'Sequential', 'Sleep', 'Subflow', 'Switch', 'Template', 'WaitFor', 'WorkingDirectory'].map((name) => [
      `io.kestra.core.tasks.flows.${name}`,
      `io.kestra.plugin.core.flow.${name}`,
    ]),
  ),
  'io.kestra.core.tasks.flows.Flow': 'io.kestra.plugin.core.flow.Subflow',
  'io.kestra.core.tasks.flows.Worker': 'io.kestra.plugin.core.flow.WorkingDirectory',
  'io.kestra.core.tasks.debugs.Echo': 'io.kestra.plugin.core.debug.Echo',
  'io.kestra.core.tasks.debugs.Return': 'io.kestra.plugin.core.debug.Return',
  'io.kestra.core.tasks.executions.Counts': 'io.kestra.plugin.core.execution.Count',
  'io.kestra.core.tasks.executions.Fail': 'io.kestra.plugin.core.execution.Fail',
  'io.kestra.core.tasks.executions.Labels': 'io.kestra.plugin.core.execution.Labels',
  'io.kestra.core.tasks.executions.Resume': 'io.kestra.plugin.core.execution.Resume',
  'io.kestra.core.tasks.executions.PurgeExecutions': 'io.kestra.plugin.core.execution.PurgeExecutions',
  'io.kestra.core.tasks.log.Log': 'io.kestra.plugin.core.log.Log',
  'io.kestra.core.tasks.log.Fetch': 'io.kestra.plugin.core.log.Fetch',
  'io.kestra.core.tasks.log.PurgeLogs': 'io.kestra.plugin.core.log.PurgeLogs',
  'io.kestra.core.tasks.outputs.OutputValues': 'io.kestra.plugin.core.output.OutputValues',
  'io.kestra.core.tasks.states.Get': 'io.kestra.plugin.core.state.Get',
  'io.kestra.core.tasks.states.Set': 'io.kestra.plugin.core.state.Set',
  'io.kestra.core.tasks.states.Delete': 'io.kestra.plugin.core.state.Delete',
  ...Object.fromEntries(
    ['Concat', 'DeduplicateItems', 'Delete', 'FilterItems', 'LocalFiles', 'Reverse', 'Size', 'Split'].map((name) => [`io.kestra.core.tasks.storages.${name}`, `io.kestra.plugin.core.storage.${name}`]),
  ),
  'io.kestra.core.tasks.storages.Purge': 'io.kestra.plugin.core.execution.PurgeExecutions',
  'io.kestra.plugin.core.storage.Purge': 'io.kestra.plugin.core.execution.PurgeExecutions',
  'io.kestra.core.tasks.storages.PurgeExecution': 'io.kestra.plugin.core.storage.PurgeCurrentExecutionFiles',
  'io.kestra.plugin.core.storage.PurgeExecution': 'io.kestra.plugin.core.storage.PurgeCurrentExecutionFiles',
  'io.kestra.core.tasks.templating.TemplatedTask': 'io.kestra.plugin.core.templating.TemplatedTask',
  'io.kestra.core.tasks.trigger.Toggle': 'io.kestra.plugin.core.trigger.Toggle',
  'io.kestra.core.tasks.namespace.UploadFiles': 'io.kestra.plugin.core.namespace.UploadFiles',
  'io.kestra.core.tasks.namespace.DownloadFiles': 'io.kestra.plugin.core.namespace.DownloadFiles',
  'io.kestra.core.tasks.namespace.DeleteFiles': 'io.kestra.plugin.core.namespace.DeleteFiles',
  'io.kestra.plugin.fs.http.Download': 'io.kestra.plugin.core.http.Download',
  'io.kestra.plugin.fs.http.Request': 'io.kestra.plugin.core.http.Request',
  'io.kestra.plugin.fs.http.Trigger': 'io.kestra.plugin.core.http.Trigger',
  'io.kestra.core.models.triggers.types.Schedule': 'io.kestra.plugin.core.trigger.Schedule',
  'io.kestra.core.models.triggers.types.Flow': 'io.kestra.plugin.core.trigger.Flow',
  'io.kestra.core.models.triggers.types.Webhook': 'io.kestra.plugin.core.trigger.Webhook',
  'io.kestra.core.models.tasks.runners.types.ProcessTaskRunner': 'io.kestra.plugin.core.runner.Process',
  ...Object.fromEntries(
    [
      ['DateTimeBetweenCondition', 'DateTimeBetween'],
      ['DayWeekCondition', 'DayWeek'],
      ['DayWeekInMonthCondition', 'DayWeekInMonth'],
      ['ExecutionFlowCondition', 'ExecutionFlow'],
      ['ExecutionLabelsCondition', 'ExecutionLabels'],
      ['ExecutionNamespaceCondition', 'ExecutionNamespace'],
      ['ExecutionOutputsCondition', 'ExecutionOutputs'],
      ['ExecutionStatusCondition', 'ExecutionStatus'],
      ['HasRetryAttemptCondition', 'HasRetryAttempt'],
      ['NotCondition', 'Not'],
      ['OrCondition', 'Or'],
      ['PublicHolidayCondition', 'PublicHoliday'],
      ['TimeBetweenCondition', 'TimeBetween'],
      ['WeekendCondition', 'Weekend'],
      ['VariableCondition', 'Expression'],
      ['ExpressionCondition', 'Expression'],
      ['FlowCondition', 'FlowCondition'],
      ['FlowNamespaceCondition', 'FlowNamespaceCondition'],
      ['MultipleCondition', 'MultipleCondition'],
    ].flatMap(([old, current]) => [
      [`io.kestra.core.models.conditions.types.${old}`, `io.kestra.plugin.core.condition.${current}`],
      ...(old !== current ? [[`io.kestra.plugin.core.condition.${old}`, `io.kestra.plugin.core.condition.${current}`]] : []),
    ]),
  ),
});

const CORE_PACKAGES: Record<string, string[]> = {
  condition: [
    'DateTimeBetween', 'DayWeek', 'DayWeekInMonth', 'ExecutionFlow', 'ExecutionLabels', 'ExecutionNamespace', 'ExecutionOutputs', 'ExecutionStatus',
    'Expression', 'FlowCondition', 'FlowNamespaceCondition', 'HasRetryAttempt', 'MultipleCondition', 'Not', 'Or', 'PublicHoliday', 'TimeBetween', 'Weekend',
    'AdvancedExecutionsCondition', 'ExecutionsCondition',
  ],
  debug: ['Echo', 'Return'],
  execution: ['Assert', 'Count', 'Exit', 'Fail', 'Kill', 'Labels', 'PurgeExecutions', 'Resume', 'SetVariables', 'UnsetVariables'],
  flow: [
    'AllowFailure', 'Dag', 'EachParallel', 'EachSequential', 'ForEach', 'ForEachItem', 'If', 'Loop', 'LoopUntil', 'Parallel', 'Pause', 'Sequential', 'Sleep',
    'Subflow', 'Switch', 'Template', 'WaitFor', 'WorkingDirectory',
  ],
  http: ['Download', 'Request', 'SseRequest', 'Trigger'],
  kv: ['Delete', 'Get', 'GetKeys', 'PurgeKV', 'Set'],
  log: ['Fetch', 'Log', 'PurgeLogs'],
  metric: ['Publish', 'PurgeMetrics'],
  namespace: ['DeleteFiles', 'DownloadFiles', 'PurgeFiles', 'UploadFiles'],
  output: ['OutputValues'],
  runner: ['Process'],
  state: ['Delete', 'Get', 'Set'],
  storage: ['Concat', 'DeduplicateItems', 'Delete', 'FilterItems', 'LocalFiles', 'PurgeCurrentExecutionFiles', 'PurgeStorage', 'Reverse', 'Size', 'Split', 'Write'],
  templating: ['TemplatedTask'],
  trigger: ['Flow', 'Schedule', 'ScheduleOnDates', 'Toggle', 'Webhook'],
};

/** Every class of Kestra's core plugin (`io.kestra.plugin.core.*`). */
export const KESTRA_CORE_TYPES: ReadonlySet<string> = new Set(Object.entries(CORE_PACKAGES).flatMap(([pkg, names]) => names.map((name) => `io.kestra.plugin.core.${pkg}.${name}`)));

/** The current class name of a type (itself when it has no alias). */
export function canonicalType(type: string): string {
  return LEGACY_ALIASES[type] ?? type;
}

/** A Java class name: dotted lower-case packages, then a class starting with an upper-case letter. */
const CLASS_NAME = /^[a-z][a-z0-9_]*(\.[a-zA-Z_][a-zA-Z0-9_]*)*\.[A-Z][A-Za-z0-9_$]*$/;

/** Packages the sandbox knows completely: an unknown class there does not exist in Kestra. */
const CORE_PREFIXES = ['io.kestra.plugin.core.', 'io.kestra.core.'];
/** Old core packages whose classes were plugins of their own (the pre-0.13 script tasks). */
const LEGACY_PLUGIN_PREFIXES = ['io.kestra.core.tasks.scripts.'];

/**
 * For a type the registry does not know: 'unavailable' when it names a real Kestra plugin the
 * sandbox cannot run (a plugin package, or a core class the sandbox does not implement),
 * 'invalid' when Kestra would refuse it too.
 */
export function classifyUnknownType(type: string): 'unavailable' | 'invalid' {
  if (!CLASS_NAME.test(type)) return 'invalid';
  const canonical = canonicalType(type);
  if (KESTRA_CORE_TYPES.has(canonical)) return 'unavailable';
  if (LEGACY_PLUGIN_PREFIXES.some((prefix) => type.startsWith(prefix))) return 'unavailable';
  if (CORE_PREFIXES.some((prefix) => canonical.startsWith(prefix))) return 'invalid';
  return 'unavailable';
}

/** The plugin a class belongs to, as Kestra names plugin groups: `io.kestra.plugin.jdbc.duckdb.Query` → `io.kestra.plugin.jdbc.duckdb`. */
export function pluginGroupOf(type: string): string {
  const index = type.lastIndexOf('.');
  return index > 0 ? type.slice(0, index) : type;
}

/** The message shown for a task or trigger of a plugin the sandbox cannot run. */
export function unavailableMessage(type: string): string {
  return `${type} is not available in the local sandbox (plugin ${pluginGroupOf(type)}): the flow is saved as written, and the task fails when it runs`;
}
