// Outputs of an execution. Up to 1.x they travel inside the execution (`outputs`, and each task
// run's `outputs`); 2.x serves them apart, per task run, from the outputs endpoints. Two 2.x
// route forms exist: `/outputs/tasks/{executionId}/{taskRunId}` (OutputController as released,
// 2.0.2/2.0.3) and `/outputs/{executionId}/{taskRunId}` (the migration guide and the 2.0.0
// snapshot spec). The client tries the released one first and keeps whichever answers.
import type { ApiPath } from '../api-paths';
import type { ApiTransport } from '../api-transport';
import { KestraError } from '../kestra-error';
import { checkExecutionId } from '../names';
import { asArrayOf, normaliseOutputInfo, normaliseOutputs } from '../normalise';
import type { ExecutionsResource } from './executions';

/** Released form first, then the documented one; both per route family. */
const ROUTES = {
  taskRun: ['/api/v1/{tenant}/outputs/tasks/{executionId}/{taskRunId}', '/api/v1/{tenant}/outputs/{executionId}/{taskRunId}'],
  index: ['/api/v1/{tenant}/outputs/tasks/{executionId}', '/api/v1/{tenant}/outputs/{executionId}'],
} as const satisfies Record<string, readonly ApiPath[]>;

function isNotFound(error: unknown): boolean {
  return error instanceof KestraError && error.data.status === 404;
}

export class OutputsResource {
  /** The route of each family this server answered on (2.x), once known. */
  private readonly known = new Map<keyof typeof ROUTES, ApiPath>();

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
    // Every route answering 404 means no stored outputs for this task run.
    return (await this.firstRoute('taskRun', params, 'loading the task run’s outputs', normaliseOutputs, signal)) ?? {};
  }

  /**
   * The task runs that have outputs, so a pane lists only those: 2.x asks the outputs index;
   * older servers answer from the execution. Null when a 2.x server offers no index.
   */
  async withOutputs(executionId: string, signal?: AbortSignal): Promise<string[] | null> {
    const { capabilities } = await this.t.context(signal);
    if (capabilities.api.taskRunOutputs === 'inline') {
      const execution = await this.executions.get(executionId, signal);
      return (execution.taskRunList ?? []).filter((r) => r.outputs && Object.keys(r.outputs).length > 0).map((r) => r.id);
    }
    const index = await this.firstRoute('index', { executionId: checkExecutionId(executionId) }, 'listing the task runs with outputs', (raw) => asArrayOf(raw, normaliseOutputInfo, 'outputs index'), signal);
    return index ? [...new Set(index.map((i) => i.taskRunId))] : null;
  }

  /** Tries a family's routes in order (the known one alone once found); undefined when all say 404. */
  private async firstRoute<T>(family: keyof typeof ROUTES, params: Record<string, string>, what: string, reader: (raw: unknown) => T, signal?: AbortSignal): Promise<T | undefined> {
    const known = this.known.get(family);
    for (const path of known ? [known] : ROUTES[family]) {
      try {
        const value = await this.t.read({ method: 'GET', path, params, signal, what }, reader);
        this.known.set(family, path);
        return value;
      } catch (error) {
        if (!isNotFound(error)) throw error;
      }
    }
    return undefined;
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
