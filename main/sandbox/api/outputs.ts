// OutputController (Kestra 2.x): outputs leave the execution payload and are read here.
//   GET outputs/executions/{executionId}          the flow's outputs (a map)
//   GET outputs/tasks/{executionId}               [{taskId, taskRunId, value?, iteration?, inline}] for task runs with outputs
//   GET outputs/tasks/{executionId}/{taskRunId}   one task run's outputs (a map)
// The sandbox keeps every output inline (`inline: true`): it has no separate output storage.
import { notFound } from '../http/http-error';
import { sendJson } from '../http/respond';
import type { RouteDefinition } from '../http/router';
import type { Execution } from '../engine/model';
import type { SandboxServices } from './services';

export function outputRoutes(services: SandboxServices): RouteDefinition[] {
  const { engine } = services;
  const load = async (id: string): Promise<Execution> => {
    const execution = await engine.get(id);
    // executionRepository.findById(...).orElseThrow(NotFoundException::new)
    if (!execution) throw notFound(`Execution '${id}' not found`);
    return execution;
  };
  const hasOutputs = (outputs: Record<string, unknown> | null | undefined): outputs is Record<string, unknown> => outputs !== null && outputs !== undefined && Object.keys(outputs).length > 0;
  return [
    {
      method: 'GET',
      path: 'outputs/executions/{executionId}',
      handler: async (ctx) => {
        sendJson(ctx.res, 200, (await load(ctx.params.executionId!)).outputs ?? {});
      },
    },
    {
      method: 'GET',
      path: 'outputs/tasks/{executionId}',
      handler: async (ctx) => {
        const execution = await load(ctx.params.executionId!);
        const information = (execution.taskRunList ?? [])
          .filter((run) => hasOutputs(run.outputs))
          .map((run) => {
            const item: Record<string, unknown> = { taskId: run.taskId, taskRunId: run.id };
            if (run.value !== undefined) item.value = run.value;
            if (run.iteration !== undefined) item.iteration = run.iteration;
            item.inline = true;
            return item;
          });
        sendJson(ctx.res, 200, information);
      },
    },
    {
      method: 'GET',
      path: 'outputs/tasks/{executionId}/{taskRunId}',
      handler: async (ctx) => {
        const execution = await load(ctx.params.executionId!);
        const run = (execution.taskRunList ?? []).find((r) => r.id === ctx.params.taskRunId);
        if (!run) throw notFound(`Task run '${ctx.params.taskRunId}' not found in execution '${execution.id}'`);
        sendJson(ctx.res, 200, run.outputs ?? {});
      },
    },
  ];
}
