// The overview's rows from main's `fleet.watch` stream: each server's news merges into its own
// entry as it arrives. A stream that ends with an error is opened again after a pause. A row's
// Refresh reads that server once, outside the stream. The health it reads is every server's health
// for the rest of the console too (lib/health.ts pauses its own probes while the overview shows).
import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useLayoutEffect, useState } from 'react';
import type { FleetActivity, FleetSummary, FleetWatchEvent, FleetWindow } from '../../../../main/contract/fleet';
import type { ServerHealth } from '../../../../main/contract/methods';
import type { ConsoleErrorData } from '../../../../main/contract/result';
import { call, KestraError, subscribe } from '../../../lib/call';
import { reportHealth } from '../../../lib/health';

export interface ServerWatch {
  health?: ServerHealth;
  version?: { version: string; edition: 'OSS' | 'EE' };
  summary?: FleetSummary;
  summaryError?: ConsoleErrorData;
  activity?: FleetActivity;
  /** A one-off refresh of this row is running. */
  refreshing?: boolean;
}

const RESUBSCRIBE_MS = 5_000;

/** Health and version belong to the server; counts and sparklines to the server in a window. */
type WatchState = Record<string, ServerWatch>;
const stateKey = (window: FleetWindow, serverId: string): string => `${window}\u0000${serverId}`;

function merge(window: FleetWindow) {
  return (state: WatchState, event: FleetWatchEvent): WatchState => {
    const { serverId, health, version, ...windowed } = event;
    const next = { ...state };
    if (health || version) next[serverId] = { ...state[serverId], ...(health ? { health } : {}), ...(version ? { version } : {}) };
    if (Object.keys(windowed).length > 0) {
      const key = stateKey(window, serverId);
      // A fresh summary clears the last error; an error keeps the last summary (shown as stale).
      next[key] = { ...state[key], ...windowed, ...(windowed.summary ? { summaryError: undefined } : {}) };
    }
    return next;
  };
}

export function useFleetWatch(serverIds: readonly string[], window: FleetWindow, intervalMs?: number) {
  const key = serverIds.join(',');
  const [state, setState] = useState<WatchState>({});
  const [generation, setGeneration] = useState(0);
  const queryClient = useQueryClient();

  // A layout effect: the stream is asked for before the panes below send their first reads (their
  // effects run after this one), so it is not queued behind them for a connection.
  useLayoutEffect(() => {
    const ids = key ? key.split(',') : [];
    const mergeEvent = merge(window);
    let retry: ReturnType<typeof setTimeout> | undefined;
    let unsubscribe = (): void => undefined;
    const open = (): void => {
      unsubscribe = subscribe(
        'fleet.watch',
        { serverIds: ids, window, ...(intervalMs ? { intervalMs } : {}) },
        {
          onEvents: (events) => {
            for (const event of events) if (event.health) reportHealth(queryClient, event.health);
            setState((current) => events.reduce(mergeEvent, current));
          },
          onEnd: (error) => {
            if (error) retry = setTimeout(open, RESUBSCRIBE_MS);
          },
        },
      );
    };
    open();
    return () => {
      if (retry) clearTimeout(retry);
      unsubscribe();
    };
  }, [key, window, intervalMs, generation, queryClient]);

  /** Reads one server now (its counts and health), outside the stream's schedule. */
  const refresh = useCallback(
    async (serverId: string): Promise<void> => {
      const key = stateKey(window, serverId);
      setState((current) => ({ ...current, [key]: { ...current[key], refreshing: true } }));
      const [summary, health] = await Promise.allSettled([call('fleet.summary', { serverId, window }), call('servers.health', { serverId })]);
      if (health.status === 'fulfilled') reportHealth(queryClient, health.value);
      setState((current) => {
        const entry: ServerWatch = { ...current[key], refreshing: false };
        if (summary.status === 'fulfilled') Object.assign(entry, { summary: summary.value, summaryError: undefined });
        else entry.summaryError = summary.reason instanceof KestraError ? summary.reason.data : { kind: 'internal', message: String(summary.reason) };
        return { ...current, [key]: entry, ...(health.status === 'fulfilled' ? { [serverId]: { ...current[serverId], health: health.value } } : {}) };
      });
    },
    [window, queryClient],
  );

  /** Opens the stream again: every server is read now. */
  const restart = useCallback(() => setGeneration((n) => n + 1), []);
  const rows: Record<string, ServerWatch> = {};
  for (const serverId of key ? key.split(',') : []) rows[serverId] = { ...state[serverId], ...state[stateKey(window, serverId)] };
  return { rows, refresh, restart };
}
