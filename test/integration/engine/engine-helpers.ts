// Helpers for the engine tests: a sandbox per file over real HTTP, flows deployed from YAML,
// executions started through the API and awaited on their state (no fixed sleeps).
/* eslint-disable @typescript-eslint/no-explicit-any */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, expect } from 'vitest';
import { useSandbox, type TestSandbox } from '../../fixtures/sandbox';
import type { SandboxOptions } from '../../../main/sandbox/server';
import { form, randomNamespace, request, yamlBody, type RawResponse } from '../sandbox/helpers';

export { form, randomNamespace, request };

export type Json = any;

export interface EngineApi {
  sandbox(): TestSandbox;
  api(): string;
  /** Creates the flow (namespace substituted for `{{ns}}` is the caller's job); fails the test on error. */
  deploy(source: string): Promise<Json>;
  /** Starts an execution; `inputs` as multipart fields. */
  start(namespace: string, flowId: string, options?: { inputs?: Record<string, string>; query?: string }): Promise<Json>;
  /** Starts and waits for the end (`wait=true`). */
  run(namespace: string, flowId: string, options?: { inputs?: Record<string, string>; query?: string }): Promise<Json>;
  get(id: string): Promise<Json>;
  waitFor(id: string, predicate?: (execution: Json) => boolean, timeoutMs?: number): Promise<Json>;
  logs(id: string, query?: string): Promise<Json[]>;
  call(path: string, init?: RequestInit): Promise<RawResponse>;
  /** The text of an internal-storage file of an execution (`GET …/executions/{id}/file`). */
  file(uri: string, executionId: string): Promise<string>;
  /** Executions of a flow, newest first (up to 100). */
  executionsOf(namespace: string, flowId: string): Promise<Json[]>;
  /** Polls until the flow has at least `count` executions (triggers start them). */
  waitForCount(namespace: string, flowId: string, count: number, timeoutMs?: number): Promise<Json[]>;
}

export const TERMINAL = ['SUCCESS', 'WARNING', 'FAILED', 'KILLED', 'CANCELLED', 'RETRIED'];

export function useEngine(options: Partial<SandboxOptions> = {}): EngineApi {
  const sandbox = useSandbox(options);
  const api = (): string => `${sandbox().url}/api/v1/main`;
  const get = async (id: string): Promise<Json> => (await request(`${api()}/executions/${id}`)).json();
  const engine: EngineApi = {
    sandbox,
    api,
    async deploy(source) {
      const res = await request(`${api()}/flows`, yamlBody(source));
      expect(res.status, res.text).toBe(200);
      return res.json();
    },
    async start(namespace, flowId, { inputs, query = '' } = {}) {
      const res = await request(`${api()}/executions/${namespace}/${flowId}${query}`, { method: 'POST', ...(inputs ? { body: form(inputs) } : {}) });
      expect(res.status, res.text).toBe(200);
      return res.json();
    },
    async run(namespace, flowId, { inputs, query = '' } = {}) {
      const separator = query.includes('?') ? '&' : '?';
      return engine.start(namespace, flowId, { inputs, query: `${query}${separator}wait=true` });
    },
    get,
    async waitFor(id, predicate = (e) => TERMINAL.includes(e.state?.current), timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      let last: Json;
      for (;;) {
        last = await get(id);
        if (predicate(last)) return last;
        if (Date.now() > deadline) throw new Error(`Execution ${id} did not reach the expected state; last: ${last?.state?.current} ${JSON.stringify(last?.taskRunList?.map((t: Json) => `${t.taskId}:${t.state.current}`))}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    async logs(id, query = '') {
      return (await request(`${api()}/logs/${id}${query}`)).json();
    },
    call(path, init) {
      return request(`${api()}${path}`, init);
    },
    async file(uri, executionId) {
      const res = await request(`${api()}/executions/${executionId}/file?path=${encodeURIComponent(uri)}`);
      expect(res.status, res.text).toBe(200);
      return res.text;
    },
    async executionsOf(namespace, flowId) {
      return (await engine.call(`/executions/search?filters[namespace][EQUALS]=${namespace}&filters[flowId][EQUALS]=${flowId}&size=100`)).json().results;
    },
    async waitForCount(namespace, flowId, count, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const list = await engine.executionsOf(namespace, flowId);
        if (list.length >= count) return list;
        if (Date.now() > deadline) throw new Error(`only ${list.length} executions of ${flowId}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
  };
  return engine;
}

/** `CREATED, RUNNING, …` of a state. */
export function history(subject: { state: { histories: { state: string }[] } }): string[] {
  return subject.state.histories.map((h) => h.state);
}

/** The task run of `taskId` (and `value`), failing the test when missing. */
export function taskRun(execution: Json, taskId: string, value?: string): Json {
  const found = (execution.taskRunList ?? []).find((t: Json) => t.taskId === taskId && (value === undefined || t.value === value));
  expect(found, `task run ${taskId}${value !== undefined ? `[${value}]` : ''} in ${JSON.stringify(execution.taskRunList?.map((t: Json) => t.taskId))}`).toBeDefined();
  return found;
}

export function attemptStates(run: Json): string[] {
  return (run.attempts ?? []).map((a: Json) => a.state.current);
}

export function messages(logs: Json[], taskId?: string): string[] {
  return logs.filter((l) => taskId === undefined || l.taskId === taskId).map((l) => l.message);
}

/** Polls until `predicate` holds on a task run of the execution. */
export function hasTaskRun(taskId: string, state: string) {
  return (e: Json): boolean => (e.taskRunList ?? []).some((t: Json) => t.taskId === taskId && t.state.current === state);
}

export interface Received {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string;
}

/** The test server runs in a child process (see fixtures/http-test-server.mjs). */
export function useHttpServer(): { url: () => string; received: () => Promise<Received[]> } {
  let child: ChildProcess;
  let base = '';
  beforeAll(async () => {
    child = spawn(process.execPath, [path.join(import.meta.dirname, 'fixtures', 'http-test-server.mjs')], { stdio: ['ignore', 'pipe', 'inherit'] });
    const port = await new Promise<string>((resolve, reject) => {
      child.stdout!.once('data', (chunk: Buffer) => resolve(chunk.toString().trim()));
      child.once('exit', (code) => reject(new Error(`the test HTTP server exited (${code})`)));
    });
    base = `http://127.0.0.1:${port}`;
  });
  afterAll(async () => {
    child.kill('SIGTERM');
    await new Promise((resolve) => (child.exitCode !== null ? resolve(undefined) : child.once('exit', resolve)));
  });
  return { url: () => base, received: async () => (await request(`${base}/__received`)).json() };
}
