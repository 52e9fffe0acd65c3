import { describe, expect, it } from 'vitest';
import type { Execution, State } from '../engine/model';
import { KestraHttpError, alreadyExists, badRequest, illegalArgument, illegalState, invalidEntity, notFoundEmpty } from '../http/http-error';
import { problemOf } from '../http/problem';
import { PERSONAS, parsePersonaId, resolvePersona } from './index';
import { authorize, readOnlyGrants, requiredPermission } from './enterprise';
import { createViews } from './views';
import type { IncomingMessage } from 'node:http';

const state = (...types: State['current'][]): State => ({
  current: types[types.length - 1]!,
  histories: types.map((t, i) => ({ state: t, date: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString() })),
});

function execution(): Execution {
  return {
    tenantId: 'main',
    id: 'e1',
    namespace: 'a.b',
    flowId: 'f',
    flowRevision: 1,
    state: state('CREATED', 'RUNNING'),
    outputs: { out: 1 },
    deleted: false,
    taskRunList: [
      { tenantId: 'main', id: 't1', executionId: 'e1', namespace: 'a.b', flowId: 'f', taskId: 'x', state: state('CREATED', 'SUBMITTED', 'RUNNING'), outputs: { value: 'v' } },
      { tenantId: 'main', id: 't2', executionId: 'e1', namespace: 'a.b', flowId: 'f', taskId: 'y', state: state('CREATED', 'SUBMITTED'), outputs: null },
    ],
  };
}

describe('persona ids', () => {
  it('accepts ids and full versions of their line, nothing else', () => {
    expect(parsePersonaId('2.0')).toBe('2.0');
    expect(parsePersonaId('v0.24.3')).toBe('0.24');
    expect(parsePersonaId('1.3.25')).toBe('1.3');
    expect(parsePersonaId('1.30')).toBeUndefined();
    expect(parsePersonaId('3.0')).toBeUndefined();
  });

  it('resolves editions: OSS serves main, EE its tenants, 0.22 has no EE persona', () => {
    expect(resolvePersona('1.3').tenants).toEqual(['main']);
    expect(resolvePersona('2.0', 'EE', { tenants: ['acme'] }).tenants).toEqual(['acme']);
    expect(() => resolvePersona('0.22', 'EE')).toThrow(/not available/);
  });
});

describe('persona views', () => {
  it('1.3 serves the model unchanged (same object, no copy)', () => {
    const value = execution();
    expect(createViews(PERSONAS['1.3']).execution(value)).toBe(value);
  });

  it('says when a stored execution may be sent as stored: 1.3 only', () => {
    for (const [version, traits] of Object.entries(PERSONAS)) {
      const views = createViews(traits);
      const value = execution();
      expect([version, views.executionAsStored]).toEqual([version, (views.execution(value) as unknown) === value]);
    }
    expect(createViews(PERSONAS['1.3']).executionAsStored).toBe(true);
  });

  it('0.24: no SUBMITTED, durations while running, null outputs left out', () => {
    const view = createViews(PERSONAS['0.24']).execution(execution()) as any; // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(view.taskRunList[0].state.histories.map((h: { state: string }) => h.state)).toEqual(['CREATED', 'RUNNING']);
    expect(view.taskRunList[1].state.current).toBe('CREATED');
    expect(view.taskRunList[0].state.duration).toBe('PT2S');
    expect(view.state.duration).toBe('PT1S');
    expect(view.taskRunList[1].outputs).toBeUndefined();
    expect(view.taskRunList[0].outputs).toEqual({ value: 'v' });
    expect(view.tenantId).toBe('main');
  });

  it('0.22: no tenantId anywhere', () => {
    const views = createViews(PERSONAS['0.22']);
    const view = views.execution(execution()) as any; // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(view.tenantId).toBeUndefined();
    expect(view.taskRunList[0].tenantId).toBeUndefined();
    expect(views.flow({ id: 'f', tenantId: 'main' })).toEqual({ id: 'f' });
  });

  it('2.0: slim task runs, no outputs or deleted, no task runs in lists, draft flows', () => {
    const views = createViews(PERSONAS['2.0']);
    const view = views.execution(execution()) as any; // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(Object.keys(view.taskRunList[0]).sort()).toEqual(['id', 'state', 'taskId', 'tenantId']);
    expect(view.outputs).toBeUndefined();
    expect(view.deleted).toBeUndefined();
    expect(views.executionInList(execution()).taskRunList).toBeUndefined();
    expect(views.flow({ id: 'f' })).toEqual({ id: 'f', draft: false });
    expect(views.logPage({ results: [], total: 0 })).toEqual({ results: [], total: 0, type: 'OFFSET' });
  });

  it('KV shapes per version', () => {
    const detail = { type: 'STRING' as const, value: 'x', revision: 3, updated: '2026-01-01T00:00:00Z' };
    const row = { namespace: 'a', key: 'k', version: 3, type: 'STRING' as const, value: 'x', creationDate: 'c', updateDate: 'u' };
    expect(createViews(PERSONAS['0.24']).kvValue(detail)).toEqual({ type: 'STRING', value: 'x' });
    expect(createViews(PERSONAS['1.3']).kvValue(detail)).toEqual(detail);
    expect(createViews(PERSONAS['0.24']).kvEntry(row)).toEqual({ key: 'k', creationDate: 'c', updateDate: 'u' });
    expect(createViews(PERSONAS['1.3']).kvEntry(row)).toEqual({ namespace: 'a', key: 'k', version: 3, creationDate: 'c', updateDate: 'u' });
    expect(createViews(PERSONAS['2.0']).kvEntry(row)).toEqual({ namespace: 'a', key: 'k', revision: 3, creationDate: 'c', updateDate: 'u' });
  });
});

