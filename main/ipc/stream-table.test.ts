import { describe, expect, it } from 'vitest';
import { ConsoleError } from './console-error';
import { runStream, type StreamTable } from './stream-table';

function table(handler: StreamTable['transfers.progress']): StreamTable {
  const unused = async (): Promise<void> => undefined;
  return { 'executions.follow': unused, 'logs.follow': unused, 'transfers.progress': handler, 'fleet.watch': unused };
}

describe('runStream', () => {
  it('batches events by weight and delivers the rest at the end', async () => {
    const batches: unknown[][] = [];
    const error = await runStream(
      table(async (_params, sink) => {
        for (let i = 0; i < 2_500; i += 1) sink.push({ bytes: i });
      }),
      'transfers.progress',
      { transferId: 'x' },
      { deliver: (events) => void batches.push(events) },
      new AbortController().signal,
    );
    expect(error).toBeUndefined();
    expect(batches.map((b) => b.length)).toEqual([1_000, 1_000, 500]);
  });

  it('waits for a backed-up transport before the handler continues', async () => {
    let release!: () => void;
    const order: string[] = [];
    const done = runStream(
      table(async (_params, sink) => {
        sink.push({ bytes: 1 }, 1_000);
        order.push('pushed');
        await sink.drained();
        order.push('drained');
      }),
      'transfers.progress',
      { transferId: 'x' },
      {
        deliver: () => {
          order.push('delivered');
          return new Promise<void>((r) => (release = r));
        },
      },
      new AbortController().signal,
    );
    await new Promise((r) => setImmediate(r));
    expect(order).toEqual(['delivered', 'pushed']);
    release();
    expect(await done).toBeUndefined();
    expect(order).toEqual(['delivered', 'pushed', 'drained']);
  });

  it('ends with the handler’s error after delivering what came before it', async () => {
    const batches: unknown[][] = [];
    const error = await runStream(
      table(async (_params, sink) => {
        sink.push({ bytes: 1 });
        throw new ConsoleError('network', 'cut');
      }),
      'transfers.progress',
      { transferId: 'x' },
      { deliver: (events) => void batches.push(events) },
      new AbortController().signal,
    );
    expect(batches).toEqual([[{ bytes: 1 }]]);
    expect(error).toEqual({ kind: 'network', message: 'cut' });
  });

  it('refuses unknown streams and non-object params, and ends quietly when cancelled', async () => {
    const t = table(async (_p, _s, signal) => new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve())));
    expect(await runStream(t, 'nope', {}, { deliver: () => undefined }, new AbortController().signal)).toMatchObject({ kind: 'validation' });
    expect(await runStream(t, 'transfers.progress', [], { deliver: () => undefined }, new AbortController().signal)).toMatchObject({ kind: 'validation' });
    const controller = new AbortController();
    const pending = runStream(t, 'transfers.progress', { transferId: 'x' }, { deliver: () => undefined }, controller.signal);
    controller.abort();
    expect(await pending).toBeUndefined();
  });
});
