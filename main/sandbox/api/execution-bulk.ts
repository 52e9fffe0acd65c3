// Execution actions on many executions at once (`…/by-ids` with a JSON list, `…/by-query` with the
// search filters): `{count}` on success, Kestra's BulkErrorResponse (400) when some are invalid.
import type { Execution, Label, StateType } from '../engine/model';
import { STATE_TYPES } from '../engine/model';
import { canBeRestarted, isTerminated } from '../engine/state';
import { KestraHttpError, badRequest } from '../http/http-error';
import { queryBool, queryString, readJson, requiredQuery } from '../http/request';
import { sendJson } from '../http/respond';
import { executionPrefix } from '../storage/internal-storage';
import type { RouteContext, RouteDefinition } from '../http/router';
import { executionOrder, executionCriteria } from './execution-search';
import type { SandboxServices } from './services';

interface Invalid {
  message: string;
  invalidValue: string;
}

/** BulkErrorResponse `{message, invalids}` (1.x); 2.x: problem bulk-validation-failed, one error per item. */
function bulkError(action: string, invalids: Invalid[]): KestraHttpError {
  const message = `invalid bulk ${action}`;
  const items = invalids.map((i) => ({ path: i.invalidValue, message: i.message }));
  return new KestraHttpError(400, message, items, false, {}, { type: 'bulk-validation-failed', detail: message }, { message, invalids });
}

