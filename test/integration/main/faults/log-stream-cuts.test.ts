// An SSE log stream cut 100 times loses and duplicates no line: Kestra replays every stored line
// on each new follow, and the console must deliver each line exactly once, in order, even when
// two lines are identical.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerInput } from '../../../../main/contract/methods';
import type { LogBatch } from '../../../../main/contract/streams';
import { runStream } from '../../../../main/ipc/stream-table';
import { startTestCore, type TestCore } from '../../../fixtures/console-core';
import { startFaultProxy, type FaultProxy } from '../../../fixtures/fault-proxy';
import { startTestSandbox, type TestSandbox } from '../../../fixtures/sandbox';
import { randomNamespace } from '../../../fixtures/temp-dir';

const CUTS = 100;

function flowWithManyLines(namespace: string): string {
  const tasks = Array.from({ length: 30 }, (_, i) => {
    // Repeated messages in one task: identical lines that must both survive de-duplication.
    const messages = [`task ${i} starts`, 'same line', 'same line', `task ${i} value ${i * 7}`, 'same line', `task ${i} ends`];
    return `  - id: t${i}\n    type: io.kestra.plugin.core.log.Log\n    message:\n${messages.map((m) => `      - "${m}"`).join('\n')}`;
  });
  return `id: chatty\nnamespace: ${namespace}\ntasks:\n${tasks.join('\n')}\n`;
}

describe('log follow across 100 cut connections', () => {
  let sandbox: TestSandbox;
  let proxy: FaultProxy;
  let t: TestCore;
  let serverId: string;

  beforeAll(async () => {
    sandbox = await startTestSandbox();
    proxy = await startFaultProxy(sandbox.url);
    t = await startTestCore({ withSandbox: false, tuning: { follow: { initialDelayMs: 2, maxDelayMs: 20 }, retry: { baseDelayMs: 5, maxDelayMs: 20 } } });
    const input: ServerInput = { name: 'Behind a flaky network', url: proxy.url, authKind: 'none', color: '#444444', environment: 'development', policy: { confirmDestructive: false, readOnly: false }, tls: {} };
    serverId = (await t.call('servers.create', { input })).id;
  });
  afterAll(async () => {
    await t?.stop();
    await proxy?.close();
    await sandbox?.stop();
  });

  it('delivers every line exactly once, in order', async () => {
    const ns = randomNamespace('cuts');
    await t.call('flows.create', { serverId, source: flowWithManyLines(ns) });
    const execution = await t.call('executions.trigger', { serverId, namespace: ns, flowId: 'chatty' });
    await expect.poll(async () => (await t.call('executions.get', { serverId, executionId: execution.id })).state.current, { timeout: 20_000 }).toBe('SUCCESS');
    const expected = (await t.call('logs.list', { serverId, executionId: execution.id })).map((l) => l.message);
    expect(expected.length).toBe(180);
    expect(expected.filter((m) => m === 'same line').length).toBe(90);

    // Follow connections 1..100 are cut at a random point of the replay; connection 101 after
    // the whole replay. When connection 102 opens, the console has read all of 101.
    let followConnections = 0;
    let lastFollow: number | undefined;
    const cutAt = new Map<number, number>();
    proxy.policy = {
      down: (connection) => {
        if (!connection.requestLine.includes('/follow')) return false;
        if (!cutAt.has(connection.index)) {
          followConnections += 1;
          lastFollow = followConnections;
          cutAt.set(connection.index, followConnections <= CUTS ? Math.floor(Math.random() * expected.length) : followConnections === CUTS + 1 ? expected.length : Infinity);
        }
        return connection.downFrames >= cutAt.get(connection.index)!;
      },
    };

    const delivered: string[] = [];
    const firstIndexes: number[] = [];
    const batchSizes: number[] = [];
    const controller = new AbortController();
    const done = runStream(
      t.core.streams,
      'logs.follow',
      { serverId, executionId: execution.id },
      {
        deliver: (batches) => {
          for (const batch of batches as LogBatch[]) {
            firstIndexes.push(batch.firstIndex);
            batchSizes.push(batch.messages.length);
            delivered.push(...batch.messages);
          }
        },
      },
      controller.signal,
      // Deliver each batch at once, so "the console has read it" means "the test has it".
      { maxDelayMs: 1, maxWeight: 1 },
    );
    await expect.poll(() => lastFollow ?? 0, { timeout: 60_000, interval: 20 }).toBeGreaterThanOrEqual(CUTS + 2);
    controller.abort();
    expect(await done).toBeUndefined();

    expect(delivered).toEqual(expected);
    // Batches are contiguous: each starts where the previous ones ended.
    let next = 0;
    for (const [i, first] of firstIndexes.entries()) {
      expect(first, `batch ${i}`).toBe(next);
      next = first + batchSizes[i]!;
    }
    expect([...cutAt.values()].filter((v) => v < expected.length).length).toBeGreaterThanOrEqual(CUTS - 1);
  });
});