describe('problem+json (Kestra 2.x errors)', () => {
  const req = { url: '/api/v1/main/flows/x?y=1', method: 'GET' } as IncomingMessage;
  const type = (error: KestraHttpError): string => problemOf(req, error).type.replace('https://kestra.io/docs/api-reference/problems/', '');

  it('maps the 1.x reasons to the 2.x problem types', () => {
    expect(type(invalidEntity([{ path: 'flow.id', message: 'bad' }]))).toBe('validation-failed');
    expect(type(illegalArgument('x'))).toBe('invalid-argument');
    expect(type(illegalState('x'))).toBe('conflict');
    expect(type(badRequest('Failed to convert argument [page] for value [abc] due to: x'))).toBe('invalid-argument');
    expect(problemOf(req, badRequest('Failed to convert argument [page]')).status).toBe(422);
    expect(type(badRequest('Required QueryValue [q] not specified'))).toBe('invalid-query-parameter');
    expect(type(new KestraHttpError(401, 'Unauthorized', undefined, true))).toBe('unauthenticated');
  });

  it('strips the reason from detail, falls back to the title, hides 5xx causes', () => {
    expect(problemOf(req, illegalArgument('bad key'))).toMatchObject({ detail: 'bad key', instance: '/api/v1/main/flows/x' });
    expect(problemOf(req, notFoundEmpty())).toMatchObject({ status: 404, title: 'Resource not found', detail: 'Resource not found' });
    const server = problemOf(req, new KestraHttpError(500, 'Internal server error: secret path /x'));
    expect(server.detail).not.toContain('secret');
    expect(server.traceId).toMatch(/^[0-9a-f]{32}$/);
    const duplicate = alreadyExists(invalidEntity([{ path: 'flow.id', message: 'Flow id already exists' }]), "A flow with id 'f' already exists in namespace 'n'.");
    expect(problemOf(req, duplicate)).toMatchObject({ status: 409, title: 'Entity already exists', detail: "A flow with id 'f' already exists in namespace 'n'." });
  });
});

describe('Enterprise RBAC table', () => {
  it('names the permission each console route needs', () => {
    expect(requiredPermission('POST', 'flows')).toEqual({ permission: 'FLOW', action: 'CREATE' });
    expect(requiredPermission('PUT', 'flows/{namespace}/{id}')).toEqual({ permission: 'FLOW', action: 'UPDATE' });
    expect(requiredPermission('POST', 'flows/validate')).toBeUndefined();
    expect(requiredPermission('POST', 'executions/{namespace}/{id}')).toEqual({ permission: 'EXECUTION', action: 'CREATE' });
    expect(requiredPermission('POST', 'executions/{executionId}/actions/restart')).toEqual({ permission: 'EXECUTION', action: 'UPDATE' });
    expect(requiredPermission('DELETE', 'executions/{executionId}/kill')).toEqual({ permission: 'EXECUTION', action: 'UPDATE' });
    expect(requiredPermission('DELETE', 'executions/{executionId}')).toEqual({ permission: 'EXECUTION', action: 'DELETE' });
    expect(requiredPermission('GET', 'outputs/tasks/{executionId}')).toEqual({ permission: 'EXECUTION', action: 'READ' });
    expect(requiredPermission('PUT', 'namespaces/{namespace}/kv/{key}')).toEqual({ permission: 'KVSTORE', action: 'CREATE' });
    expect(requiredPermission('POST', 'namespaces/{namespace}/files')).toEqual({ permission: 'FLOW', action: 'CREATE' });
    expect(requiredPermission('POST', 'executions/webhook/{namespace}/{id}/{key}')).toBeUndefined();
  });

  it('denies what a grant lacks, with a 403', () => {
    const reader = { name: 'reader', superAdmin: false, grants: { '*': readOnlyGrants() } };
    expect(() => authorize(reader, 'demo', { permission: 'FLOW', action: 'READ' })).not.toThrow();
    expect(() => authorize(reader, 'demo', { permission: 'FLOW', action: 'CREATE' })).toThrow(expect.objectContaining({ status: 403 }));
    const demo = { name: 'd', superAdmin: false, grants: { demo: readOnlyGrants() } };
    expect(() => authorize(demo, 'prod', undefined)).toThrow(/no access to tenant 'prod'/);
  });
});
