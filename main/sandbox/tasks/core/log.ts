// io.kestra.plugin.core.log.Log: renders one message or a list of messages and logs each at `level`.
import type { LogLevel } from '../../engine/model';
import type { TaskDefinition } from '../task-definition';
import { withDefault } from '../../schema/json-schema';

const LEVELS: LogLevel[] = ['ERROR', 'WARN', 'INFO', 'DEBUG', 'TRACE'];

export const logTask: TaskDefinition = {
  type: 'io.kestra.plugin.core.log.Log',
  aliases: ['io.kestra.core.tasks.log.Log'],
  category: 'task',
  kind: 'runnable',
  title: 'Log a message to the console.',
  examples: [
    { title: 'Log a message with a given level.', code: 'level: DEBUG\nmessage: "{{ task.id }} > {{ taskrun.startDate }}"' },
    {
      title: 'Log one or more messages to the console.',
      code: 'id: hello_world\nnamespace: company.team\n\ntasks:\n  - id: greeting\n    type: io.kestra.plugin.core.log.Log\n    message:\n      - Kestra team wishes you a great day\n      - If you need some help, reach out via Slack',
    },
  ],
  properties: {
    message: {
      title: 'One or more message(s) to be sent to the backend as logs.',
      $dynamic: true,
      markdownDescription: 'It can be a string or an array of strings.',
      anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }],
    },
    level: {
      ...withDefault({ type: 'string', enum: LEVELS }, 'INFO'),
      title: 'The level on which the message should be logged.',
      $dynamic: true,
    },
  },
  required: ['message'],
  async run(context) {
    const level = String(context.renderValue(context.task.level ?? 'INFO')).toUpperCase() as LogLevel;
    if (!LEVELS.includes(level)) throw new Error(`Invalid log level '${level}'`);
    const raw = context.task.message;
    const messages = Array.isArray(raw) ? raw : [raw];
    for (const message of messages) {
      const text = typeof message === 'string' ? context.render(message) : JSON.stringify(context.renderValue(message));
      context.logger[level.toLowerCase() as Lowercase<LogLevel>](text);
    }
    return {};
  },
};
