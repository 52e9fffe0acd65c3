// Small presentational pieces: relative time that stays current, shortcut keys, spinners, Kestra
// labels, environment badges and health dots.
import { useEffect, useState } from 'react';
import type { Label } from '../../main/contract/kestra-model';
import type { ServerHealth } from '../../main/contract/methods';
import type { ServerView } from '../../main/contract/servers';
import { formatDateTime, formatRelativeTime } from '../lib/format';
import { environmentLabel } from '../lib/servers';
import { formatShortcut } from '../lib/shortcuts';
import './feedback.css';

/** "3 min ago", refreshed every 30 s, with the exact time as tooltip and machine-readable value. */
export function RelativeTime({ date }: { date: string | number | undefined }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(timer);
  }, []);
  if (date === undefined) return <span>—</span>;
  const iso = typeof date === 'number' ? new Date(date).toISOString() : date;
  return (
    <time dateTime={iso} title={formatDateTime(date)}>
      {formatRelativeTime(date, now)}
    </time>
  );
}

export function Kbd({ shortcut }: { shortcut: string }) {
  return <kbd className="kbd">{formatShortcut(shortcut)}</kbd>;
}

export function Spinner({ label = 'Loading' }: { label?: string }) {
  return <span className="spinner" role="img" aria-label={label} />;
}

/** A loading line for panes and panels (role=status, so screen readers hear it). */
export function Loading({ label = 'Loading…' }: { label?: string }) {
  return (
    <div className="loading" role="status">
      <span className="spinner" aria-hidden="true" />
      {label}
    </div>
  );
}

/** Kestra labels as key/value chips; with `onSelect` each chip is a button (e.g. to filter by it). */
export function LabelChips({ labels, max = 6, onSelect }: { labels: Label[] | undefined; max?: number; onSelect?: (label: Label) => void }) {
  if (!labels || labels.length === 0) return null;
  const shown = labels.slice(0, max);
  return (
    <span className="labels">
      {shown.map((label) => {
        const content = (
          <>
            <span className="label-chip__key">{label.key}</span>
            <span className="label-chip__value">{label.value}</span>
          </>
        );
        return onSelect ? (
          <button
            type="button"
            className="label-chip label-chip--button"
            key={`${label.key}=${label.value}`}
            title={`Filter by ${label.key}: ${label.value}`}
            aria-label={`Filter by label ${label.key}: ${label.value}`}
            onClick={(event) => {
              event.stopPropagation();
              onSelect(label);
            }}
          >
            {content}
          </button>
        ) : (
          <span className="label-chip" key={`${label.key}=${label.value}`} title={`${label.key}: ${label.value}`}>
            {content}
          </span>
        );
      })}
      {labels.length > max && (
        <span
          className="label-chip label-chip__more"
          title={labels
            .slice(max)
            .map((label) => `${label.key}: ${label.value}`)
            .join('\n')}
        >
          +{labels.length - max}
        </span>
      )}
    </span>
  );
}

export function EnvironmentBadge({ server }: { server: Pick<ServerView, 'environment' | 'environmentLabel'> }) {
  return <span className={`env-badge env-badge--${server.environment}`}>{environmentLabel(server)}</span>;
}

const HEALTH_TEXT: Record<ServerHealth['status'], string> = {
  up: 'Reachable',
  down: 'Unreachable',
  'auth-failed': 'Credentials refused',
  'tls-failed': 'Certificate refused',
};

export function healthText(health: ServerHealth | undefined, pending: boolean): string {
  if (!health) return pending ? 'Checking…' : 'Unknown';
  const latency = health.latencyMs !== undefined ? ` · ${Math.round(health.latencyMs)} ms` : '';
  return `${HEALTH_TEXT[health.status]}${latency}${health.message && health.status !== 'up' ? ` · ${health.message}` : ''}`;
}

export function HealthDot({ health, pending }: { health: ServerHealth | undefined; pending: boolean }) {
  return <span className={`health-dot health-dot--${health?.status ?? 'unknown'}`} role="img" aria-label={`Health: ${healthText(health, pending)}`} />;
}
