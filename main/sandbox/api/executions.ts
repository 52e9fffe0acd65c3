// ExecutionController: trigger, read, search, follow (SSE), output files, and the actions.
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { flowJson, type StoredFlow } from '../flows/flow-model';
import { executionUrl } from '../engine/execution-engine';
import { newId } from '../engine/ids';
import type { Execution, ExecutionKind, Label, StateType } from '../engine/model';
import { STATE_TYPES } from '../engine/model';
import { isTerminated } from '../engine/state';
import { KestraHttpError, badRequest, illegalArgument, illegalState, notFound, unsupportedMediaType } from '../http/http-error';
import { parseMultipart } from '../http/multipart';
import { parsePaging } from '../http/paging';
import { hasBody, mediaType, queryBool, queryInt, queryList, queryString, readJson, requiredQuery } from '../http/request';
import { sendEmpty, sendJson, sendJsonText } from '../http/respond';
import type { RouteContext, RouteDefinition } from '../http/router';
import { SseStream } from '../http/sse';
import { typedInputs, type InputContext, type InputDeclaration } from '../inputs/parse-inputs';
import { InternalStorage, executionPrefix, namespacePath } from '../storage/internal-storage';
import { executionCriteria, executionOrder } from './execution-search';
import { renderTyped } from '../pebble';
import { executionBulkRoutes } from './execution-bulk';
import { parseLabelParams } from './labels';
import type { SandboxServices } from './services';

const FOLLOW_UNKNOWN_WAIT_MS = 10_000;

interface FormInputs {
  values: Record<string, unknown>;
}

