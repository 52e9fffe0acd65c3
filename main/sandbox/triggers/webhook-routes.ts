// io.kestra.plugin.core.trigger.Webhook: `GET|POST|PUT /api/v1/{tenant}/executions/webhook/{namespace}/{flowId}/{key}`
// starts an execution of the flow whose Webhook trigger has that key. The trigger variables are the
// request `body` (parsed JSON when it is JSON, else text), `headers` and `parameters` (lists of
// values); the trigger's `inputs` are rendered with them. `wait: true` answers when the execution
// ends, `returnOutputs: true` answers with the flow outputs.
import { executionUrl } from '../engine/execution-engine';
import type { Execution } from '../engine/model';
import { renderValue } from '../engine/render';
import { conflict, illegalState, notFound } from '../http/http-error';
import { MAX_JSON_NESTING_DEPTH, jsonNestingDepth } from '../http/limits';
import { readBody } from '../http/request';
import { sendJson } from '../http/respond';
import type { RouteContext, RouteDefinition } from '../http/router';
import { typedInputs, type InputDeclaration } from '../inputs/parse-inputs';
import type { SandboxServices } from '../api/services';

export const WEBHOOK_TYPE = 'io.kestra.plugin.core.trigger.Webhook';
const MAX_WEBHOOK_BODY = 16 * 1024 * 1024;

function isTrue(value: unknown): boolean {
  return value === true || value === 'true';
}

function listMap(entries: Iterable<[string, string]>): Record<string, string[]> {
  const result: Record<string, string[]> = {};
  for (const [key, value] of entries) (result[key] ??= []).push(value);
  return result;
}

function parseBody(text: string): unknown {
  if (text === '') return null;
  const trimmed = text.trimStart();
  // Jackson refuses JSON nested deeper than its limit; Kestra then keeps the body as text.
  if ((trimmed.startsWith('{') || trimmed.startsWith('[')) && jsonNestingDepth(text, MAX_JSON_NESTING_DEPTH) <= MAX_JSON_NESTING_DEPTH) {
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  }
  return text;
}

/** WebhookResponse: the execution's identity, trigger, labels, state, outputs and UI url. */
function webhookResponse(execution: Execution, url: string): Record<string, unknown> {
  return {
    tenantId: execution.tenantId,
    id: execution.id,
    namespace: execution.namespace,
    flowId: execution.flowId,
    flowRevision: execution.flowRevision,
    ...(execution.trigger ? { trigger: execution.trigger } : {}),
    ...(execution.outputs ? { outputs: execution.outputs } : {}),
    labels: execution.labels ?? [],
    state: execution.state,
    url,
  };
}

export function webhookRoutes(services: SandboxServices): RouteDefinition[] {
  const { flows, engine, registry, secrets } = services;

  const handle = async (ctx: RouteContext): Promise<void> => {
    const { namespace, id, key } = ctx.params as { namespace: string; id: string; key: string };
    const flow = flows.get(namespace, id);
    if (!flow) throw notFound(`Flow not found: ${namespace}.${id}`);
    const context = { flow: { id: flow.id, namespace: flow.namespace, revision: flow.revision } };
    const triggers = Array.isArray(flow.document.triggers) ? (flow.document.triggers as Record<string, unknown>[]) : [];
    const trigger = triggers.find((t) => {
      if (!t || typeof t.type !== 'string' || registry.get(t.type)?.type !== WEBHOOK_TYPE || isTrue(t.disabled)) return false;
      try {
        return String(renderValue(t.key, context, services.engineRenderOptions)) === key;
      } catch {
        return false;
      }
    });
    if (!trigger) throw notFound(`Webhook not found for flow ${namespace}.${id}`);
    if (isTrue(flow.document.disabled)) throw illegalState('Requested Flow is disabled.');

    const bodyText = ctx.req.method === 'GET' ? '' : (await readBody(ctx.req, MAX_WEBHOOK_BODY)).toString('utf8');
    const headers: [string, string][] = [];
    for (let i = 0; i < ctx.req.rawHeaders.length; i += 2) headers.push([ctx.req.rawHeaders[i]!.toLowerCase(), ctx.req.rawHeaders[i + 1]!]);
    const variables = {
      body: parseBody(bodyText),
      headers: listMap(headers.filter(([name]) => name !== 'authorization' && name !== 'cookie')),
      parameters: listMap(ctx.query.entries()),
    };
    const declarations = Array.isArray(flow.document.inputs) ? (flow.document.inputs as InputDeclaration[]) : [];
    const rawInputs = trigger.inputs && typeof trigger.inputs === 'object' ? (renderValue(trigger.inputs, { ...context, trigger: variables }, services.engineRenderOptions) as Record<string, unknown>) : {};
    const inputs = typedInputs(declarations, rawInputs, { fileAllowed: () => false, encrypt: (value) => secrets.encrypt(value) });
    const execution = await engine.create({
      flow: { namespace: flow.namespace, id: flow.id, revision: flow.revision },
      inputs,
      labels: [],
      trigger: { id: String(trigger.id), type: WEBHOOK_TYPE, variables },
      from: null,
    });
    if (!isTrue(trigger.wait)) {
      sendJson(ctx.res, 200, webhookResponse(execution, executionUrl(services.config.baseUrl, services.config.tenant, execution)));
      return;
    }
    const gone = new Promise<undefined>((resolve) => ctx.res.once('close', () => resolve(undefined)));
    const final = (await Promise.race([engine.waitForTermination(execution.id), gone])) ?? (await engine.get(execution.id)) ?? execution;
    if (ctx.res.writableEnded || ctx.res.destroyed) return;
    if (isTrue(trigger.returnOutputs)) {
      if (final.state.current !== 'SUCCESS' && final.state.current !== 'WARNING') {
        throw conflict(`Execution ${final.id} ended in state ${final.state.current}`);
      }
      sendJson(ctx.res, 200, final.outputs ?? {});
      return;
    }
    sendJson(ctx.res, 200, webhookResponse(final, executionUrl(services.config.baseUrl, services.config.tenant, final)));
  };

  return ['GET', 'POST', 'PUT'].map((method) => ({ method: method as RouteDefinition['method'], path: 'executions/webhook/{namespace}/{id}/{key}', handler: handle }));
}