export function executionBulkRoutes(services: SandboxServices): RouteDefinition[] {
  const { engine, executionRepository, storage, config } = services;

  const byIds = async (ctx: RouteContext, field?: string): Promise<{ ids: string[]; body: unknown }> => {
    const body = await readJson(ctx.req);
    const list = field ? (body as Record<string, unknown> | null)?.[field] : body;
    if (!Array.isArray(list)) throw badRequest('The request body must be a list of execution ids');
    return { ids: list.map(String), body };
  };
  const byQuery = (ctx: RouteContext): string[] => {
    const criteria = executionCriteria(ctx.query, config.systemNamespace);
    return executionRepository
      .search({ where: criteria.where, params: criteria.params, orderBy: executionOrder([]), limit: 100_000, offset: 0 })
      .executions.map((e) => e.id);
  };

  /** Validates every execution first, then applies the action to all: no half-done bulk. */
  const apply = async (ctx: RouteContext, action: string, ids: string[], check: (e: Execution) => string | undefined, run: (e: Execution) => Promise<unknown>): Promise<void> => {
    const executions: Execution[] = [];
    const invalids: Invalid[] = [];
    const found = await engine.getMany(ids);
    for (const [index, id] of ids.entries()) {
      const execution = found[index];
      if (!execution) {
        invalids.push({ message: 'execution not found', invalidValue: id });
        continue;
      }
      const problem = check(execution);
      if (problem) invalids.push({ message: problem, invalidValue: id });
      else executions.push(execution);
    }
    if (invalids.length > 0) throw bulkError(action, invalids);
    // Sent together, applied by the engine in this order.
    await Promise.all(executions.map((execution) => run(execution)));
    sendJson(ctx.res, 200, { count: executions.length });
  };

  const actions: {
    name: string;
    method: RouteDefinition['method'];
    path: string;
    check(e: Execution, ctx: RouteContext): string | undefined;
    run(e: Execution, ctx: RouteContext): Promise<unknown>;
  }[] = [
    {
      name: 'kill',
      method: 'DELETE',
      path: 'executions/kill',
      check: (e) => (isTerminated(e.state.current) ? 'execution already finished' : undefined),
      run: (e) => engine.kill(e.id),
    },
    {
      name: 'restart',
      method: 'POST',
      path: 'executions/restart',
      check: (e) => (canBeRestarted(e.state.current) ? undefined : 'execution not in state FAILED or KILLED, cannot be restarted'),
      run: (e) => engine.restart(e.id),
    },
    { name: 'replay', method: 'POST', path: 'executions/replay', check: () => undefined, run: (e) => engine.replay(e.id) },
    {
      name: 'resume',
      method: 'POST',
      path: 'executions/resume',
      check: (e) => (e.state.current === 'PAUSED' ? undefined : 'execution is not paused'),
      run: (e) => engine.resume(e.id),
    },
    {
      name: 'pause',
      method: 'POST',
      path: 'executions/pause',
      check: (e) => (e.state.current === 'RUNNING' ? undefined : 'execution is not running'),
      run: (e) => engine.pause(e.id),
    },
    {
      name: 'change-status',
      method: 'POST',
      path: 'executions/change-status',
      check: (e) => (isTerminated(e.state.current) && e.state.current !== 'KILLED' ? undefined : 'execution is not terminated'),
      run: (e, ctx) => engine.changeStatus(e.id, newStatus(ctx)),
    },
    {
      name: 'delete',
      method: 'DELETE',
      path: 'executions',
      check: (e, ctx) => (isTerminated(e.state.current) || queryBool(ctx.query, 'includeNonTerminated', false) ? undefined : 'execution not terminated'),
      run: async (e, ctx) => {
        if (!isTerminated(e.state.current)) await engine.kill(e.id);
        if (queryBool(ctx.query, 'deleteLogs', true)) await engine.deleteLogs(e.id);
        if (queryBool(ctx.query, 'deleteStorage', true)) storage.deletePrefix(executionPrefix(e.namespace, e.flowId, e.id));
        // Written-behind changes first, so the row cannot come back after the delete.
        await engine.flush();
        executionRepository.delete(e.id);
      },
    },
  ];

  function newStatus(ctx: RouteContext): StateType {
    const status = (queryString(ctx.query, 'newStatus') ?? requiredQuery(ctx.query, 'status')).toUpperCase() as StateType;
    if (!STATE_TYPES.includes(status) || !isTerminated(status)) throw badRequest(`Invalid status '${status}'`);
    return status;
  }

  const routes: RouteDefinition[] = actions.flatMap((action): RouteDefinition[] => [
    {
      method: action.method,
      path: `${action.path}/by-ids`,
      handler: async (ctx) => {
        if (action.name === 'change-status') newStatus(ctx);
        const { ids } = await byIds(ctx);
        await apply(ctx, action.name, ids, (e) => action.check(e, ctx), (e) => action.run(e, ctx));
      },
    },
    {
      method: action.method,
      path: `${action.path}/by-query`,
      handler: async (ctx) => {
        if (action.name === 'change-status') newStatus(ctx);
        await apply(ctx, action.name, byQuery(ctx), (e) => action.check(e, ctx), (e) => action.run(e, ctx));
      },
    },
  ]);

  const setLabels = (ctx: RouteContext, ids: string[], labels: Label[]): Promise<void> =>
    apply(
      ctx,
      'labels',
      ids,
      () => (labels.some((l) => l.key.startsWith('system.')) ? 'system labels cannot be set' : undefined),
      (e) => {
        const merged = [...(e.labels ?? []).filter((l) => !labels.some((n) => n.key === l.key)), ...labels];
        return engine.saveExecution({ ...e, labels: merged });
      },
    );
  routes.push(
    {
      method: 'POST',
      path: 'executions/labels/by-ids',
      handler: async (ctx) => {
        const body = ((await readJson(ctx.req)) ?? {}) as { executionsId?: unknown; executionLabels?: unknown };
        const ids = Array.isArray(body.executionsId) ? body.executionsId.map(String) : [];
        const labels = Array.isArray(body.executionLabels) ? (body.executionLabels as Label[]).map((l) => ({ key: String(l.key), value: String(l.value) })) : [];
        await setLabels(ctx, ids, labels);
      },
    },
    {
      method: 'POST',
      path: 'executions/labels/by-query',
      handler: async (ctx) => {
        const body = await readJson(ctx.req);
        const labels = Array.isArray(body) ? (body as Label[]).map((l) => ({ key: String(l.key), value: String(l.value) })) : [];
        await setLabels(ctx, byQuery(ctx), labels);
      },
    },
  );
  return routes;
}
