// One line per server: health and latency, version and edition (the capability table), running,
// failed and paused executions in the window, the newest failure, and a sparkline. Each line shows
// what main's overview stream last said about its server (each server read on its own schedule),
// so a dead or slow server shows only in its own line.
import type { FleetActivity, FleetWindow } from '../../../../main/contract/fleet';
import type { ConsoleErrorData } from '../../../../main/contract/result';
import type { ServerView } from '../../../../main/contract/servers';
import { Button, IconButton } from '../../../components/button';
import { EnvironmentBadge, HealthDot, healthText, RelativeTime, Spinner } from '../../../components/misc';
import { formatCount } from '../../../lib/format';
import { useWorkspace } from '../../../lib/workspace-store';
import type { ServerWatch } from './use-fleet-watch';

const WINDOW_WORDS: Record<FleetWindow, { span: string; bucket: string }> = {
  '1h': { span: 'the last hour', bucket: '5 minutes' },
  '24h': { span: 'the last 24 hours', bucket: '2 hours' },
  '7d': { span: 'the last 7 days', bucket: '14 hours' },
};

export function windowWords(window: FleetWindow): string {
  return WINDOW_WORDS[window].span;
}

/** Stacked bars per bucket: failed, succeeded, other. */
export function Sparkline({ activity, window }: { activity: FleetActivity; window: FleetWindow }) {
  const max = Math.max(1, ...activity.buckets.map((b) => b.failed + b.success + b.other));
  const width = 96;
  const height = 22;
  const bar = width / activity.buckets.length;
  const totals = activity.buckets.reduce((sum, b) => ({ failed: sum.failed + b.failed, success: sum.success + b.success, other: sum.other + b.other }), { failed: 0, success: 0, other: 0 });
  const label = `Executions per ${WINDOW_WORDS[window].bucket} in ${WINDOW_WORDS[window].span}: ${totals.failed} failed, ${totals.success} succeeded, ${totals.other} other`;
  return (
    <svg className="fleet-spark" width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="img" aria-label={label}>
      <title>{label}</title>
      {activity.buckets.map((b, index) => {
        const scale = (n: number): number => (n / max) * height;
        const x = index * bar + 1;
        const w = Math.max(1, bar - 2);
        let y = height;
        return (
          <g key={index}>
            {(
              [
                ['success', b.success],
                ['other', b.other],
                ['failed', b.failed],
              ] as const
            ).map(([kind, n]) => {
              const h = scale(n);
              y -= h;
              return n > 0 ? <rect key={kind} className={`fleet-spark__${kind}`} x={x} y={y} width={w} height={h} /> : null;
            })}
          </g>
        );
      })}
    </svg>
  );
}

function Count({ value, tone, label }: { value: number; tone: string; label: string }) {
  return (
    <span className={`fleet-count${value > 0 ? ` fleet-count--${tone}` : ''}`} aria-label={`${formatCount(value)} ${label}`}>
      {formatCount(value)}
    </span>
  );
}

function openServer(serverId: string, params?: { pane: 'executions'; params: Record<string, string> }): void {
  const workspace = useWorkspace.getState();
  if (params) workspace.navigate(serverId, params);
  else workspace.openServer(serverId);
}

function errorText(error: ConsoleErrorData): string {
  return `${error.status ? `${error.status} ` : ''}${error.message}`;
}

export function ServerRow({ server, window, watch, onRefresh }: { server: ServerView; window: FleetWindow; watch: ServerWatch | undefined; onRefresh(): void }) {
  const data = watch?.summary;
  const last = data?.lastFailure;
  const failure = watch?.summaryError;
  const state = data ? 'ready' : failure ? 'error' : 'waiting';
  const health = watch?.health;
  return (
    <tr className="fleet-row" style={{ ['--server-color' as string]: server.color }} data-server-id={server.id} data-state={state} aria-label={server.name}>
      <th scope="row" className="fleet-row__server">
        <span className="fleet-row__swatch" aria-hidden="true" />
        <button type="button" className="fleet-link" onClick={() => openServer(server.id)} aria-label={`Open ${server.name}`}>
          {server.name}
        </button>
        <EnvironmentBadge server={server} />
      </th>
      <td>
        <span className="fleet-row__health">
          <HealthDot health={health} pending={!health} />
          <span>{health?.status === 'up' && health.latencyMs !== undefined ? `${Math.round(health.latencyMs)} ms` : health ? healthText(health, false).split(' · ')[0] : '…'}</span>
        </span>
      </td>
      <td>{watch?.version ? `${watch.version.version} · ${watch.version.edition}` : health?.version ? `${health.version} · ${health.edition ?? ''}` : '…'}</td>
      {state === 'waiting' && (
        <td colSpan={4} className="fleet-row__waiting">
          <Spinner label={`Waiting for ${server.name}`} /> waiting for {server.name}…
        </td>
      )}
      {state === 'error' && failure && (
        <td colSpan={4} className="fleet-row__error" role="alert">
          <span title={errorText(failure)}>{errorText(failure)}</span>{' '}
          <Button size="sm" variant="ghost" onClick={onRefresh} busy={watch?.refreshing}>
            Retry
          </Button>
        </td>
      )}
      {data && (
        <>
          <td className="fleet-num">
            <Count value={data.running} tone="running" label="running" />
          </td>
          <td className="fleet-num">
            <Count value={data.failed} tone="failed" label="failed" />
          </td>
          <td className="fleet-num">
            <Count value={data.paused} tone="paused" label="paused" />
          </td>
          <td className="fleet-row__last">
            {last ? (
              <button
                type="button"
                className="fleet-link"
                onClick={() => openServer(server.id, { pane: 'executions', params: { executionId: last.id } })}
                aria-label={`Open the last failure on ${server.name}: ${last.namespace}.${last.flowId}`}
              >
                {last.namespace}.{last.flowId}
              </button>
            ) : (
              <span className="fleet-muted">none</span>
            )}
            {last && (
              <span className="fleet-muted">
                {' '}
                <RelativeTime key={last.endDate ?? last.startDate} date={last.endDate ?? last.startDate} />
              </span>
            )}
            {failure && <span className="fleet-stale" title={errorText(failure)}> (last answer; now failing)</span>}
          </td>
        </>
      )}
      <td>{watch?.activity ? <Sparkline activity={watch.activity} window={window} /> : null}</td>
      <td>
        <IconButton icon="refresh" size="sm" label={`Refresh ${server.name}`} busy={watch?.refreshing} onClick={onRefresh} />
      </td>
    </tr>
  );
}

export function ServerTable({ servers, window, rows, onRefresh }: { servers: readonly ServerView[]; window: FleetWindow; rows: Record<string, ServerWatch>; onRefresh(serverId: string): void }) {
  return (
    <table className="fleet-table" aria-label="Servers at a glance">
      <thead>
        <tr>
          <th scope="col">Server</th>
          <th scope="col">Health</th>
          <th scope="col">Version</th>
          <th scope="col" className="fleet-num">
            Running
          </th>
          <th scope="col" className="fleet-num">
            Failed
          </th>
          <th scope="col" className="fleet-num">
            Paused
          </th>
          <th scope="col">Last failure</th>
          <th scope="col">Activity</th>
          <th scope="col">
            <span className="visually-hidden">Refresh</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {servers.map((server) => (
          <ServerRow key={server.id} server={server} window={window} watch={rows[server.id]} onRefresh={() => onRefresh(server.id)} />
        ))}
      </tbody>
    </table>
  );
}
