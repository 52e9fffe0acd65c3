// Placeholder until the files pane lands (its owner replaces this file). It keeps the build and
// the pane switcher working meanwhile.
import { EmptyState } from '../../components/empty-state';
import type { ConsoleAction, PaneProps } from '../../lib/pane';

export const actions: ConsoleAction[] = [];

export default function FilesPanePlaceholder({ server, namespace }: PaneProps) {
  return (
    <EmptyState icon="info" title="Files — coming soon">
      This pane is being built. Server: {server.name}
      {namespace ? `, namespace ${namespace}` : ''}.
    </EmptyState>
  );
}
