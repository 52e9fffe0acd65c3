// Writes one plan item to the target, as the plan says, or not at all. Before writing it checks
// that the target still is what the plan saw (a target changed since is never overwritten: the
// item stops with the current text for a diff) and, for files and KV values read from the source
// at apply time, that the source did not change either. When a write fails midway (a reset, a dead
// server, a 403) it reads the item back to say whether it landed whole or not at all; when even
// that read fails, it says the outcome is unknown. Each item is one request that Kestra applies
// atomically (a flow save, a file upload confirmed by its size, a KV put).
import { Readable } from 'node:stream';
import type { FilePlanItem, FlowPlanItem, KvPlanItem, PromoteItemResult } from '../../contract/fleet';
import { ConsoleError } from '../../ipc/console-error';
import type { KestraClient } from '../../kestra/kestra-client';
import { KestraError } from '../../kestra/kestra-error';
import { orMissing, readAll, sha256 } from './fleet-io';
import { sourceHash } from './plan-builder';
import type { StoredPlan } from './plan-store';

/** Files up to this size are read whole before the upload (so a source that changed is caught before writing). */
const BUFFER_LIMIT = 32 * 1024 * 1024;

function errorOf(error: unknown): PromoteItemResult['error'] {
  if (error instanceof ConsoleError) return { kind: error.data.kind, message: error.data.message, ...(error.data.status ? { status: error.data.status } : {}) };
  return { kind: 'internal', message: error instanceof Error ? error.message : String(error) };
}

/** A read made before any write (the stale and source checks) failed on this server. */
class CheckFailed extends Error {
  constructor(
    readonly serverName: string,
    readonly failure: unknown,
  ) {
    super(failure instanceof Error ? failure.message : String(failure));
  }
}

/** `orMissing`, with the server named when the read fails (a 401 or 403 says who refused what). */
async function readOn<T>(client: KestraClient, read: Promise<T>): Promise<T | undefined> {
  try {
    return await orMissing(read);
  } catch (error) {
    if (error instanceof ConsoleError && error.data.kind === 'cancelled') throw error;
    throw new CheckFailed(client.transport.serverName, error);
  }
}

/** How a result message names an item. */
function itemLabel(item: FlowPlanItem | FilePlanItem | KvPlanItem): string {
  if (item.kind === 'flow') return `flow ${item.namespace}.${item.id}`;
  if (item.kind === 'file') return `${item.path} (${item.namespace})`;
  return `KV ${item.kvKey} (${item.namespace})`;
}

function cancelled(signal: AbortSignal | undefined): boolean {
  return !!signal?.aborted;
}

/**
 * The request never left this machine (refused, unknown host, unreachable, no connection in time):
 * whatever the server's state, this item did not change it.
 */
function neverSent(error: unknown): boolean {
  if (!(error instanceof ConsoleError)) return false;
  const { kind, message } = error.data;
  return (kind === 'network' && /refused the connection|could not be found|is not reachable from this machine/.test(message)) || (kind === 'timeout' && /^Could not connect/.test(message));
}

/** After a failed write: read the item back and say whether it is fully written, untouched, or unknown. */
async function settleFailure(key: string, error: unknown, check: () => Promise<'written' | 'untouched' | 'other'>, what: string): Promise<PromoteItemResult> {
  const failure = errorOf(error);
  if (neverSent(error)) return { key, outcome: 'failed', written: false, error: failure, message: `${what} failed before anything was sent: ${failure?.message} The target is untouched.` };
  let state: 'written' | 'untouched' | 'other' | 'unreachable';
  try {
    state = await check();
  } catch {
    state = 'unreachable';
  }
  if (state === 'unreachable') {
    return { key, outcome: 'unknown', error: failure, message: `${what} failed (${failure?.message}) and the server could not be asked afterwards whether it landed: check it before retrying.` };
  }
  if (state === 'written') return { key, outcome: 'failed', written: true, error: failure, message: `${what}: the answer was lost (${failure?.message}), but the target holds the promoted version in full.` };
  if (state === 'untouched') return { key, outcome: 'failed', written: false, error: failure, message: `${what} failed: ${failure?.message} The target is untouched.` };
  return { key, outcome: 'unknown', error: failure, message: `${what} failed (${failure?.message}) and the target now holds something else: someone else changed it.` };
}

