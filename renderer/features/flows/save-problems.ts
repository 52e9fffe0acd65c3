// Why the last save of a flow document failed, shown in that document's Problems panel (where the
// flow's other problems are), not in a toast. A save asked for while the document is not on screen
// (the shell's guards) still reports in a toast: the panel is not there to show it.
import { create } from 'zustand';
import { notify } from '../../components/toasts';
import { describeError } from '../../components/error-view';
import { activeTab } from '../../lib/workspace-store';
import { flowKey } from './flow-document';

export interface SaveProblem {
  title: string;
  error: unknown;
}

export const useSaveProblems = create<{ problems: Record<string, SaveProblem> }>(() => ({ problems: {} }));

const keyOf = (serverId: string, docKey: string): string => `${serverId}\u0000${docKey}`;

/** The document the flows pane shows now, if any. */
function shownDocKey(serverId: string): string | undefined {
  const { serverId: active, tab } = activeTab();
  if (active !== serverId || tab?.location.pane !== 'flows') return undefined;
  const params = tab.location.params;
  return params.draft ?? (params.flowId && params.namespace ? flowKey(params.namespace, params.flowId) : undefined);
}

export function reportSaveProblem(serverId: string, docKey: string, problem: SaveProblem): void {
  if (shownDocKey(serverId) === docKey) {
    useSaveProblems.setState((state) => ({ problems: { ...state.problems, [keyOf(serverId, docKey)]: problem } }));
  } else {
    notify({ kind: 'error', title: problem.title, message: describeError(problem.error) });
  }
}

export function clearSaveProblem(serverId: string, docKey: string): void {
  const key = keyOf(serverId, docKey);
  if (!useSaveProblems.getState().problems[key]) return;
  useSaveProblems.setState((state) => {
    const { [key]: _cleared, ...problems } = state.problems;
    return { problems };
  });
}

export function useSaveProblem(serverId: string, docKey: string): SaveProblem | undefined {
  return useSaveProblems((state) => state.problems[keyOf(serverId, docKey)]);
}
