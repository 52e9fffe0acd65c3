// Trigger types: their schemas (editor, flow validation). Behaviour lives in `../../triggers/`:
// the Schedule timers and the Webhook route.
import { durationSchema, withDefault } from '../../schema/json-schema';
import { cronOf } from '../../triggers/schedule-triggers';
import type { TaskDefinition } from '../task-definition';

export const scheduleTrigger: TaskDefinition = {
  type: 'io.kestra.plugin.core.trigger.Schedule',
  aliases: ['io.kestra.core.models.triggers.types.Schedule'],
  category: 'trigger',
  kind: 'runnable',
  title: 'Schedule a flow based on a CRON expression.',
  examples: [{ title: 'Run every 15 minutes.', code: 'triggers:\n  - id: schedule\n    type: io.kestra.plugin.core.trigger.Schedule\n    cron: "*/15 * * * *"' }],
  properties: {
    cron: { type: 'string', title: 'The cron expression.', markdownDescription: 'A standard unix cron expression with 5 fields (minutes precision), or 6 with `withSeconds: true`. Nicknames such as `@daily` are accepted.' },
    withSeconds: withDefault({ type: 'boolean', title: 'Whether the cron expression has a seconds field.' }, false),
    timezone: withDefault({ type: 'string', title: 'The time zone identifier (i.e. the second column in the Wikipedia table) to use for evaluating the cron expression.' }, 'Etc/UTC'),
    inputs: { type: 'object', title: 'The inputs to pass to the scheduled flow.', $dynamic: true },
    backfill: { type: 'object', title: 'Backfill options.', properties: { start: { type: 'string', format: 'date-time' }, end: { type: 'string', format: 'date-time' }, labels: { type: 'array', items: { type: 'object' } }, inputs: { type: 'object' } } },
    lateMaximumDelay: { ...durationSchema(), title: 'The maximum delay that is accepted.' },
    recoverMissedSchedules: { type: 'string', enum: ['LAST', 'NONE', 'ALL'], title: 'What to do in case of missed schedules.' },
    scheduleConditions: { type: 'array', items: { type: 'object' }, $deprecated: true },
    interval: { ...durationSchema(), $deprecated: true },
  },
  required: ['cron'],
  validate(trigger) {
    if (typeof trigger.cron !== 'string') return undefined;
    try {
      cronOf(trigger, new Date()).next();
      return undefined;
    } catch (error) {
      return { property: 'cron', message: (error as Error).message.startsWith('invalid cron') ? (error as Error).message : `invalid cron expression '${trigger.cron}': ${(error as Error).message}` };
    }
  },
};

export const webhookTrigger: TaskDefinition = {
  type: 'io.kestra.plugin.core.trigger.Webhook',
  aliases: ['io.kestra.core.models.triggers.types.Webhook'],
  category: 'trigger',
  kind: 'runnable',
  title: 'Trigger a flow from a webhook.',
  markdownDescription:
    'The webhook URL is `/api/v1/main/executions/webhook/{namespace}/{flowId}/{key}`; GET, POST and PUT requests start an execution.',
  properties: {
    key: { type: 'string', title: 'The unique key that will be part of the URL.', $dynamic: true, minLength: 1, maxLength: 256 },
    wait: withDefault({ type: 'boolean', title: 'Wait for the flow to finish before answering.' }, false),
    returnOutputs: withDefault({ type: 'boolean', title: 'Return the flow outputs in the response (with `wait: true`).' }, false),
    inputs: { type: 'object', title: 'The inputs to pass to the triggered flow.', $dynamic: true },
    responseContentType: { type: 'string', title: 'The content type of the response when the webhook waits for the flow (`wait: true`).' },
    fetchType: { ...withDefault({ type: 'string', enum: ['NONE', 'FETCH', 'STORE'] }, 'FETCH'), title: 'What the trigger does with the body of the webhook request.' },
  },
  required: ['key'],
};
