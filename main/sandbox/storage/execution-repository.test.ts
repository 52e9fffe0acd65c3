import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../../test/fixtures/temp-dir';
import type { Execution, TaskRun } from '../engine/model';
import { newState, withState } from '../engine/state';
import { SandboxDatabase } from './database';
import { ExecutionRepository } from './execution-repository';

describe('ExecutionRepository.findJson', () => {
  const dirs: { remove(): void }[] = [];
  afterEach(() => dirs.splice(0).forEach((d) => d.remove()));

  function open() {
    const dir = makeTempDir('executions');
    dirs.push(dir);
    const db = new SandboxDatabase(path.join(dir.path, 'sandbox.db'));
    return { db, repository: new ExecutionRepository(db) };
  }

  const taskRun = (id: string, taskId: string, extra: Partial<TaskRun> = {}): TaskRun => ({
    tenantId: 'main',
    id,
    executionId: 'e1',
    namespace: 'company.team',
    flowId: 'f',
    taskId,
    state: withState(newState('CREATED'), 'SUCCESS'),
    outputs: null,
    ...extra,
  });

  it('is the JSON of find(): same text, task runs in their order, awkward strings kept', () => {
    const { db, repository } = open();
    const runs = [
      taskRun('r2', 'second', { value: 'quote " backslash \\ newline \n emoji 😀 lone \ud800 end', outputs: { n: 1.5e-7, big: 1e21, nested: { list: [true, null] } } }),
      taskRun('r1', 'first', { parentTaskRunId: 'r2' }),
    ];
    const execution = {
      tenantId: 'main',
      id: 'e1',
      namespace: 'company.team',
      flowId: 'f',
      flowRevision: 3,
      labels: [{ key: 'team', value: 'ops' }],
      state: withState(newState('CREATED'), 'SUCCESS'),
      taskRunList: runs,
      deleted: false,
    } as Execution;
    // Stored out of id order: the list order is the positions'.
    repository.save(execution, runs, (t) => runs.indexOf(t));
    const text = repository.findJson('e1');
    expect(text).toBe(JSON.stringify(repository.find('e1')));
    expect((JSON.parse(text!) as Execution).taskRunList?.map((t) => t.id)).toEqual(['r2', 'r1']);
    db.close();
  });

  it('gives an execution without task runs an empty list, and nothing for a missing or deleted one', () => {
    const { db, repository } = open();
    const execution = { tenantId: 'main', id: 'e2', namespace: 'n', flowId: 'f', flowRevision: 1, state: newState('CREATED'), deleted: false } as Execution;
    repository.save(execution);
    expect(JSON.parse(repository.findJson('e2')!)).toEqual({ ...execution, taskRunList: [] });
    expect(repository.findJson('e2')).toBe(JSON.stringify(repository.find('e2')));
    expect(repository.findJson('nope')).toBeUndefined();
    repository.save({ ...execution, deleted: true });
    expect(repository.findJson('e2')).toBeUndefined();
    db.close();
  });
});
