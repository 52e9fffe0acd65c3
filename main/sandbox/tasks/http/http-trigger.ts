// io.kestra.plugin.core.http.Trigger: polls an HTTP endpoint every `interval` and starts an execution
// when `responseCondition` (rendered with `response.statusCode`, `response.body`, `response.headers`)
// is truthy. The execution's `trigger` variables are the Request outputs (uri, code, headers, body).
// Failed status codes do not fail the poll: the condition decides. One poll at a time per trigger.
import type { ExecutionEngine } from '../../engine/execution-engine';
import { parseDuration } from '../../../../shared/iso-duration';
import { renderTemplate, renderValue, type RenderOptions } from '../../engine/render';
import type { StoredFlow } from '../../flows/flow-model';
import type { FlowService } from '../../flows/flow-service';
import type { FlowRepository } from '../../storage/flow-repository';
import { durationSchema, withDefault } from '../../schema/json-schema';
import type { TaskDefinition, TaskLogger, TaskRunContext } from '../task-definition';
import type { TaskRegistry } from '../registry';
import { HTTP_LIMITS, readCapped } from './http-client';
import { httpProperties, prepareRequest, send } from './http-tasks';

export const HTTP_TRIGGER_TYPE = 'io.kestra.plugin.core.http.Trigger';
const MIN_INTERVAL_MS = 1_000;

export const httpTrigger: TaskDefinition = {
  type: HTTP_TRIGGER_TYPE,
  aliases: ['io.kestra.plugin.fs.http.Trigger'],
  category: 'trigger',
  kind: 'runnable',
  title: 'Trigger a flow based on an HTTP response',
  markdownDescription:
    'Polls `uri` every `interval` (at least 1 second in the sandbox) and starts an execution when `responseCondition` is true. The response is available to the flow as `trigger.code`, `trigger.body`, `trigger.headers` and `trigger.uri`.',
  examples: [
    {
      title: 'Start a flow when a health check answers 200.',
      code: 'triggers:\n  - id: http\n    type: io.kestra.plugin.core.http.Trigger\n    uri: https://example.com/health\n    responseCondition: "{{ response.statusCode == 200 }}"\n    interval: PT30S',
    },
  ],
  properties: {
    ...httpProperties(),
    interval: { ...withDefault(durationSchema(), 'PT1M'), title: 'Interval between polling.' },
    responseCondition: { ...withDefault({ type: 'string' }, '{{ response.statusCode < 400 }}'), title: 'The condition on the HTTP response to trigger a flow which can be any expression that evaluates to a boolean value.', $dynamic: true },
    encryptBody: { ...withDefault({ type: 'boolean' }, false), title: 'If true, the HTTP response body will be automatically encrypted and decrypted in the outputs if encryption is configured', $dynamic: true },
  },
  required: ['uri'],
};

function isTrue(value: unknown): boolean {
  return value === true || value === 'true';
}

function truthy(text: string): boolean {
  const value = text.trim().toLowerCase();
  return !(value === '' || value === 'false' || value === '0' || value === '-0' || value === 'null');
}

const consoleLogger = (prefix: string): TaskLogger => ({
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: (m) => console.warn(`${prefix} ${m}`),
  error: (m) => console.error(`${prefix} ${m}`),
});

interface Poller {
  timer: NodeJS.Timeout;
  running: boolean;
  abort: AbortController;
}

export class HttpTriggers {
  private readonly pollers = new Map<string, Poller>();
  private stopped = false;

  constructor(
    private readonly deps: {
      flows: FlowService;
      flowRepository: FlowRepository;
      engine: ExecutionEngine;
      registry: TaskRegistry;
      renderOptions?: RenderOptions;
      /** False when the sandbox was started with HTTP off: triggers are not polled. */
      allowed: () => boolean;
    },
  ) {}

  start(): void {
    const { flows } = this.deps.flowRepository.search({ where: ['document LIKE ?'], params: ['%http.Trigger%'], orderBy: 'namespace, id' });
    for (const flow of flows) this.arm(flow);
    this.deps.flows.onChange((event) => {
      this.disarm(event.flow.namespace, event.flow.id);
      if (event.kind === 'saved') this.arm(event.flow);
    });
  }

