// The Flow trigger's schema (editor, flow validation); its behaviour is in ../../triggers/flow-triggers.ts.
import { withDefault } from '../../schema/json-schema';
import type { TaskDefinition } from '../task-definition';

const STATES = ['CREATED', 'SUBMITTED', 'RUNNING', 'PAUSED', 'RESTARTED', 'KILLING', 'SUCCESS', 'WARNING', 'FAILED', 'KILLED', 'CANCELLED', 'QUEUED', 'RETRYING', 'RETRIED', 'SKIPPED'];

export const flowTrigger: TaskDefinition = {
  type: 'io.kestra.plugin.core.trigger.Flow',
  aliases: ['io.kestra.core.models.triggers.types.Flow'],
  category: 'trigger',
  kind: 'runnable',
  title: 'Trigger a flow in response to a state change in one or more other flows.',
  markdownDescription:
    "You can trigger a flow as soon as another flow ends. This allows you to add implicit dependencies between multiple flows, which can often be managed by different teams.\n\nIf you don't provide any conditions, the flow will be triggered for **EVERY execution** of **EVERY flow** on your instance.",
  examples: [
    {
      title: 'Run `transform` after `extract` succeeds, with its outputs as inputs.',
      code: 'triggers:\n  - id: run_after_extract\n    type: io.kestra.plugin.core.trigger.Flow\n    inputs:\n      last_ingested_date: "{{ trigger.outputs.last_ingested_date }}"\n    conditions:\n      - type: io.kestra.plugin.core.condition.ExecutionFlow\n        namespace: company.team\n        flowId: extract\n      - type: io.kestra.plugin.core.condition.ExecutionStatus\n        in:\n          - SUCCESS',
    },
    {
      title: 'Run once two upstream flows have both succeeded the same day.',
      code: 'triggers:\n  - id: both_done\n    type: io.kestra.plugin.core.trigger.Flow\n    preconditions:\n      id: both\n      flows:\n        - namespace: company.team\n          flowId: first\n          states: [SUCCESS]\n        - namespace: company.team\n          flowId: second\n          states: [SUCCESS]',
    },
  ],
  properties: {
    inputs: {
      type: 'object',
      title: "Pass upstream flow's outputs to inputs of the current flow.",
      markdownDescription: 'The inputs allow you to pass data object or a file to the downstream flow as long as those outputs are defined on the flow-level in the upstream flow.',
    },
    states: {
      type: 'array',
      items: { type: 'string', enum: STATES },
      title: 'List of execution states that will be evaluated by the trigger',
      markdownDescription: 'By default, only executions in a terminal state will be evaluated. Note that a Flow trigger cannot react to the `CREATED` state.',
    },
    preconditions: {
      type: 'object',
      title: 'Preconditions on upstream flow executions',
      markdownDescription: 'Express preconditions to be met, on a time window, for the flow trigger to be evaluated.',
      properties: {
        id: { type: 'string', pattern: '^[a-zA-Z0-9][a-zA-Z0-9_-]*', title: 'A unique id for the preconditions' },
        timeWindow: {
          type: 'object',
          title: 'Define the time window for evaluating preconditions.',
          properties: {
            type: withDefault({ type: 'string', enum: ['DAILY_TIME_DEADLINE', 'DAILY_TIME_WINDOW', 'DURATION_WINDOW', 'SLIDING_WINDOW'] }, 'DURATION_WINDOW'),
            window: { type: 'string', format: 'duration' },
            windowAdvance: { type: 'string', format: 'duration' },
            deadline: { type: 'string', format: 'time' },
            startTime: { type: 'string', format: 'time' },
            endTime: { type: 'string', format: 'time' },
          },
        },
        resetOnSuccess: { ...withDefault({ type: 'boolean' }, true), title: 'Whether to reset the evaluation results of preconditions after a first successful evaluation within the given time window.' },
        flows: {
          type: 'array',
          title: 'A list of preconditions to met, in the form of upstream flows.',
          items: {
            type: 'object',
            properties: {
              namespace: { type: 'string' },
              flowId: { type: 'string' },
              states: { type: 'array', items: { type: 'string', enum: STATES } },
              labels: { type: 'object' },
            },
            required: ['namespace'],
          },
        },
        where: {
          type: 'array',
          title: 'A list of preconditions to met, in the form of execution filters.',
          items: {
            type: 'object',
            properties: {
              id: { type: 'string' },
              operand: withDefault({ type: 'string', enum: ['AND', 'OR'] }, 'AND'),
              filters: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: {
                    field: { type: 'string', enum: ['FLOW_ID', 'NAMESPACE', 'STATE', 'EXPRESSION'] },
                    type: { type: 'string', enum: ['EQUAL_TO', 'NOT_EQUAL_TO', 'IN', 'NOT_IN', 'IS_TRUE', 'IS_FALSE', 'IS_NULL', 'IS_NOT_NULL', 'STARTS_WITH', 'ENDS_WITH', 'REGEX', 'CONTAINS'] },
                    value: { type: 'string' },
                    values: { type: 'array', items: { type: 'string' } },
                  },
                  required: ['field', 'type'],
                },
              },
            },
            required: ['id', 'filters'],
          },
        },
      },
    },
  },
  outputs: {
    executionId: { type: 'string', title: 'The execution ID that triggered the current flow.' },
    state: { type: 'string', title: 'The execution state.' },
    namespace: { type: 'string', title: 'The namespace of the flow that triggered the current flow.' },
    flowId: { type: 'string', title: 'The flow ID whose execution triggered the current flow.' },
    flowRevision: { type: 'integer', title: 'The flow revision that triggered the current flow.' },
  },
};
