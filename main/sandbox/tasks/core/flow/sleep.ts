// io.kestra.plugin.core.flow.Sleep: waits for `duration` (interrupted by kill or timeout).
import { parseDuration } from '../../../../../shared/iso-duration';
import { abortableDelay } from '../../../engine/time-slicer';
import { durationSchema } from '../../../schema/json-schema';
import type { TaskDefinition } from '../../task-definition';

export const sleepTask: TaskDefinition = {
  type: 'io.kestra.plugin.core.flow.Sleep',
  aliases: ['io.kestra.core.tasks.flows.Sleep'],
  category: 'task',
  kind: 'runnable',
  title: 'Pause the flow for a fixed duration.',
  markdownDescription: 'Waits for the given duration before moving on. Use it to space out calls, or to wait for an external system. A killed execution stops sleeping at once.',
  examples: [{ title: 'Wait 5 seconds.', code: 'id: sleep\nnamespace: company.team\n\ntasks:\n  - id: sleep\n    type: io.kestra.plugin.core.flow.Sleep\n    duration: PT5S' }],
  properties: {
    duration: { ...durationSchema(), title: 'Duration to sleep.', markdownDescription: 'An ISO-8601 duration, e.g. `PT5S` for five seconds.', $dynamic: true },
  },
  required: ['duration'],
  async run(context) {
    const text = context.render(String(context.task.duration));
    const ms = parseDuration(text);
    if (ms === undefined || ms < 0) throw new Error(`Invalid duration '${text}': expected an ISO-8601 duration such as PT5S`);
    context.logger.debug(`Sleeping for ${text}`);
    const completed = await abortableDelay(ms, context.signal);
    if (!completed) throw context.signal.reason instanceof Error ? context.signal.reason : new Error('Sleep interrupted');
    return {};
  },
};