  stop(): void {
    this.stopped = true;
    for (const poller of this.pollers.values()) {
      clearInterval(poller.timer);
      poller.abort.abort();
    }
    this.pollers.clear();
  }

  private disarm(namespace: string, flowId: string): void {
    const prefix = `${namespace}\u0000${flowId}\u0000`;
    for (const [key, poller] of this.pollers) {
      if (!key.startsWith(prefix)) continue;
      clearInterval(poller.timer);
      poller.abort.abort();
      this.pollers.delete(key);
    }
  }

  private arm(flow: StoredFlow): void {
    if (this.stopped || flow.deleted || isTrue(flow.document.disabled) || !Array.isArray(flow.document.triggers)) return;
    for (const trigger of flow.document.triggers as Record<string, unknown>[]) {
      if (!trigger || typeof trigger.type !== 'string' || this.deps.registry.get(trigger.type)?.type !== HTTP_TRIGGER_TYPE || isTrue(trigger.disabled)) continue;
      const interval = Math.max(MIN_INTERVAL_MS, parseDuration(String(trigger.interval ?? 'PT1M')) ?? 60_000);
      const poller: Poller = { running: false, abort: new AbortController(), timer: setInterval(() => void this.poll(flow, trigger, poller), interval) };
      poller.timer.unref();
      this.pollers.set(`${flow.namespace}\u0000${flow.id}\u0000${String(trigger.id)}`, poller);
    }
  }

  /** One evaluation: the request, then the condition; an execution when it holds. */
  async poll(flow: StoredFlow, trigger: Record<string, unknown>, poller?: Poller): Promise<boolean> {
    if (poller?.running || !this.deps.allowed()) return false;
    if (poller) poller.running = true;
    const label = `[sandbox] HTTP trigger ${flow.namespace}.${flow.id}.${String(trigger.id)}:`;
    try {
      const variables: Record<string, unknown> = { flow: { id: flow.id, namespace: flow.namespace, revision: flow.revision } };
      const options = this.deps.renderOptions;
      const context = {
        task: { ...trigger, options: { ...((trigger.options as Record<string, unknown> | undefined) ?? {}), allowFailed: true } },
        logger: consoleLogger(label),
        render: (template: string, extra?: Record<string, unknown>) => renderTemplate(template, extra ? { ...variables, ...extra } : variables, options),
        renderValue: <T>(value: unknown) => renderValue(value, variables, options) as T,
        renderTyped: (template: string) => renderValue(template, variables, options),
        readFile: () => {
          throw new Error('A trigger cannot send internal-storage files');
        },
        execution: { namespace: flow.namespace },
      } as unknown as TaskRunContext;
      const prepared = await prepareRequest(context);
      const signal = AbortSignal.any([poller?.abort.signal ?? new AbortController().signal, AbortSignal.timeout(HTTP_LIMITS.readIdleTimeoutMs)]);
      const result = await send(context, prepared, signal);
      const body = (await readCapped(result.body, HTTP_LIMITS.maxResponseBytes, '')).toString('utf8');
      const condition = typeof trigger.responseCondition === 'string' ? trigger.responseCondition : '{{ response.statusCode < 400 }}';
      const holds = truthy(renderTemplate(condition, { ...variables, response: { statusCode: result.status, body, headers: result.headers } }, options));
      if (!holds) return false;
      this.deps.engine.create({
        flow,
        inputs: {},
        labels: [],
        trigger: { id: String(trigger.id), type: HTTP_TRIGGER_TYPE, variables: { uri: result.url, code: result.status, headers: result.headers, body } },
        from: null,
      });
      return true;
    } catch (error) {
      if (!poller?.abort.signal.aborted) console.error(`${label} ${(error as Error).message}`);
      return false;
    } finally {
      if (poller) poller.running = false;
    }
  }
}
