// An SSE log stream cut 100 times loses and duplicates no line: Kestra replays every stored line
// on each new follow, and the console must deliver each line exactly once, in order, even when
// two lines are identical.
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
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

  it('follows an execution across 10 cuts: one start, one end, nothing lost when it finishes', async () => {
    const ns = randomNamespace('follow');
    await t.call('flows.create', { serverId, source: `id: gate\nnamespace: ${ns}\ntasks:\n  - id: wait\n    type: io.kestra.plugin.core.flow.Pause\n  - id: done\n    type: io.kestra.plugin.core.log.Log\n    message: through\n` });
    const execution = await t.call('executions.trigger', { serverId, namespace: ns, flowId: 'gate' });
    await expect.poll(async () => (await t.call('executions.get', { serverId, executionId: execution.id })).state.current, { timeout: 20_000 }).toBe('PAUSED');

    let follows = 0;
    const counted = new Set<number>();
    proxy.policy = {
      down: (connection) => {
        if (!connection.requestLine.includes('/executions/') || !connection.requestLine.includes('/follow')) return false;
        if (!counted.has(connection.index)) {
          counted.add(connection.index);
          follows += 1;
        }
        return follows <= 10;
      },
    };
    const phases: { phase: string; state: string }[] = [];
    const controller = new AbortController();
    const done = runStream(
      t.core.streams,
      'executions.follow',
      { serverId, executionId: execution.id },
      {
        deliver: (events) => {
          for (const e of events as { phase: string; execution: { state: { current: string } } }[]) phases.push({ phase: e.phase, state: e.execution.state.current });
        },
      },
      controller.signal,
      { maxDelayMs: 1, maxWeight: 1 },
    );
    await expect.poll(() => follows, { timeout: 30_000, interval: 20 }).toBeGreaterThanOrEqual(11);
    await t.call('executions.resume', { serverId, executionId: execution.id });
    expect(await done).toBeUndefined();
    expect(phases.filter((p) => p.phase === 'start').length).toBeLessThanOrEqual(1);
    expect(phases.filter((p) => p.phase === 'end')).toEqual([{ phase: 'end', state: 'SUCCESS' }]);
    expect(phases.at(-1)).toEqual({ phase: 'end', state: 'SUCCESS' });
  });

  it('delivers live lines exactly once while the stream is cut during the run', async () => {
    const ns = randomNamespace('live');
    const steps = Array.from({ length: 12 }, (_, i) => `  - id: log${i}\n    type: io.kestra.plugin.core.log.Log\n    message:\n      - "step ${i} a"\n      - "repeat"\n      - "repeat"\n  - id: nap${i}\n    type: io.kestra.plugin.core.flow.Sleep\n    duration: PT0.1S`);
    await t.call('flows.create', { serverId, source: `id: live\nnamespace: ${ns}\ntasks:\n${steps.join('\n')}\n` });

    let follows = 0;
    let finalFollow: number | undefined;
    let expectedCount = Infinity;
    const cutAt = new Map<number, number>();
    proxy.policy = {
      down: (connection) => {
        if (!connection.requestLine.includes('/logs/') || !connection.requestLine.includes('/follow')) return false;
        if (!cutAt.has(connection.index)) {
          follows += 1;
          // While running: cut early and often. At the end: one full replay, then a cut.
          cutAt.set(connection.index, expectedCount === Infinity ? (follows <= 40 ? 1 + Math.floor(Math.random() * 6) : Infinity) : expectedCount);
          if (expectedCount !== Infinity && finalFollow === undefined) finalFollow = follows;
        }
        return connection.downFrames >= cutAt.get(connection.index)!;
      },
    };
    const execution = await t.call('executions.trigger', { serverId, namespace: ns, flowId: 'live' });
    const delivered: string[] = [];
    const controller = new AbortController();
    const done = runStream(t.core.streams, 'logs.follow', { serverId, executionId: execution.id }, { deliver: (batches) => (batches as LogBatch[]).forEach((b) => delivered.push(...b.messages)) }, controller.signal, { maxDelayMs: 1, maxWeight: 1 });
    onTestFinished(() => controller.abort());
    await expect.poll(async () => (await t.call('executions.get', { serverId, executionId: execution.id })).state.current, { timeout: 30_000 }).toBe('SUCCESS');
    const expected = (await t.call('logs.list', { serverId, executionId: execution.id })).map((l) => l.message);
    expect(expected.filter((m) => m === 'repeat').length).toBe(24);
    expect(follows).toBeGreaterThan(5);
    expectedCount = expected.length;
    proxy.cutAll();
    await expect.poll(() => (finalFollow !== undefined ? follows - finalFollow : -1), { timeout: 30_000, interval: 20 }).toBeGreaterThanOrEqual(1);
    controller.abort();
    expect(await done).toBeUndefined();
    expect(delivered).toEqual(expected);
  });
});
