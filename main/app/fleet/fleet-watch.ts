// The overview's stream: one loop per server, each on its own clock, pushing health, version and
// edition, counts and (less often) the sparkline as each answer lands. A slow or dead server
// delays only its own loop; one stream serves every row (in web mode, one connection instead of
// one per server and query, which a browser caps at six).
import { setMaxListeners } from 'node:events';
import type { FleetWatchEvent, FleetWindow } from '../../contract/fleet';
import type { AuthKind } from '../../contract/servers';
import type { StreamHandler } from '../../ipc/stream-table';
import { ConsoleError, toErrorData } from '../../ipc/console-error';
import { checkHealth } from '../../servers/connection-test';
import type { ClientPool } from '../client-pool';
import { checkWindow, fleetActivity, fleetSummary } from './fleet-reads';

const DEFAULT_INTERVAL_MS = 15_000;
const MIN_INTERVAL_MS = 2_000;
/** The sparkline's many small counts are read every fourth round. */
const ACTIVITY_EVERY = 4;
const MAX_SERVERS = 100;
/**
 * The first sparklines wait until every row has its counts, or this long: their dozens of small
 * counts per server would otherwise slow the rows still loading (and a slow server holds them back
 * no longer than this).
 */
const FIRST_ACTIVITY_WAIT_MS = 3_000;

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    }, { once: true });
  });
}

export function createFleetWatch(clients: ClientPool, authKindOf: (serverId: string) => AuthKind): StreamHandler<'fleet.watch'> {
  return async ({ serverIds, window, intervalMs }, sink, signal) => {
    if (!Array.isArray(serverIds) || serverIds.length > MAX_SERVERS || serverIds.some((id) => typeof id !== 'string')) {
      throw new ConsoleError('validation', `serverIds must list at most ${MAX_SERVERS} servers.`);
    }
    const checked: FleetWindow = checkWindow(window);
    const interval = Math.max(MIN_INTERVAL_MS, typeof intervalMs === 'number' && Number.isFinite(intervalMs) ? intervalMs : DEFAULT_INTERVAL_MS);
    const push = (event: FleetWatchEvent): void => sink.push(event);
    // Every server's requests listen to this one signal at once (a few each).
    setMaxListeners(20 + serverIds.length * 12, signal);

    const ids = [...new Set(serverIds)];
    let uncounted = ids.length;
    let allCounted!: () => void;
    const firstCountsIn = Promise.race([new Promise<void>((resolve) => (allCounted = resolve)), sleep(FIRST_ACTIVITY_WAIT_MS, signal)]);
    const counted = (): void => {
      uncounted -= 1;
      if (uncounted === 0) allCounted();
    };

    const watch = async (serverId: string): Promise<void> => {
      for (let round = 0; !signal.aborted; round += 1) {
        let countedNow = false;
        try {
          const client = await clients.get(serverId);
          // Counts first (the row paints with them), health and version beside them.
          const summary = fleetSummary(client, checked, signal).then(
            (value) => push({ serverId, summary: value }),
            (error: unknown) => !signal.aborted && push({ serverId, summaryError: toErrorData(error) }),
          );
          const health = checkHealth(serverId, client, authKindOf(serverId), signal).then(
            async (value) => {
              push({ serverId, health: value });
              if (value.status === 'up') {
                const capabilities = await client.server.capabilities(signal);
                push({ serverId, version: { version: capabilities.version, edition: capabilities.edition } });
              }
            },
            () => undefined,
          );
          await Promise.all([summary, health]);
          if (round === 0) {
            countedNow = true;
            counted();
            await firstCountsIn;
          }
          if (round % ACTIVITY_EVERY === 0 && !signal.aborted) {
            await fleetActivity(client, checked, signal).then(
              (activity) => push({ serverId, activity }),
              () => undefined,
            );
          }
        } catch (error) {
          // The server is gone from the registry, or its credentials cannot be read: say so, keep trying.
          if (!signal.aborted) push({ serverId, summaryError: toErrorData(error) });
          if (round === 0 && !countedNow) counted();
        }
        await sleep(interval, signal);
      }
    };

    await Promise.all(ids.map(watch));
  };
}
