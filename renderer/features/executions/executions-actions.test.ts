import { QueryClient, type QueryKey } from '@tanstack/react-query';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Execution, StateType } from '../../../main/contract/kestra-model';
import { canPerform, isActionAvailable, type ActionContext } from '../../lib/actions';
import { runMutation } from '../../lib/mutations';
import { installTestBridge, invalidatedKeys, keyList, seededClient, testServer } from '../../lib/test-bridge';
import { executionKeys } from './api/execution-queries';
import {
  EXECUTIONS_ACTIONS,
  executionDelete,
  executionKill,
  executionKillAction,
  executionReplay,
  executionRestartAction,
  executionResumeAction,
  isStaleAfterExecutionWrite,
  useExecutionDialogs,
} from './executions-actions';

const bridge = installTestBridge();
const S = 'srv-1';

const execution = (id: string, state: StateType): Execution => ({ id, namespace: 'company.team', flowId: 'hello', flowRevision: 1, state: { current: state, histories: [] } }) as unknown as Execution;



const seeded = (keys: readonly QueryKey[]): QueryClient => seededClient(keys, (key) => (key.includes('detail') ? execution(String(key[4]), 'RUNNING') : []));

const cached: QueryKey[] = [
  [...executionKeys.search(S), 'filter-a', 100, 1],
  executionKeys.detail(S, 'ex1'),
  executionKeys.detail(S, 'ex2'),
  executionKeys.flow(S, 'company.team', 'hello', 1),
  executionKeys.preview(S, 'ex1', 'kestra:///x'),
  ['kestra', S, 'executions', 'latest-by-flow', 'company.team'],
  [...executionKeys.search('srv-2'), 'filter-a', 100, 1],
];

describe('execution writes', () => {
  beforeEach(() => bridge.reset());

  it('kills with the typed confirmation, then invalidates the searches, the flows pane’s last executions and that execution only', async () => {
    const client = seeded(cached);
    await runMutation(client, executionKill, { serverId: S, executionId: 'ex1', confirmation: 'Prod EU' });
    expect(bridge.calls).toEqual([{ method: 'executions.kill', params: { serverId: S, executionId: 'ex1', confirmation: 'Prod EU' } }]);
    expect(invalidatedKeys(client)).toEqual(
      keyList([...executionKeys.search(S), 'filter-a', 100, 1], executionKeys.detail(S, 'ex1'), ['kestra', S, 'executions', 'latest-by-flow', 'company.team']),
    );
  });

  it('caches the execution a replay creates, and leaves the original alone', async () => {
    const client = seeded(cached);
    bridge.answer('executions.replay', execution('ex9', 'CREATED'));
    await runMutation(client, executionReplay, { serverId: S, executionId: 'ex1' });
    expect(client.getQueryData<Execution>(executionKeys.detail(S, 'ex9'))?.state.current).toBe('CREATED');
    expect(client.getQueryState(executionKeys.detail(S, 'ex1'))?.isInvalidated).toBe(false);
  });

  it('drops a deleted execution instead of refetching it', async () => {
    const client = seeded(cached);
    await runMutation(client, executionDelete, { serverId: S, executionId: 'ex2' });
    expect(client.getQueryState(executionKeys.detail(S, 'ex2'))).toBeUndefined();
    expect(client.getQueryState(executionKeys.detail(S, 'ex1'))?.isInvalidated).toBe(false);
  });

  it('never touches what an execution write cannot change', () => {
    expect(isStaleAfterExecutionWrite(executionKeys.flow(S, 'company.team', 'hello', 1), S, 'ex1')).toBe(false);
    expect(isStaleAfterExecutionWrite(executionKeys.preview(S, 'ex1', 'kestra:///x'), S, 'ex1')).toBe(false);
    expect(isStaleAfterExecutionWrite(executionKeys.detail(S, 'ex1'), S)).toBe(false);
  });
});

describe('execution actions', () => {
  const onExecution = (state: StateType, server = testServer()): ActionContext => {
    const queryClient = new QueryClient();
    queryClient.setQueryData(executionKeys.detail(server.id, 'ex1'), execution('ex1', state));
    return { server, location: { pane: 'executions', params: { executionId: 'ex1' } }, queryClient };
  };

  it('offers Kill while it runs, disabled once it is being killed, and not at all once it ended', () => {
    expect(canPerform(executionKillAction, onExecution('RUNNING'))).toBe(true);
    expect(isActionAvailable(executionKillAction, onExecution('KILLING'))).toBe(true);
    expect(executionKillAction.disabledReason?.(onExecution('KILLING'))).toMatch(/already being killed/);
    expect(isActionAvailable(executionKillAction, onExecution('SUCCESS'))).toBe(false);
  });

  it('hides every write from the palette on a read-only server, with the policy as the toolbar’s reason', () => {
    const readOnly = onExecution('FAILED', testServer({ readOnly: true }));
    expect(executionRestartAction.disabledReason?.(readOnly)).toMatch(/read-only/);
    const writes = ['executions.kill', 'executions.restart', 'executions.replay', 'executions.resume'];
    expect(EXECUTIONS_ACTIONS.filter((action) => writes.includes(action.id) && canPerform(action, readOnly))).toEqual([]);
    expect(canPerform(executionRestartAction, onExecution('FAILED'))).toBe(true);
  });

  it('says why a state refuses a restart, and offers Resume only on a paused execution', () => {
    expect(executionRestartAction.disabledReason?.(onExecution('KILLED'))).toBe('Kestra does not restart killed executions');
    expect(isActionAvailable(executionResumeAction, onExecution('RUNNING'))).toBe(false);
    expect(canPerform(executionResumeAction, onExecution('PAUSED'))).toBe(true);
  });

  it('opens the resume dialog through state the pane renders (a command sent while the pane loads is kept)', async () => {
    const context = onExecution('PAUSED');
    await executionResumeAction.perform(context);
    expect(useExecutionDialogs.getState().dialog).toBe('resume');
    useExecutionDialogs.setState({ dialog: undefined });
  });

  it('applies only to the open execution of the executions pane', () => {
    const elsewhere = { ...onExecution('RUNNING'), location: { pane: 'flows' as const, params: { executionId: 'ex1' } } };
    expect(isActionAvailable(executionKillAction, elsewhere)).toBe(false);
    expect(isActionAvailable(executionRestartAction, elsewhere)).toBe(false);
  });
});
