// The fleet overview: every server at a glance, then the failures of all of them in one list.
import { useEffect, useRef, useState } from 'react';
import type { FleetWindow } from '../../../../main/contract/fleet';
import type { ServerView } from '../../../../main/contract/servers';
import { useProvideView } from '../../../lib/actions';
import { fleetOverviewView } from '../fleet-actions';
import { useFleetUi } from '../fleet-ui-store';
import { FailuresList } from './failures-list';
import { ServerTable } from './server-rows';
import { useFleetWatch, type ServerWatch } from './use-fleet-watch';

const WINDOWS: { id: FleetWindow; label: string }[] = [
  { id: '1h', label: 'Last hour' },
  { id: '24h', label: 'Last 24 hours' },
  { id: '7d', label: 'Last 7 days' },
];

/** After the first row has its counts, the others get this long before the failures list reads anyway. */
const ROWS_FIRST_MS = 1_000;
/** The failures list never waits longer than this, even when no server has answered. */
const ROWS_FIRST_MAX_MS = 3_000;

/**
 * True once every server row has its first counts (or its error), or a little after the first did:
 * the failures list starts then, so its heavier reads do not slow the rows (a slow server holds it
 * back no longer than ROWS_FIRST_MS). Stays true.
 */
function useRowsFirst(serverIds: readonly string[], rows: Record<string, ServerWatch>): boolean {
  const answered = serverIds.filter((id) => rows[id]?.summary || rows[id]?.summaryError).length;
  // A latch: a later window or server change does not hold the list back again.
  const [started, setStarted] = useState(false);
  const allAnswered = answered === serverIds.length;
  if (!started && allAnswered) setStarted(true);
  const anyAnswered = answered > 0;
  useEffect(() => {
    if (started) return undefined;
    const timer = setTimeout(() => setStarted(true), anyAnswered ? ROWS_FIRST_MS : ROWS_FIRST_MAX_MS);
    return () => clearTimeout(timer);
  }, [anyAnswered, started]);
  return started || allAnswered;
}

export function FleetOverview({ servers }: { servers: readonly ServerView[] }) {
  const window = useFleetUi((state) => state.window);
  const setWindow = useFleetUi((state) => state.setWindow);
  const watch = useFleetWatch(
    servers.map((server) => server.id),
    window,
  );
  const rowsFirst = useRowsFirst(
    servers.map((server) => server.id),
    watch.rows,
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
      <FailuresList servers={servers} refreshRef={refreshFailures} start={rowsFirst} />
    </div>
  );
}