async function promoteFlow(stored: StoredPlan, item: FlowPlanItem, target: KestraClient, signal?: AbortSignal): Promise<PromoteItemResult> {
  const current = await readOn(target, target.flows.get(item.namespace, item.id, undefined, signal));
  const currentHash = current ? sourceHash(current.source) : undefined;
  if (currentHash === item.sourceHash) return { key: item.key, outcome: 'unchanged', ...(current ? { revision: current.revision } : {}), message: 'The target already has this version.' };
  if (currentHash !== item.target?.hash) {
    return {
      key: item.key,
      outcome: 'stale',
      message: current
        ? `${target.transport.serverName} changed ${item.namespace}.${item.id} since the plan (now revision ${current.revision}): not overwritten.`
        : `${item.namespace}.${item.id} was deleted on ${target.transport.serverName} since the plan: not re-created.`,
      ...(current ? { currentSource: current.source } : { currentSource: '' }),
    };
  }
  const what = `Writing flow ${item.namespace}.${item.id} to ${target.transport.serverName}`;
  try {
    const written = current ? await target.flows.update(item.namespace, item.id, item.source, signal) : await target.flows.create(item.source, signal);
    stored.applied.set(item.key, { namespace: item.namespace, id: item.id, ...(current ? { previousRevision: current.revision } : {}), revision: written.revision });
    return { key: item.key, outcome: 'written', revision: written.revision, ...(current ? { previousRevision: current.revision } : {}) };
  } catch (error) {
    return settleFailure(
      item.key,
      error,
      async () => {
        const after = await orMissing(target.flows.get(item.namespace, item.id, undefined));
        const hash = after ? sourceHash(after.source) : undefined;
        if (hash === item.sourceHash) {
          stored.applied.set(item.key, { namespace: item.namespace, id: item.id, ...(current ? { previousRevision: current.revision } : {}), revision: after!.revision });
          return 'written';
        }
        return hash === currentHash ? 'untouched' : 'other';
      },
      what,
    );
  }
}

async function promoteFile(item: FilePlanItem, source: KestraClient, target: KestraClient, signal?: AbortSignal): Promise<PromoteItemResult> {
  // Both sides checked at once: one round trip before the write instead of two.
  const [now, current] = await Promise.all([readOn(source, source.files.stats(item.namespace, item.path, signal)), readOn(target, target.files.stats(item.namespace, item.path, signal))]);
  if (!now || now.size !== item.size || now.lastModifiedTime !== item.lastModified) {
    return { key: item.key, outcome: 'source-changed', message: `${item.path} changed on ${source.transport.serverName} since the plan: make the plan again to take the new version.` };
  }
  const same = (a: { size: number; lastModified: number } | undefined, b: { size: number; lastModifiedTime: number } | undefined): boolean =>
    a === undefined ? b === undefined : b !== undefined && a.size === b.size && a.lastModified === b.lastModifiedTime;
  if (!same(item.target, current)) {
    // Already what the plan writes (an apply repeated after a failure)? Then there is nothing to do.
    if (current && current.size === item.size && item.size <= BUFFER_LIMIT) {
      const [mine, theirs] = await Promise.all([
        readOn(source, source.files.readBytes(item.namespace, item.path, undefined, BUFFER_LIMIT, signal)),
        readOn(target, target.files.readBytes(item.namespace, item.path, undefined, BUFFER_LIMIT, signal)),
      ]);
      if (mine && theirs && sha256(mine.bytes) === sha256(theirs.bytes)) return { key: item.key, outcome: 'unchanged', message: 'The target already has this file.' };
    }
    return { key: item.key, outcome: 'stale', message: `${item.path} changed on ${target.transport.serverName} since the plan: not overwritten.` };
  }
  if (item.status === 'identical') return { key: item.key, outcome: 'unchanged', message: 'The target already has this file.' };

  const name = item.path.split('/').pop() || 'file';
  let open: () => Readable;
  if (item.size <= BUFFER_LIMIT) {
    const download = await source.files.openDownload(item.namespace, item.path, signal);
    const bytes = await readAll(download.body, BUFFER_LIMIT, item.path);
    if (bytes.length !== item.size) return { key: item.key, outcome: 'source-changed', message: `${item.path} on ${source.transport.serverName} is not the size the plan saw: not written.` };
    open = () => Readable.from([bytes]);
  } else {
    const download = await source.files.openDownload(item.namespace, item.path, signal);
    open = () => download.body;
  }
  const what = `Writing ${item.path} to ${target.transport.serverName}`;
  try {
    await target.files.upload(item.namespace, item.path, { name, size: item.size, open }, { signal });
    return { key: item.key, outcome: 'written' };
  } catch (error) {
    return settleFailure(
      item.key,
      error,
      async () => {
        const after = await orMissing(target.files.stats(item.namespace, item.path));
        if (after && after.size === item.size && !same(item.target, after)) return 'written';
        return same(item.target, after) ? 'untouched' : 'other';
      },
      what,
    );
  }
}

