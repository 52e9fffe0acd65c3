// The fleet overview: every server at a glance, then the failures of all of them in one list.
import { useRef } from 'react';
import type { FleetWindow } from '../../../../main/contract/fleet';
import type { ServerView } from '../../../../main/contract/servers';
import { useProvideView } from '../../../lib/actions';
import { fleetOverviewView } from '../fleet-actions';
import { useFleetUi } from '../fleet-ui-store';
import { FailuresList } from './failures-list';
import { ServerTable } from './server-rows';
import { useFleetWatch } from './use-fleet-watch';

const WINDOWS: { id: FleetWindow; label: string }[] = [
  { id: '1h', label: 'Last hour' },
  { id: '24h', label: 'Last 24 hours' },
  { id: '7d', label: 'Last 7 days' },
];

export function FleetOverview({ servers }: { servers: readonly ServerView[] }) {
  const window = useFleetUi((state) => state.window);
  const setWindow = useFleetUi((state) => state.setWindow);
  const watch = useFleetWatch(
    servers.map((server) => server.id),
    window,
  );
  const refreshFailures = useRef<(() => void) | undefined>(undefined);
  useProvideView(fleetOverviewView, {
    refresh: () => {
      watch.restart();
      refreshFailures.current?.();
    },
  });
  return (
    <div className="fleet-overview">
      <div className="fleet-toolbar">
        <label className="fleet-field">
          <span>Window</span>
          <select value={window} onChange={(event) => setWindow(event.target.value as FleetWindow)} aria-label="Window">
            {WINDOWS.map((option) => (
              <option key={option.id} value={option.id}>
                {option.label}
              </option>
            ))}
          </select>
        </label>
        <span className="fleet-muted">Each server is read on its own, every 15 s: a slow or dead one shows in its own line only.</span>
      </div>
      <div className="fleet-overview__servers">
        <ServerTable servers={servers} window={window} rows={watch.rows} onRefresh={(serverId) => void watch.refresh(serverId)} />
      </div>
      <FailuresList servers={servers} refreshRef={refreshFailures} />
    </div>
  );
}
