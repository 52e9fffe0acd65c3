// The flows pane (being built): list, editor, revisions, run form.
import { EmptyState } from '../../components/empty-state';
import type { ConsoleAction, PaneProps } from '../../lib/pane';

export const actions: ConsoleAction[] = [];

export default function FlowsPane({ server }: PaneProps) {
  return <EmptyState title={`Flows on ${server.name}`}>The flow editor is being built.</EmptyState>;
}
