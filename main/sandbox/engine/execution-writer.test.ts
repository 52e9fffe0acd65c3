import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../../test/fixtures/temp-dir';
import { SandboxDatabase } from '../storage/database';
import { ExecutionRepository } from '../storage/execution-repository';
import { ExecutionEvents } from './execution-events';
import { ExecutionWriter } from './execution-writer';
import { LiveExecution } from './live-execution';
import type { Execution, TaskRun } from './model';
import { newState, withState } from './state';

describe('ExecutionWriter', () => {
  const dirs: { remove(): void }[] = [];
  afterEach(() => dirs.splice(0).forEach((d) => d.remove()));

  function setup() {
    const dir = makeTempDir('writer');
    dirs.push(dir);
    const db = new SandboxDatabase(path.join(dir.path, 'sandbox.db'));
    const repository = new ExecutionRepository(db);
    const events = new ExecutionEvents();
    const writer = new ExecutionWriter(db, repository, events);
    const live = (id: string) =>
      new LiveExecution(
        { tenantId: 'main', id, namespace: 'n', flowId: 'f', flowRevision: 1, taskRunList: [], state: newState('CREATED'), deleted: false } as Execution,
        { namespace: 'n', id: 'f', revision: 1, deleted: false, source: '', updated: '', document: { id: 'f', namespace: 'n', tasks: [] } },
      );
    return { db, repository, events, writer, live };
  }

  it('batches changes until the next flush, then commits and announces them once', async () => {
    const { db, repository, events, writer, live } = setup();
    const a = live('a');
    const seen: string[] = [];
    events.subscribe('*', (e) => seen.push(`${e.id}:${e.state.current}`));
    writer.mark(a);
    a.execution.state = withState(a.execution.state, 'RUNNING');
    const run: TaskRun = { tenantId: 'main', id: 't1', executionId: 'a', namespace: 'n', flowId: 'f', taskId: 't', state: newState('CREATED'), outputs: null };
    a.add(run);
    writer.mark(a, run);
    expect(repository.find('a')).toBeUndefined();
    for (let i = 0; i < 100 && !repository.find('a'); i += 1) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(repository.find('a')?.state.current).toBe('RUNNING');
    expect(repository.find('a')?.taskRunList?.map((t) => t.id)).toEqual(['t1']);
    expect(seen).toEqual(['a:RUNNING']);
    db.close();
  });

  it('group commit: durable() resolves after the shared commit; flushNow() commits at once', async () => {
    const { db, repository, writer, live } = setup();
    const [a, b] = [live('a'), live('b')];
    const both = Promise.all([writer.durable(a), writer.durable(b)]);
    expect(repository.find('a')).toBeUndefined();
    await both;
    expect(repository.find('a')).toBeDefined();
    expect(repository.find('b')).toBeDefined();
    const c = live('c');
    writer.flushNow(c);
    expect(repository.find('c')).toBeDefined();
    // Frozen (shutdown): later changes are not written.
    writer.freeze();
    c.execution.state = withState(c.execution.state, 'RUNNING');
    writer.flushNow(c);
    expect(repository.find('c')?.state.current).toBe('CREATED');
    await expect(writer.durable(live('d'))).rejects.toThrow('The sandbox is stopping');
    db.close();
  });
});
