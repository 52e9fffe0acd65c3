// Incoming-webhook notifications: Slack, Discord and Microsoft Teams (plugin-notifications, and the
// newer plugin-slack names). Each one renders its `payload` (twice, as Kestra does: the payload may
// itself be a template) and POSTs it as JSON to `url` through the sandbox's HTTP client. They are
// the most common plugin in real flows, usually in `errors:` branches.
import type { JsonSchema } from '../../schema/json-schema';
import type { TaskDefinition, TaskRunContext } from '../task-definition';
import { assertHttpAllowed } from './http-tasks';
import { HTTP_LIMITS, httpCall, readCapped } from './http-client';
import { parseDuration } from '../../../../shared/iso-duration';

/** AbstractHttpOptionsTask's `options` (RequestOptions): timeouts, charset, headers, proxy. */
const NOTIFICATION_OPTIONS: JsonSchema = {
  type: 'object',
  title: 'The options to set to customize the HTTP client',
  properties: {
    connectTimeout: { type: 'string', format: 'duration', $dynamic: true },
    readTimeout: { type: 'string', format: 'duration', $dynamic: true },
    readIdleTimeout: { type: 'string', format: 'duration', $dynamic: true },
    connectionPoolIdleTimeout: { type: 'string', format: 'duration', $dynamic: true },
    maxContentLength: { type: 'integer', $dynamic: true },
    defaultCharset: { type: 'string', $dynamic: true },
    headers: { type: 'object', additionalProperties: { type: 'string' }, $dynamic: true },
    proxy: { type: 'object', additionalProperties: true },
  },
  additionalProperties: true,
};

function webhookTask(options: { type: string; aliases: string[]; service: string; title: string; example: string; messageText?: boolean }): TaskDefinition {
  return {
    type: options.type,
    aliases: options.aliases,
    category: 'task',
    kind: 'runnable',
    title: options.title,
    markdownDescription: `POSTs the rendered \`payload\` (JSON) to the ${options.service} incoming webhook \`url\`. A response code >= 400 fails the task.`,
    examples: [{ title: `Send a ${options.service} message when the flow fails.`, code: options.example }],
    properties: {
      url: { type: 'string', minLength: 1, title: `${options.service} incoming webhook URL`, $dynamic: true },
      payload: { type: 'string', title: `${options.service} message payload`, $dynamic: true },
      ...(options.messageText ? { messageText: { type: 'string', title: 'A plain text message, sent as `{"text": …}` when there is no `payload`.', $dynamic: true } } : {}),
      options: NOTIFICATION_OPTIONS,
    },
    required: ['url'],
    run: (context) => sendWebhook(context, options.service),
  };
}

async function sendWebhook(context: TaskRunContext, service: string): Promise<{ outputs?: Record<string, unknown> }> {
  assertHttpAllowed(context);
  const task = context.task;
  const url = context.render(String(task.url ?? ''));
  let payload: string;
  if (task.payload !== undefined && task.payload !== null) {
    // "First render to get the template, second render to populate the payload."
    payload = context.render(context.render(typeof task.payload === 'string' ? task.payload : JSON.stringify(task.payload)));
  } else if (task.messageText !== undefined && task.messageText !== null) {
    payload = JSON.stringify({ text: context.render(String(task.messageText)) });
  } else throw new Error("'payload' must be set");
  try {
    JSON.parse(payload);
  } catch (error) {
    throw new Error(`The ${service} payload is not valid JSON: ${(error as Error).message}`, { cause: error });
  }
  context.logger.debug(`Send ${service} webhook: ${payload}`);
  const options = context.renderValue<Record<string, unknown> | undefined>(task.options) ?? {};
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  for (const [name, value] of Object.entries((options.headers as Record<string, unknown> | undefined) ?? {})) headers[name] = String(value);
  const connect = options.connectTimeout === undefined ? undefined : parseDuration(String(options.connectTimeout));
  const read = options.readTimeout ?? options.readIdleTimeout;
  const result = await httpCall({
    url,
    method: 'POST',
    headers,
    body: payload,
    ...(connect !== undefined ? { connectTimeoutMs: connect } : {}),
    ...(read !== undefined && parseDuration(String(read)) !== undefined ? { readIdleTimeoutMs: parseDuration(String(read)) } : {}),
    signal: context.signal,
  });
  const answer = (await readCapped(result.body, HTTP_LIMITS.maxResponseBytes, '')).toString('utf8');
  if (result.status >= 400) throw new Error(`${service} webhook request failed with status ${result.status}: ${answer.slice(0, 500)}`);
  context.logger.debug(`Response: code=${result.status}, body=${answer.slice(0, 500)}`);
  return {};
}

export const slackIncomingWebhookTask = webhookTask({
  type: 'io.kestra.plugin.notifications.slack.SlackIncomingWebhook',
  aliases: ['io.kestra.plugin.slack.notifications.SlackIncomingWebhook', 'io.kestra.plugin.slack.SlackIncomingWebhook'],
  service: 'Slack',
  title: 'Send a Slack message using an Incoming Webhook.',
  messageText: true,
  example:
    'id: unreliable_flow\nnamespace: company.team\n\ntasks:\n  - id: fail\n    type: io.kestra.plugin.core.execution.Fail\n\nerrors:\n  - id: alert_on_failure\n    type: io.kestra.plugin.notifications.slack.SlackIncomingWebhook\n    url: "{{ secret(\'SLACK_WEBHOOK\') }}"\n    payload: |\n      {\n        "text": "Failure alert for flow {{ flow.namespace }}.{{ flow.id }} with ID {{ execution.id }}"\n      }',
});

export const discordIncomingWebhookTask = webhookTask({
  type: 'io.kestra.plugin.notifications.discord.DiscordIncomingWebhook',
  // The same task in Kestra 1.x's own Discord plugin.
  aliases: ['io.kestra.plugin.discord.DiscordIncomingWebhook'],
  service: 'Discord',
  title: 'Send a Discord message using an Incoming Webhook.',
  example:
    'id: discord\nnamespace: company.team\n\ntasks:\n  - id: send_discord_message\n    type: io.kestra.plugin.notifications.discord.DiscordIncomingWebhook\n    url: "{{ secret(\'DISCORD_WEBHOOK\') }}"\n    payload: |\n      {\n        "username": "Kestra",\n        "content": "Hello from the workflow {{ flow.id }}"\n      }',
});

export const teamsIncomingWebhookTask = webhookTask({
  type: 'io.kestra.plugin.notifications.teams.TeamsIncomingWebhook',
  // The same task in Kestra 1.x's Microsoft 365 plugin.
  aliases: ['io.kestra.plugin.microsoft365.teams.TeamsIncomingWebhook'],
  service: 'Microsoft Teams',
  title: 'Send a Microsoft Teams message using an Incoming Webhook.',
  example:
    'id: teams\nnamespace: company.team\n\ntasks:\n  - id: send_teams_message\n    type: io.kestra.plugin.notifications.teams.TeamsIncomingWebhook\n    url: "{{ secret(\'TEAMS_WEBHOOK\') }}"\n    payload: |\n      {\n        "@type": "MessageCard",\n        "@context": "http://schema.org/extensions",\n        "text": "Hello from the workflow {{ flow.id }}"\n      }',
});

export const NOTIFICATION_TASKS: readonly TaskDefinition[] = [slackIncomingWebhookTask, discordIncomingWebhookTask, teamsIncomingWebhookTask];
