// Handlers of the fleet's contract methods. Each names one server (`serverId`): the overview and
// drift ask one server per call; a promotion writes only to `serverId`, the server main's judge
// checked (read-only refused, typed confirmation on confirming servers), whatever the plan says.
import { Readable } from 'node:stream';
import type { DownloadParams } from '../../contract/bridge';
import type { HandlerTable } from '../../ipc/handler-table';
import { ConsoleError } from '../../ipc/console-error';
import type { DownloadStream } from '../../kestra/kestra-client';
import type { StreamHandler } from '../../ipc/stream-table';
import type { AuthKind } from '../../contract/servers';
import { createFleetWatch } from './fleet-watch';
import type { ClientPool } from '../client-pool';
import type { TransferService } from '../transfers';
import { fleetActivity, fleetFailures, fleetInventory, fleetSummary } from './fleet-reads';
import { planFileName, planFileText, readPlanFile } from './plan-file';
import { PlanStore } from './plan-store';
import { promoteItem, rollbackItem } from './promotion-apply';
import { readAndBuildPlan } from './promotion-plan';

type FleetMethod = Extract<keyof HandlerTable, `fleet.${string}`>;
export type FleetHandlers = Pick<HandlerTable, FleetMethod>;

export interface Fleet {
  handlers: FleetHandlers;
  /** The overview's stream (`fleet.watch`). */
  watch: StreamHandler<'fleet.watch'>;
  /** Opens a plan file's body for the download machinery (save dialog, web download). */
  openPlanDownload(params: DownloadParams<'fleet.exportPlan'>, signal: AbortSignal): Promise<DownloadStream & { suggestedName: string }>;
}

export function createFleet(clients: ClientPool, transfers: TransferService, authKindOf: (serverId: string) => AuthKind, plans = new PlanStore()): Fleet {
  const client = (serverId: string) => clients.get(serverId);
  const openPlanDownload: Fleet['openPlanDownload'] = async (params) => {
    const stored = plans.get(params.planId, params.serverId);
    const body = Buffer.from(planFileText(stored.plan), 'utf8');
    return { body: Readable.from([body]), size: body.length, contentType: 'application/json', suggestedName: planFileName(stored.plan) };
  };

  const handlers: FleetHandlers = {
    'fleet.summary': async ({ serverId, window }, { signal }) => fleetSummary(await client(serverId), window, signal),
    'fleet.activity': async ({ serverId, window }, { signal }) => fleetActivity(await client(serverId), window, signal),
    'fleet.failures': async ({ serverId, ...params }, { signal }) => fleetFailures(await client(serverId), params, signal),
    'fleet.inventory': async ({ serverId, namespaces }, { signal }) => fleetInventory(await client(serverId), namespaces, signal),

    'fleet.plan': async ({ serverId, sourceServerId, selection }, { signal }) => {
      if (typeof sourceServerId !== 'string' || sourceServerId === serverId) throw new ConsoleError('validation', 'Choose two different servers: a source and a target.');
      const [source, target] = await Promise.all([client(sourceServerId), client(serverId)]);
      const built = await readAndBuildPlan(source, target, selection, signal);
      return plans.add({
        createdAt: new Date().toISOString(),
        source: { serverId: sourceServerId, name: source.transport.serverName },
        target: { serverId, name: target.transport.serverName },
        selection: built.selection,
        items: built.items,
        secrets: built.secrets,
        problems: built.problems,
      });
    },
    'fleet.importPlan': async ({ serverId, text }) => {
      const target = await client(serverId);
      return plans.add(readPlanFile(text, { serverId, name: target.transport.serverName }));
    },
    'fleet.exportPlan': async (params, { signal }) => {
      if (!params.target) throw new ConsoleError('validation', 'A download target is required.');
      return transfers.save(params.target, (s) => openPlanDownload({ serverId: params.serverId, planId: params.planId }, s), signal, params.target.transferId);
    },

    'fleet.promote': async ({ serverId, planId, itemKey, copyValue }, { signal }) => {
      const stored = plans.get(planId, serverId);
      const target = await client(serverId);
      // The source is only read (files and KV values); an imported plan's source may be gone.
      const source = await client(stored.plan.source.serverId).catch(() => undefined);
      return promoteItem(stored, String(itemKey), { copyValue: copyValue === true, source, target, signal });
    },
    'fleet.rollback': async ({ serverId, planId, itemKey }, { signal }) => {
      const stored = plans.get(planId, serverId);
      return rollbackItem(stored, String(itemKey), await client(serverId), signal);
    },
  };
  return { handlers, watch: createFleetWatch(clients, authKindOf), openPlanDownload };
}
