// The engine thread's side: per tenant, the execution engine with its writer, logs, tasks and the
// triggers that create executions (Schedule, Flow, HTTP), over the thread's own SQLite connection.
// It answers the API thread's calls (protocol.ts) and forwards the committed changes the API
// thread follows.
import { ExecutionEngine } from '../engine/execution-engine';
import { LogService } from '../engine/log-service';
import { notFound } from '../http/http-error';
import { LogTextFiles } from '../storage/log-text-files';
import { HttpTriggers } from '../tasks/http/http-trigger';
import { FlowTriggers } from '../triggers/flow-triggers';
import { ScheduleTriggers } from '../triggers/schedule-triggers';
import { loadTaskModules, openTenantStores, type TenantStores } from '../tenant-stores';
import { toWireError, type Channel, type EngineCalls, type EngineThreadData, type FromEngine, type ToEngine } from './protocol';

interface TenantEngine {
  stores: TenantStores;
  engine: ExecutionEngine;
  logs: LogService;
  calls: EngineCalls;
  /** What the API thread follows (`channel:id`, subscribed once however many followers it has) → unsubscribe. */
  followed: Map<string, () => void>;
  stop(): Promise<void>;
}

function openTenantEngine(tenant: string, dir: string, data: EngineThreadData, stores: TenantStores): TenantEngine {
  const { db, flows, flowRepository, registry, secrets, storage, kv, files, taskHost, renderOptions } = stores;
  const logs = new LogService(stores.logRepository, new LogTextFiles(db, dir), db);
  const engine = new ExecutionEngine({
    tenantId: tenant,
    db,
    executions: stores.executionRepository,
    logs,
    flows,
    registry,
    storage,
    secrets,
    services: { kv, namespaceFiles: files, storage, flows, host: taskHost },
    renderOptions,
    baseUrl: () => data.baseUrl,
  });
  const calls: EngineCalls = {
    get: (id) => engine.get(id),
    unsaved: (id) => engine.unsaved(id),
    getMany: (ids) => ids.map((id) => engine.get(id)),
    heldMany: (ids) => ids.map((id) => engine.held(id)),
    flush: () => engine.flush(),
    create: async (request) => {
      const flow = flows.get(request.flow.namespace, request.flow.id, request.flow.revision, true);
      if (!flow) throw notFound('Requested Flow is not found.');
      const created = engine.create({ ...request, flow }, true);
      // The answer is the execution as created (it may already be running once the commit is done).
      const execution = structuredClone(created.execution);
      await created.committed;
      return execution;
    },
    waitForTermination: (id) => engine.waitForTermination(id),
    kill: (id) => engine.kill(id),
    restart: (id, revision) => engine.restart(id, revision),
    replay: (id, taskRunId, revision) => engine.replay(id, taskRunId, revision),
    pause: (id) => engine.pause(id),
    resumeInputs: (id) => engine.resumeInputs(id),
    resume: (id, inputs) => engine.resume(id, inputs),
    unqueue: (id, state) => engine.unqueue(id, state),
    forceRun: (id) => engine.forceRun(id),
    changeStatus: (id, status) => engine.changeStatus(id, status),
    evaluate: (id, expression, taskRunId) => engine.evaluate(id, expression, taskRunId),
    saveExecution: (execution) => {
      stores.executionRepository.save(execution);
      engine.events.emit(execution);
    },
    flushLogs: () => logs.flush(),
    logTextFile: (executionId) => {
      logs.flush();
      return logs.textFiles.open(executionId);
    },
    deleteLogs: (executionId, filter) => logs.deleteExecution(executionId, filter),
    deleteFlowLogs: (namespace, flowId, triggerId) => logs.deleteFlow(namespace, flowId, triggerId),
  };
  engine.recover();
  const schedules = new ScheduleTriggers({ flows, flowRepository, engine, registry, secrets, renderOptions });
  schedules.start();
  const flowTriggers = new FlowTriggers({ flows, flowRepository, engine, registry, secrets, renderOptions });
  flowTriggers.start();
  const httpTriggers = new HttpTriggers({ flows, flowRepository, engine, registry, renderOptions, allowed: () => taskHost.http });
  httpTriggers.start();
  return {
    stores,
    engine,
    logs,
    calls,
    followed: new Map(),
    stop: async () => {
      schedules.stop();
      flowTriggers.stop();
      httpTriggers.stop();
      await engine.close();
      db.close();
    },
  };
}

/** Opens every tenant and serves `port` until told to close. */
export async function serveEngine(data: EngineThreadData, port: { on(event: 'message', listener: (message: ToEngine) => void): void; postMessage(message: FromEngine): void }): Promise<void> {
  const extraTasks = await loadTaskModules(data.taskModules);
  const tenants = new Map<string, TenantEngine>();
  const logsOf = new Map<string, LogService>();
  const opened: TenantStores[] = [];
  try {
    for (const { tenant, dir } of data.tenants) {
      const stores = openTenantStores(tenant, dir, { thread: 'engine', extraTasks, allow: data.allow, beforeLogRead: () => logsOf.get(tenant)?.flush() });
      opened.push(stores);
      const tenantEngine = openTenantEngine(tenant, dir, data, stores);
      logsOf.set(tenant, tenantEngine.logs);
      tenants.set(tenant, tenantEngine);
    }
  } catch (error) {
    for (const stores of opened) stores.db.close();
    throw error;
  }

  const follow = (tenant: TenantEngine, tenantId: string, channel: Channel, id: string): (() => void) => {
    if (channel === 'execution') {
      // Committed snapshots (the writer announces after its transaction), serialised right away.
      return tenant.engine.events.subscribe(id, (execution) => port.postMessage({ type: 'event', tenant: tenantId, channel, id, payload: execution }));
    }
    return tenant.logs.subscribe(id, (logs) => port.postMessage({ type: 'event', tenant: tenantId, channel, id, payload: logs }));
  };

  let closing = false;
  port.on('message', (message) => {
    if (message.type === 'close') {
      if (closing) return;
      closing = true;
      void Promise.allSettled([...tenants.values()].map((tenant) => tenant.stop())).then(() => port.postMessage({ type: 'closed' }));
      return;
    }
    const tenant = tenants.get(message.tenant);
    if (!tenant) return;
    switch (message.type) {
      case 'call': {
        const { callId } = message;
        const reply = (value: unknown): void => port.postMessage({ type: 'result', callId, value });
        const fail = (error: unknown): void => port.postMessage({ type: 'error', callId, error: toWireError(error) });
        try {
          const method = tenant.calls[message.method] as (...args: unknown[]) => unknown;
          const value = method(...message.args);
          if (value instanceof Promise) value.then(reply, fail);
          else reply(value);
        } catch (error) {
          fail(error);
        }
        return;
      }
      case 'subscribe': {
        const key = `${message.channel}:${message.id}`;
        if (!tenant.followed.has(key)) tenant.followed.set(key, follow(tenant, message.tenant, message.channel, message.id));
        return;
      }
      case 'unsubscribe': {
        const key = `${message.channel}:${message.id}`;
        tenant.followed.get(key)?.();
        tenant.followed.delete(key);
        return;
      }
      case 'flow-changed':
        tenant.stores.flows.emit(message.event);
        return;
    }
  });
  port.postMessage({ type: 'ready' });
}
