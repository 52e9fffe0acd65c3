// One server's workspace: the production banner, the pane switcher, the shared namespace browser
// and the active pane (lazy-loaded, isolated by an error boundary).
import type { ServerView } from '../../main/contract/servers';
import { Icon } from '../components/icons';
import { SplitPane } from '../components/splitter';
import { Tabs } from '../components/tabs';
import { environmentLabel, isProduction } from '../lib/servers';
import { useWorkspace, type PaneId } from '../lib/workspace-store';
import { NamespaceBrowser } from './namespace-browser';
import { PaneErrorBoundary } from './pane-error-boundary';
import { PANE_COMPONENTS, PANES } from './pane-registry';

const DEFAULT_TAB = { location: { pane: 'flows' as PaneId, params: {} as Record<string, string> }, namespace: undefined as string | undefined };

export function ServerWorkspace({ server }: { server: ServerView }) {
  const tab = useWorkspace((state) => state.tabs[server.id]) ?? DEFAULT_TAB;
  const showPane = useWorkspace((state) => state.showPane);
  const pane = PANES.find((candidate) => candidate.id === tab.location.pane) ?? PANES[0]!;
  const Pane = PANE_COMPONENTS[pane.id];

  return (
    <div className="server-workspace" data-server-id={server.id} style={{ ['--server-color' as string]: server.color }}>
      {isProduction(server) && (
        <div className="prod-banner" role="note" aria-label="Production server">
          <Icon name="warning" />
          <strong>{environmentLabel(server)}</strong>
          <span>
            {server.name} — changes here affect live workflows.
            {server.policy.confirmDestructive ? ' Destructive actions ask for the server name.' : ''}
            {server.policy.readOnly ? ' This server is read-only.' : ''}
          </span>
        </div>
      )}
      {!isProduction(server) && server.policy.readOnly && (
        <div className="readonly-banner" role="note" aria-label="Read-only server">
          <Icon name="lock" /> {server.name} is read-only: changes are disabled.
        </div>
      )}
      <Tabs
        label="Panes"
        className="pane-tabs"
        tabs={PANES.map((candidate) => ({
          id: candidate.id,
          label: (
            <>
              <Icon name={candidate.icon} />
              {candidate.label}
            </>
          ),
          ariaLabel: candidate.label,
        }))}
        selected={pane.id}
        onSelect={(id) => showPane(server.id, id)}
      >
        <SplitPane
          label="Resize the namespace browser"
          storageKey="namespace-browser"
          initialSize={240}
          minSize={160}
          maxSize={520}
          first={<NamespaceBrowser server={server} />}
          second={
            <PaneErrorBoundary paneLabel={pane.label} resetKey={`${server.id}:${pane.id}`}>
              <Pane server={server} namespace={tab.namespace} location={tab.location} />
            </PaneErrorBoundary>
          }
        />
      </Tabs>
    </div>
  );
}