/** Reads a trigger/resume form: fields as text, FILE parts streamed into the execution's storage. */
async function readInputForm(ctx: RouteContext, services: SandboxServices, flow: StoredFlow, executionId: string): Promise<FormInputs> {
  const values: Record<string, unknown> = {};
  if (!hasBody(ctx.req) && !ctx.req.headers['content-type']) return { values };
  const type = mediaType(ctx.req);
  if (type !== 'multipart/form-data') {
    if (!hasBody(ctx.req)) return { values };
    throw unsupportedMediaType(ctx.req.headers['content-type']);
  }
  const declared = new Map<string, InputDeclaration>(inputDeclarations(flow).map((i) => [i.id, i]));
  const prefix = executionPrefix(flow.namespace, flow.id, executionId);
  await parseMultipart(ctx.req, {
    onField(name, value) {
      values[name] = value;
    },
    async onFile(file) {
      const input = declared.get(file.name);
      if (!input || input.type !== 'FILE') {
        // Kestra uses the part name; undeclared parts are ignored.
        file.stream.resume();
        return;
      }
      const filename = path.basename(file.filename || file.name).replace(/[\\/:*?"<>|\0]/g, '_') || file.name;
      const storagePath = `${prefix}/inputs/${file.name}/${filename}`;
      await services.storage.write(storagePath, file.stream);
      values[file.name] = InternalStorage.uriOf(storagePath);
    },
  });
  return { values };
}

/** One `{input, value, enabled, isDefault, errors}` per declaration (the validate endpoints). */
function validateEach(declarations: InputDeclaration[], values: Record<string, unknown>, context: InputContext) {
  return declarations.map((input) => {
    const provided = values[input.id];
    const isDefault = provided === undefined && input.defaults !== undefined;
    try {
      const typed = typedInputs([input], { [input.id]: provided }, context);
      return { input: { ...input, required: input.required ?? true }, value: typed[input.id.split('.')[0]!], enabled: true, isDefault, errors: [] };
    } catch (error) {
      const message = error instanceof KestraHttpError ? error.message.replace(/^Invalid entity: /, '') : String(error);
      return { input: { ...input, required: input.required ?? true }, enabled: true, isDefault, errors: [{ message }] };
    }
  });
}

/** The resume form: fields as text, FILE parts (declared by the Pause task) stored with the execution. */
async function readResumeForm(ctx: RouteContext, services: SandboxServices, execution: Execution, declarations: InputDeclaration[]): Promise<Record<string, unknown>> {
  const values: Record<string, unknown> = {};
  if (!hasBody(ctx.req)) return values;
  if (mediaType(ctx.req) !== 'multipart/form-data') throw unsupportedMediaType(ctx.req.headers['content-type']);
  const declared = new Map(declarations.map((d) => [d.id, d]));
  const prefix = executionPrefix(execution.namespace, execution.flowId, execution.id);
  await parseMultipart(ctx.req, {
    onField(name, value) {
      values[name] = value;
    },
    async onFile(file) {
      if (declared.get(file.name)?.type !== 'FILE') {
        file.stream.resume();
        return;
      }
      const filename = path.basename(file.filename || file.name).replace(/[\\/:*?"<>|\0]/g, '_') || file.name;
      const storagePath = `${prefix}/inputs/${file.name}/${filename}`;
      await services.storage.write(storagePath, file.stream);
      values[file.name] = InternalStorage.uriOf(storagePath);
    },
  });
  return values;
}

function resumeInputContext(services: SandboxServices, execution: Execution) {
  const own = `${executionPrefix(execution.namespace, execution.flowId, execution.id)}/`;
  return {
    fileAllowed: (uri: string) => {
      const storagePath = InternalStorage.pathOf(uri);
      return !!storagePath && storagePath.startsWith(own) && services.storage.stat(storagePath) !== undefined;
    },
    encrypt: (value: string) => services.secrets.encrypt(value),
  };
}

/** The eval body: a Pebble template as text/plain. */
async function readExpression(ctx: RouteContext): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of ctx.req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > 1024 * 1024) throw new KestraHttpError(413, 'Request Entity Too Large');
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.length === 0) throw badRequest('Required Body [expression] not specified');
  return text;
}

export function inputDeclarations(flow: StoredFlow): InputDeclaration[] {
  return Array.isArray(flow.document.inputs) ? (flow.document.inputs as InputDeclaration[]) : [];
}

function inputContext(services: SandboxServices, flow: StoredFlow, executionId: string) {
  const allowedPrefix = `/${namespacePath(flow.namespace)}/`;
  const own = `${executionPrefix(flow.namespace, flow.id, executionId)}/`;
  const variables = { flow: { id: flow.id, namespace: flow.namespace, revision: flow.revision, tenantId: services.config.tenant }, execution: { id: executionId } };
  return {
    renderDefault: (value: string) => renderTyped(value, variables, services.engineRenderOptions),
    fileAllowed: (uri: string) => {
      const storagePath = InternalStorage.pathOf(uri);
      if (!storagePath || !(storagePath.startsWith(own) || storagePath.startsWith(allowedPrefix))) return false;
      try {
        return services.storage.stat(storagePath) !== undefined;
      } catch {
        return false;
      }
    },
    encrypt: (value: string) => services.secrets.encrypt(value),
  };
}

function parseKind(value: string | undefined): ExecutionKind | undefined {
  if (value === undefined) return undefined;
  const upper = value.toUpperCase();
  if (upper === 'NORMAL' || upper === 'TEST' || upper === 'PLAYGROUND') return upper;
  throw badRequest(`Failed to convert argument [kind] for value [${value}] due to: No enum constant io.kestra.core.models.executions.ExecutionKind.${upper}`);
}

function parseBreakpoints(value: string | undefined): { id: string; value?: string }[] | undefined {
  if (!value) return undefined;
  return value
    .split(',')
    .map((b) => b.trim())
    .filter(Boolean)
    .map((b) => {
      const index = b.indexOf('.');
      return index > 0 ? { id: b.slice(0, index), value: b.slice(index + 1) } : { id: b };
    });
}

function checkLabels(labels: Label[]): void {
  for (const label of labels) {
    if (label.key.startsWith('system.') && label.key !== 'system.correlationId' && label.key !== 'system.from') {
      throw illegalArgument(`System labels can only be set by Kestra itself, offending label: ${label.key}=${label.value}`);
    }
  }
}

export function executionRoutes(services: SandboxServices): RouteDefinition[] {
  const { engine, flows, executionRepository, storage, config, views } = services;

  const requireExecution = async (id: string): Promise<Execution> => {
    const execution = await engine.get(id);
    if (!execution) throw notFound(`Execution '${id}' not found`);
    return execution;
  };

  const trigger = async (ctx: RouteContext, allowExtras: boolean): Promise<void> => {
    const respond = (execution: Execution): void => {
      sendJson(ctx.res, 200, { ...views.execution(execution), url: executionUrl(config.baseUrl, config.tenant, execution) });
    };
    const { namespace, id } = ctx.params as { namespace: string; id: string };
    const revision = queryInt(ctx.query, 'revision');
    const flow = flows.get(namespace, id, revision);
    if (!flow) throw notFound('Requested Flow is not found.');
    if (flow.document.disabled === true || flow.document.disabled === 'true') throw illegalState('Requested Flow is disabled.');
    const labels = parseLabelParams(queryList(ctx.query, 'labels'));
    checkLabels(labels);
    const wait = queryBool(ctx.query, 'wait', false);
    const scheduleDateText = allowExtras ? queryString(ctx.query, 'scheduleDate') : undefined;
    let scheduleDate: string | undefined;
    if (scheduleDateText !== undefined) {
      const ms = Date.parse(scheduleDateText);
      if (Number.isNaN(ms)) throw badRequest(`Failed to convert argument [scheduleDate] for value [${scheduleDateText}]`);
      scheduleDate = new Date(ms).toISOString();
    }
    const kind = allowExtras ? parseKind(queryString(ctx.query, 'kind')) : undefined;
    const breakpoints = allowExtras ? parseBreakpoints(queryString(ctx.query, 'breakpoints')) : undefined;

    const executionId = newId();
    let inputs: Record<string, unknown>;
    try {
      const form = await readInputForm(ctx, services, flow, executionId);
      inputs = typedInputs(inputDeclarations(flow), form.values, inputContext(services, flow, executionId));
    } catch (error) {
      // A rejected execution leaves no uploaded file behind.
      storage.deletePrefix(executionPrefix(flow.namespace, flow.id, executionId));
      throw error;
    }
    // Answered once committed, as created (it may already be running by then).
    const execution = await engine.create({ id: executionId, flow: { namespace: flow.namespace, id: flow.id, revision: flow.revision }, inputs, labels, scheduleDate, kind, breakpoints });
    if (!wait) {
      respond(execution);
      return;
    }
    // A client that hangs up stops the wait (the execution itself goes on).
    const gone = new Promise<undefined>((resolve) => ctx.res.once('close', () => resolve(undefined)));
    const final = await Promise.race([engine.waitForTermination(executionId), gone]);
    if (!ctx.res.writableEnded && !ctx.res.destroyed) respond(final ?? (await engine.get(executionId)) ?? execution);
  };

  return [
    { method: 'POST', path: 'executions/{namespace}/{id}', handler: (ctx) => trigger(ctx, true) },
    { method: 'POST', path: 'executions/trigger/{namespace}/{id}', handler: (ctx) => trigger(ctx, false) },
    {
      method: 'POST',
      path: 'executions/{namespace}/{id}/validate',
      handler: async (ctx) => {
        const flow = flows.get(ctx.params.namespace!, ctx.params.id!, queryInt(ctx.query, 'revision'));
        if (!flow) throw notFound('Requested Flow is not found.');
        const executionId = newId();
        const prefix = executionPrefix(flow.namespace, flow.id, executionId);
        try {
          const form = await readInputForm(ctx, services, flow, executionId);
          const context = inputContext(services, flow, executionId);
          const results = validateEach(inputDeclarations(flow), form.values, context);
          sendJson(ctx.res, 200, { id: flow.id, namespace: flow.namespace, inputs: results, checks: [] });
        } finally {
          storage.deletePrefix(prefix);
        }
      },
    },
    {
      method: 'GET',
      path: 'executions/search',
      handler: async (ctx) => {
        const page = parsePaging(ctx.query, 'searchExecutions');
        await engine.flush();
        const criteria = executionCriteria(ctx.query, config.systemNamespace);
        const { executions, total } = executionRepository.search({
          where: criteria.where,
          params: criteria.params,
          orderBy: executionOrder(page.sort),
          limit: page.size,
          offset: (page.page - 1) * page.size,
        });
        const held = await engine.heldMany(executions.map((e) => e.id));
        sendJson(ctx.res, 200, { results: executions.map((e, i) => views.executionInList(held[i] ?? e)), total });
      },
    },
    {
      method: 'GET',
      path: 'executions',
      handler: async (ctx) => {
        const page = parsePaging(ctx.query, 'searchExecutionsByFlowId');
        await engine.flush();
        const namespace = requiredQuery(ctx.query, 'namespace');
        const flowId = requiredQuery(ctx.query, 'flowId');
        const { executions, total } = executionRepository.search({
          where: ['namespace = ?', 'flow_id = ?'],
          params: [namespace, flowId],
          orderBy: executionOrder(page.sort),
          limit: page.size,
          offset: (page.page - 1) * page.size,
        });
        const held = await engine.heldMany(executions.map((e) => e.id));
        sendJson(ctx.res, 200, { results: executions.map((e, i) => views.executionInList(held[i] ?? e)), total });
      },
    },
    {
      method: 'GET',
      path: 'executions/{executionId}',
      handler: async (ctx) => {
        const id = ctx.params.executionId!;
        const unsaved = await engine.unsaved(id);
        if (unsaved) {
          sendJson(ctx.res, 200, views.execution(unsaved));
          return;
        }
        // Stored as its latest state: read here, not copied from the engine thread, and sent as
        // stored when the version's view is the stored shape (no parse and serialise of every task run).
        if (views.executionAsStored) {
          const text = executionRepository.findJson(id);
          if (text === undefined) throw notFound();
          sendJsonText(ctx.res, 200, text);
          return;
        }
        const stored = executionRepository.find(id);
        if (!stored) throw notFound();
        sendJson(ctx.res, 200, views.execution(stored));
      },
    },
    {
      method: 'GET',
      path: 'executions/{executionId}/flow',
      handler: async (ctx) => {
        const execution = await requireExecution(ctx.params.executionId!);
        const flow = flows.get(execution.namespace, execution.flowId, execution.flowRevision, true);
        if (!flow) throw notFound(`Unable to find flow ${execution.namespace}.${execution.flowId} revision ${execution.flowRevision}`);
        sendJson(ctx.res, 200, views.flow(flowJson(flow, config.tenant, false)));
      },
    },
    {
      method: 'GET',
      path: 'executions/flows/{namespace}/{flowId}',
      handler: (ctx) => {
        const flow = flows.get(ctx.params.namespace!, ctx.params.flowId!, queryInt(ctx.query, 'revision'), true);
        if (!flow) throw notFound(`Unable to find flow ${ctx.params.namespace}.${ctx.params.flowId}`);
        sendJson(ctx.res, 200, views.flow(flowJson(flow, config.tenant, false)));
      },
    },
    {
      method: 'GET',
      path: 'executions/{executionId}/follow',
      handler: (ctx) => followExecution(ctx, services),
    },
    {
      method: 'GET',
      path: 'executions/{executionId}/file',
      handler: async (ctx) => {
        const { storagePath } = await resolveExecutionFile(ctx, services);
        const stats = storage.stat(storagePath);
        if (!stats) throw notFound(`File '${requiredQuery(ctx.query, 'path')}' not found`);
        ctx.res.writeHead(200, {
          'Content-Type': 'application/octet-stream',
          'Content-Length': stats.size,
          'Content-Disposition': `attachment; filename="${path.posix.basename(storagePath).replace(/"/g, '')}"`,
        });
        await pipeline(storage.read(storagePath), ctx.res);
      },
    },
    {
      method: 'GET',
      path: 'executions/{executionId}/file/metas',
      handler: async (ctx) => {
        const { storagePath } = await resolveExecutionFile(ctx, services);
        const stats = storage.stat(storagePath);
        if (!stats) throw notFound(`File '${requiredQuery(ctx.query, 'path')}' not found`);
        sendJson(ctx.res, 200, { size: stats.size });
      },
    },
    {
      method: 'GET',
      path: 'executions/{executionId}/file/preview',
      handler: async (ctx) => {
        const { storagePath } = await resolveExecutionFile(ctx, services);
        const stats = storage.stat(storagePath);
        if (!stats) throw notFound(`File '${requiredQuery(ctx.query, 'path')}' not found`);
        const maxRows = queryInt(ctx.query, 'maxRows') ?? 5000;
        const lines: string[] = [];
        let buffered = '';
        const stream = storage.read(storagePath);
        for await (const chunk of stream as AsyncIterable<Buffer>) {
          buffered += chunk.toString('utf8');
          const parts = buffered.split('\n');
          buffered = parts.pop() ?? '';
          lines.push(...parts);
          if (lines.length >= maxRows) {
            stream.destroy();
            break;
          }
        }
        if (lines.length < maxRows && buffered) lines.push(buffered);
        const extension = path.posix.extname(storagePath).slice(1);
        sendJson(ctx.res, 200, { extension, content: lines.slice(0, maxRows).join('\n'), type: 'TEXT', truncated: lines.length >= maxRows });
      },
    },
    ...executionActionRoutes(services),
    ...executionBulkRoutes(services),
  ];
}

/** The storage path of `?path=kestra:///…`, restricted to the execution's namespace. */
async function resolveExecutionFile(ctx: RouteContext, services: SandboxServices): Promise<{ execution: Execution; storagePath: string }> {
  const execution = await services.engine.get(ctx.params.executionId!);
  if (!execution) throw notFound(`Execution '${ctx.params.executionId}' not found`);
  const uri = requiredQuery(ctx.query, 'path');
  const storagePath = InternalStorage.pathOf(uri);
  if (!storagePath) throw illegalArgument(`Invalid internal storage uri '${uri}'`);
  if (storagePath.split('/').some((s) => s === '..')) throw illegalArgument(`File should be accessed with their full path and not using relative '..' path.`);
  const prefix = `/${namespacePath(execution.namespace)}/`;
  if (!storagePath.startsWith(prefix)) throw illegalArgument(`Unable to access a file outside of the execution namespace '${execution.namespace}'`);
  return { execution, storagePath };
}

async function followExecution(ctx: RouteContext, services: SandboxServices): Promise<void> {
  const { engine } = services;
  const id = ctx.params.executionId!;
  const sse = new SseStream(ctx.req, ctx.res);
  if (services.config.persona.sse.startFrame) await sse.send('start', { id });

  let execution = await engine.get(id);
  if (!execution) {
    // Kestra polls for a while (the execution may not be stored yet), then gives up without `end`.
    const deadline = Date.now() + FOLLOW_UNKNOWN_WAIT_MS;
    while (!execution && Date.now() < deadline && !sse.isClosed) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      execution = await engine.get(id);
    }
    if (!execution) {
      sse.end();
      return;
    }
  }
  if (isTerminated(execution.state.current)) {
    await sse.send('end', services.views.execution(execution));
    sse.end();
    return;
  }
  // Coalesce updates: a slow client gets the latest state, not an unbounded backlog.
  let pending: { id: string; json: string } | undefined;
  let writing = false;
  const pump = async (): Promise<void> => {
    if (writing) return;
    writing = true;
    while (pending && !sse.isClosed) {
      const frame = pending;
      pending = undefined;
      await sse.sendRaw(frame.id, frame.json);
      if (frame.id === 'end') {
        sse.end();
        break;
      }
    }
    writing = false;
  };
  const push = (snapshot: Execution): void => {
    if (pending?.id === 'end') return;
    const ended = isTerminated(snapshot.state.current);
    pending = { id: ended ? 'end' : 'progress', json: JSON.stringify(services.views.execution(snapshot)) };
    void pump();
  };
  // Subscribed before reading: the engine thread handles both in order, so the state read is at
  // least as new as every change announced before it, and every later change follows it.
  const unsubscribe = engine.subscribe(id, push);
  sse.onClose(unsubscribe);
  const current = await engine.get(id);
  if (!sse.isClosed) push(current ?? execution);
}