async function promoteKv(item: KvPlanItem, copyValue: boolean, source: KestraClient, target: KestraClient, signal?: AbortSignal): Promise<PromoteItemResult> {
  if (!copyValue) return { key: item.key, outcome: 'skipped', message: 'Value not ticked: not copied.' };
  const [value, current] = await Promise.all([readOn(source, source.kv.get(item.namespace, item.kvKey, signal)), readOn(target, target.kv.get(item.namespace, item.kvKey, signal))]);
  if (!value) return { key: item.key, outcome: 'source-changed', message: `${item.kvKey} no longer exists on ${source.transport.serverName}.` };
  const planned = item.target && !item.target.inheritedFrom ? item.target : undefined;
  if (!planned ? !!current : !current || (planned.type !== undefined && current.type !== planned.type)) {
    return { key: item.key, outcome: 'stale', message: `${item.kvKey} changed on ${target.transport.serverName} since the plan: not overwritten.` };
  }
  const what = `Writing KV ${item.kvKey} to ${target.transport.serverName}`;
  try {
    await target.kv.put({ namespace: item.namespace, key: item.kvKey, type: value.type, value: value.value }, signal);
    return { key: item.key, outcome: 'written' };
  } catch (error) {
    return settleFailure(
      item.key,
      error,
      async () => {
        const after = await orMissing(target.kv.get(item.namespace, item.kvKey));
        if (after && after.type === value.type && JSON.stringify(after.value) === JSON.stringify(value.value)) return 'written';
        return (after === undefined) === (current === undefined) && (!after || JSON.stringify(after.value) === JSON.stringify(current?.value)) ? 'untouched' : 'other';
      },
      what,
    );
  }
}

/**
 * One item of a plan. `source` is undefined when the plan was imported and its source server is
 * not in this console: flows still apply (the plan holds their text), files and KV values cannot.
 */
export async function promoteItem(
  stored: StoredPlan,
  itemKey: string,
  options: { copyValue: boolean; source: KestraClient | undefined; target: KestraClient; signal?: AbortSignal },
): Promise<PromoteItemResult> {
  const item = stored.items.get(itemKey);
  if (!item) throw new ConsoleError('validation', `The plan has no item ${itemKey.slice(0, 120)}.`);
  if (cancelled(options.signal)) throw new ConsoleError('cancelled', 'Cancelled');
  try {
    if (item.kind === 'flow') return await promoteFlow(stored, item, options.target, options.signal);
    if (!options.source) {
      return { key: item.key, outcome: 'failed', written: false, message: `The source server of this plan (${stored.plan.source.name}) is not in this console: ${item.kind === 'file' ? 'the file' : 'the value'} cannot be read.` };
    }
    if (item.kind === 'file') return await promoteFile(item, options.source, options.target, options.signal);
    return await promoteKv(item, options.copyValue, options.source, options.target, options.signal);
  } catch (error) {
    // Every write settles its own failure: what reaches here failed while checking, before any write.
    if (error instanceof ConsoleError && error.data.kind === 'cancelled') throw error;
    if (error instanceof CheckFailed) {
      const failure = errorOf(error.failure);
      return { key: item.key, outcome: 'failed', written: false, error: failure, message: `Checking ${itemLabel(item)} on ${error.serverName} before writing it failed: ${failure?.message} Nothing was written.` };
    }
    return { key: item.key, outcome: 'failed', written: false, error: errorOf(error), message: `${itemLabel(item)}: ${errorOf(error)?.message} Nothing was written.` };
  }
}

/**
 * Puts back what a promoted flow was: the revision it had before (as a new revision, Kestra keeps
 * history), or, for a flow the promotion created, removes it. Refused when the flow changed since
 * the promotion wrote it.
 */
export async function rollbackItem(stored: StoredPlan, itemKey: string, target: KestraClient, signal?: AbortSignal): Promise<PromoteItemResult> {
  const applied = stored.applied.get(itemKey);
  if (!applied) throw new ConsoleError('validation', 'Only flows this plan wrote can be rolled back.');
  const current = await orMissing(target.flows.get(applied.namespace, applied.id, undefined, signal));
  const name = `${applied.namespace}.${applied.id}`;
  if (!current || current.revision !== applied.revision) {
    return {
      key: itemKey,
      outcome: 'stale',
      message: current ? `${name} changed on ${target.transport.serverName} after the promotion (now revision ${current.revision}): not rolled back.` : `${name} is gone from ${target.transport.serverName}: nothing to roll back.`,
      ...(current ? { currentSource: current.source } : {}),
    };
  }
  try {
    if (applied.previousRevision === undefined) {
      await target.flows.delete(applied.namespace, applied.id, signal);
      stored.applied.delete(itemKey);
      return { key: itemKey, outcome: 'written', message: `${name} removed (the promotion had created it).` };
    }
    const previous = await target.flows.get(applied.namespace, applied.id, applied.previousRevision, signal);
    const restored = await target.flows.update(applied.namespace, applied.id, previous.source, signal);
    stored.applied.delete(itemKey);
    return { key: itemKey, outcome: 'written', revision: restored.revision, previousRevision: applied.revision, message: `${name} is back to the text of revision ${applied.previousRevision} (as revision ${restored.revision}).` };
  } catch (error) {
    if (error instanceof KestraError && error.data.kind === 'cancelled') throw error;
    return { key: itemKey, outcome: 'failed', error: errorOf(error), message: `Rolling back ${name} failed: ${errorOf(error)?.message}` };
  }
}
