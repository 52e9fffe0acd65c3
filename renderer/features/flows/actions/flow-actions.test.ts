import { QueryClient, type QueryKey } from '@tanstack/react-query';
import { beforeEach, describe, expect, it } from 'vitest';
import type { FlowWithSource } from '../../../../main/contract/kestra-model';
import { canPerform, isActionAvailable, type ActionContext } from '../../../lib/actions';
import { consoleKeys, kestraKeys } from '../../../lib/query-keys';
import { installTestBridge, invalidatedKeys, keyList, testServer } from '../../../lib/test-bridge';
import { useFlowEditors } from '../editor-store';
import { flowKeys } from '../flow-queries';
import { FLOWS_ACTIONS, flowDeleteAction, flowRunAction, flowSaveAction } from './flow-actions';
import { isStaleAfterFlowWrite } from './flow-mutations';

const bridge = installTestBridge();
const S = 'srv-1';
const source = (text: string): string => `id: hello\nnamespace: company.team\ntasks:\n  - id: log\n    type: io.kestra.plugin.core.log.Log\n    message: ${text}\n`;
const flow = (revision: number, text: string): FlowWithSource => ({ id: 'hello', namespace: 'company.team', revision, source: source(text) }) as FlowWithSource;

const cached: QueryKey[] = [
  flowKeys.list(S, 'company.team', ''),
  flowKeys.flow(S, 'company.team', 'hello'),
  flowKeys.revisions(S, 'company.team', 'hello'),
  flowKeys.flow(S, 'company.team', 'other'),
  [...kestraKeys.flows(S), 'palette', 'hel'],
  kestraKeys.namespaces(S),
  kestraKeys.flowSchema(S),
  flowKeys.list('srv-2', 'company.team', ''),
];

function context(server = testServer(), params: Record<string, string> = { namespace: 'company.team', flowId: 'hello', view: 'editor' }): ActionContext {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false, staleTime: Infinity } } });
  for (const key of cached) queryClient.setQueryData(key, []);
  queryClient.setQueryData(consoleKeys.servers(), [server]);
  return { server, location: { pane: 'flows', params }, queryClient };
}


describe('flow actions', () => {
  beforeEach(() => {
    bridge.reset();
    useFlowEditors.setState({ docs: {}, draftCounter: 0 });
    useFlowEditors.getState().openSaved(S, 'company.team', 'hello', 3, source('one'));
  });

  it('saves the document the pane shows through flows.update, then refreshes the lists, that flow and the namespaces only', async () => {
    const ctx = context();
    useFlowEditors.getState().setText(S, 'flow:company.team/hello', source('two'));
    bridge.answer('flows.get', flow(3, 'one'));
    bridge.answer('flows.update', flow(4, 'two'));
    await flowSaveAction.perform(ctx);
    expect(bridge.calls.map((call) => call.method)).toEqual(['flows.get', 'flows.update']);
    expect(bridge.calls[1]!.params).toEqual({ serverId: S, namespace: 'company.team', id: 'hello', source: source('two') });
    expect(useFlowEditors.getState().docs[S]![0]).toMatchObject({ saved: { revision: 4 }, baseline: source('two') });
    expect(invalidatedKeys(ctx.queryClient)).toEqual(
      keyList(flowKeys.list(S, 'company.team', ''), flowKeys.flow(S, 'company.team', 'hello'), flowKeys.revisions(S, 'company.team', 'hello'), [...kestraKeys.flows(S), 'palette', 'hel'], kestraKeys.namespaces(S)),
    );
  });

  it('hides Save and Delete from the palette on a read-only server, and says why Save is off', () => {
    const readOnly = context(testServer({ readOnly: true }));
    expect(isActionAvailable(flowSaveAction, readOnly)).toBe(true);
    expect(canPerform(flowSaveAction, readOnly)).toBe(false);
    expect(flowSaveAction.disabledReason?.(readOnly)).toMatch(/read-only/);
    expect(isActionAvailable(flowDeleteAction, readOnly)).toBe(false);
    expect(FLOWS_ACTIONS.filter((action) => canPerform(action, readOnly)).map((action) => action.id)).toEqual(['flows.list', 'flows.revisions', 'flows.compare', 'flows.duplicate']);
  });

  it('runs only a saved flow, and edits only in the editor view', () => {
    const draftKey = useFlowEditors.getState().openDraft(S, source('draft'));
    const onDraft = context(testServer(), { draft: draftKey, view: 'editor' });
    expect(flowRunAction.disabledReason?.(onDraft)).toBe('Save the flow before running it');
    expect(canPerform(flowRunAction, context())).toBe(true);
    const revisions = context(testServer(), { namespace: 'company.team', flowId: 'hello', view: 'revisions' });
    expect(FLOWS_ACTIONS.filter((action) => isActionAvailable(action, revisions)).map((action) => action.id)).toEqual(['flows.new', 'flows.list']);
  });

  it('leaves other flows, other servers and the schema alone', () => {
    expect(isStaleAfterFlowWrite(flowKeys.flow(S, 'company.team', 'other'), S, 'company.team', 'hello')).toBe(false);
    expect(isStaleAfterFlowWrite(flowKeys.list('srv-2', undefined, ''), S, 'company.team', 'hello')).toBe(false);
    expect(isStaleAfterFlowWrite(kestraKeys.flowSchema(S), S, 'company.team', 'hello')).toBe(false);
  });
});