function executionActionRoutes(services: SandboxServices): RouteDefinition[] {
  const { engine, executionRepository, storage } = services;
  const load = async (id: string): Promise<Execution> => {
    const execution = await engine.get(id);
    if (!execution) throw notFound(`Execution '${id}' not found`);
    return execution;
  };
  return [
    {
      method: 'DELETE',
      path: 'executions/{executionId}/kill',
      handler: async (ctx) => {
        const id = ctx.params.executionId!;
        await load(id);
        const cascade = queryBool(ctx.query, 'isOnKillCascade', true);
        const killing = await engine.kill(id);
        if (!killing && !cascade) throw illegalState("Execution is already finished, can't kill it");
        sendEmpty(ctx.res, 202);
      },
    },
    {
      method: 'POST',
      path: 'executions/{executionId}/restart',
      handler: async (ctx) => {
        const execution = await engine.restart(ctx.params.executionId!, queryInt(ctx.query, 'revision'));
        sendJson(ctx.res, 200, services.views.execution(execution));
      },
    },
    {
      method: 'POST',
      path: 'executions/{executionId}/replay',
      handler: async (ctx) => {
        const execution = await engine.replay(ctx.params.executionId!, queryString(ctx.query, 'taskRunId'), queryInt(ctx.query, 'revision'));
        sendJson(ctx.res, 200, services.views.execution(execution));
      },
    },
    {
      method: 'POST',
      path: 'executions/{executionId}/pause',
      handler: async (ctx) => {
        await engine.pause(ctx.params.executionId!);
        sendEmpty(ctx.res, 204);
      },
    },
    {
      method: 'POST',
      path: 'executions/{executionId}/resume',
      handler: async (ctx) => {
        const id = ctx.params.executionId!;
        const execution = await load(id);
        // The Pause task's onResume inputs arrive as a form, typed and validated like flow inputs.
        const declarations = await engine.resumeInputs(id);
        const values = await readResumeForm(ctx, services, execution, declarations);
        const inputs = declarations.length > 0 ? typedInputs(declarations, values, resumeInputContext(services, execution)) : undefined;
        await engine.resume(id, inputs);
        sendEmpty(ctx.res, 204);
      },
    },
    {
      method: 'POST',
      path: 'executions/{executionId}/resume/validate',
      handler: async (ctx) => {
        const id = ctx.params.executionId!;
        const execution = await load(id);
        const declarations = await engine.resumeInputs(id);
        const values = await readResumeForm(ctx, services, execution, declarations);
        const context = resumeInputContext(services, execution);
        sendJson(ctx.res, 200, validateEach(declarations, values, context));
      },
    },
    {
      method: 'POST',
      path: 'executions/{executionId}/eval',
      handler: async (ctx) => {
        const expression = await readExpression(ctx);
        sendJson(ctx.res, 200, await engine.evaluate(ctx.params.executionId!, expression));
      },
    },
    {
      method: 'POST',
      path: 'executions/{executionId}/eval/{taskRunId}',
      handler: async (ctx) => {
        const expression = await readExpression(ctx);
        sendJson(ctx.res, 200, await engine.evaluate(ctx.params.executionId!, expression, ctx.params.taskRunId!));
      },
    },
    {
      method: 'POST',
      path: 'executions/{executionId}/unqueue',
      handler: async (ctx) => {
        const text = queryString(ctx.query, 'state');
        const state = text === undefined ? 'RUNNING' : (text.toUpperCase() as StateType);
        if (!STATE_TYPES.includes(state)) throw badRequest(`Failed to convert argument [state] for value [${text}]`);
        sendJson(ctx.res, 200, services.views.execution(await engine.unqueue(ctx.params.executionId!, state)));
      },
    },
    {
      method: 'POST',
      path: 'executions/{executionId}/force-run',
      handler: async (ctx) => {
        sendJson(ctx.res, 200, services.views.execution(await engine.forceRun(ctx.params.executionId!)));
      },
    },
    {
      method: 'POST',
      path: 'executions/{executionId}/change-status',
      handler: async (ctx) => {
        const status = requiredQuery(ctx.query, 'status').toUpperCase() as StateType;
        if (!STATE_TYPES.includes(status)) throw badRequest(`Failed to convert argument [status] for value [${status}]`);
        if (!isTerminated(status)) throw illegalArgument(`Invalid status '${status}': only terminal states are allowed`);
        sendJson(ctx.res, 200, services.views.execution(await engine.changeStatus(ctx.params.executionId!, status)));
      },
    },
    {
      method: 'POST',
      path: 'executions/{executionId}/labels',
      handler: async (ctx) => {
        const execution = await load(ctx.params.executionId!);
        const body = await readJson(ctx.req);
        if (!Array.isArray(body)) throw illegalArgument('The labels must be a list of {key, value}');
        const labels = body.map((item) => {
          const record = (item ?? {}) as Record<string, unknown>;
          return { key: String(record.key ?? ''), value: String(record.value ?? '') };
        });
        if (!isTerminated(execution.state.current)) throw new KestraHttpError(400, 'Bad Request: The execution is not terminated');
        const system = (execution.labels ?? []).filter((l) => l.key.startsWith('system.'));
        for (const label of labels) {
          if (label.key.startsWith('system.') && !system.some((s) => s.key === label.key && s.value === label.value)) {
            throw illegalArgument(`System labels can only be set by Kestra itself, offending label: ${label.key}=${label.value}`);
          }
          if (label.key === '' || label.value === '') throw illegalArgument('Label keys and values must not be empty');
        }
        const updated: Execution = { ...execution, labels: [...system, ...labels.filter((l) => !l.key.startsWith('system.'))] };
        await engine.saveExecution(updated);
        sendJson(ctx.res, 200, services.views.execution(updated));
      },
    },
    {
      method: 'DELETE',
      path: 'executions/{executionId}',
      handler: async (ctx) => {
        const execution = await load(ctx.params.executionId!);
        if (!isTerminated(execution.state.current)) throw illegalState(`Execution '${execution.id}' is not terminated, kill it before deleting it`);
        if (queryBool(ctx.query, 'deleteLogs', true)) await engine.deleteLogs(execution.id);
        if (queryBool(ctx.query, 'deleteStorage', true)) storage.deletePrefix(executionPrefix(execution.namespace, execution.flowId, execution.id));
        // Its last change may still be on its way to SQLite (the engine writes behind): written
        // first, so the row cannot come back after the delete.
        await engine.flush();
        executionRepository.delete(execution.id);
        sendEmpty(ctx.res, 204);
      },
    },
  ];
}

