// Issue 16's flow-control, execution, log, KV and serdes tasks and the Flow trigger, listed apart from the core set so
// the registry stays one import and one spread.
import { assertTask, exitTask, labelsTask, setVariablesTask, unsetVariablesTask } from './core/execution/execution-updates';
import { allowFailureTask } from './core/flow/allow-failure';
import { dagTask } from './core/flow/dag';
import { eachParallelTask, eachSequentialTask } from './core/flow/each';
import { forEachItemTask } from './core/flow/for-each-item';
import { loopUntilTask } from './core/flow/loop-until';
import { kvGetKeysTask } from './core/kv/kv-tasks';
import { flowTrigger } from './core/flow-trigger';
import { logFetchTask } from './core/log-fetch';
import { SERDES_TASKS } from './serdes/serdes-tasks';
import type { TaskDefinition } from './task-definition';

export const FLOW_CONTROL_TASKS: readonly TaskDefinition[] = [
  allowFailureTask,
  eachSequentialTask,
  eachParallelTask,
  dagTask,
  loopUntilTask,
  forEachItemTask,
  labelsTask,
  setVariablesTask,
  unsetVariablesTask,
  exitTask,
  assertTask,
  logFetchTask,
  kvGetKeysTask,
  flowTrigger,
  ...SERDES_TASKS,
];
