// Outputs of an execution. Up to 1.x they travel inside the execution (`outputs`, and each task
// run's `outputs`); 2.x serves them apart, per task run, from the outputs endpoints. Two 2.x
// route forms exist: `/outputs/tasks/{executionId}/{taskRunId}` (OutputController as released,
// 2.0.2/2.0.3) and `/outputs/{executionId}/{taskRunId}` (the migration guide and the 2.0.0
// snapshot spec). The client tries the released one first and keeps whichever answers.
import type { ApiPath } from '../api-paths';
import type { ApiTransport } from '../api-transport';
import { KestraError } from '../kestra-error';
import { checkExecutionId } from '../names';
import { normaliseOutputs } from '../normalise';
import type { ExecutionsResource } from './executions';

const TASK_RUN_ROUTES: readonly ApiPath[] = ['/api/v1/{tenant}/outputs/tasks/{executionId}/{taskRunId}', '/api/v1/{tenant}/outputs/{executionId}/{taskRunId}'];

function isNotFound(error: unknown): boolean {
  return error instanceof KestraError && error.data.status === 404;
}

export class OutputsResource {
  /** The task-run route this server answered on (2.x), once known. */
  private taskRunRoute: ApiPath | undefined;

  constructor(
    private readonly t: ApiTransport,
    private readonly executions: ExecutionsResource,
  ) {}

  /** One task run's outputs (an empty map when it has none). */
  async taskRun(executionId: string, taskRunId: string, signal?: AbortSignal): Promise<Record<string, unknown>> {
    const params = { executionId: checkExecutionId(executionId), taskRunId: checkExecutionId(taskRunId) };
    const { capabilities } = await this.t.context(signal);
    if (capabilities.api.taskRunOutputs === 'inline') {
      const execution = await this.executions.get(executionId, signal);
      const run = execution.taskRunList?.find((r) => r.id === taskRunId);
      if (!run) throw new KestraError('http', `Execution ${executionId} has no task run ${taskRunId}.`, { status: 404 });
      return run.outputs && typeof run.outputs === 'object' ? run.outputs : {};
    }
    const routes = this.taskRunRoute ? [this.taskRunRoute] : TASK_RUN_ROUTES;
    for (const path of routes) {
      try {
        const outputs = await this.t.read({ method: 'GET', path, params, signal, what: 'loading the task run’s outputs' }, normaliseOutputs);
        this.taskRunRoute = path;
        return outputs;
      } catch (error) {
        if (!isNotFound(error)) throw error;
      }
    }
    // Every route answered 404: on a known route that means no stored outputs.
    return {};
  }

  /** The flow's own outputs (declared `outputs:` of the flow), once the execution has them. */
  async execution(executionId: string, signal?: AbortSignal): Promise<Record<string, unknown>> {
    const { capabilities } = await this.t.context(signal);
    if (capabilities.api.taskRunOutputs === 'endpoint') {
      try {
        return await this.t.read(
          { method: 'GET', path: '/api/v1/{tenant}/outputs/executions/{executionId}', params: { executionId: checkExecutionId(executionId) }, signal, what: 'loading the execution’s outputs' },
          normaliseOutputs,
        );
      } catch (error) {
        // The 2.0.0 snapshot still carried flow outputs inside the execution.
        if (!isNotFound(error)) throw error;
      }
    }
    const execution = await this.executions.get(executionId, signal);
    return execution.outputs && typeof execution.outputs === 'object' ? execution.outputs : {};
  }
}
