import { describe, expect, it } from 'vitest';
import type { PlanItem, PromoteItemResult } from '../../../../main/contract/fleet';
import { runPromotion } from './promotion-run';

const flow = (id: string, dependsOn: string[] = []): PlanItem => ({
  kind: 'flow',
  key: `flow:n/${id}`,
  namespace: 'n',
  id,
  reasons: [],
  status: 'new',
  source: '',
  sourceHash: '',
  dependsOn: dependsOn.map((d) => `flow:n/${d}`),
});
const file = (path: string): PlanItem => ({ kind: 'file', key: `file:n:${path}`, namespace: 'n', path, reasons: [], status: 'new', size: 1, lastModified: 1 });

describe('promotion run', () => {
  it('writes subflows before callers and holds back callers of a subflow that failed', async () => {
    const order: string[] = [];
    const items = [file('/a'), flow('leaf'), flow('broken'), flow('mid', ['leaf']), flow('top', ['mid', 'broken'])];
    const results = await runPromotion(
      { items },
      {
        concurrency: 3,
        promote: async (item): Promise<PromoteItemResult> => {
          order.push(item.key);
          await new Promise((resolve) => setTimeout(resolve, item.key.endsWith('leaf') ? 20 : 1));
          return { key: item.key, outcome: item.key.endsWith('broken') ? 'stale' : 'written' };
        },
      },
    );
    expect(order.indexOf('flow:n/mid')).toBeGreaterThan(order.indexOf('flow:n/leaf'));
    expect(Object.fromEntries(results.map((r) => [r.key, r.outcome]))).toEqual({
      'file:n:/a': 'written',
      'flow:n/leaf': 'written',
      'flow:n/broken': 'stale',
      'flow:n/mid': 'written',
      'flow:n/top': 'blocked',
    });
    expect(results.at(-1)!.message).toBe('Not written: it calls n.broken, which was not written.');
  });

  it('runs flows in a cycle (the later one does not wait for the earlier)', async () => {
    const results = await runPromotion({ items: [flow('ping', ['pong']), flow('pong', ['ping'])] }, { promote: async (item) => ({ key: item.key, outcome: 'written' }) });
    expect(results.map((r) => r.outcome)).toEqual(['written', 'written']);
  });

  it('reports a call that throws as failed and goes on', async () => {
    const results = await runPromotion(
      { items: [file('/a'), file('/b')] },
      {
        promote: async (item) => {
          if (item.key.endsWith('/a')) throw new Error('network down');
          return { key: item.key, outcome: 'written' };
        },
      },
    );
    expect(results.map((r) => [r.outcome, r.message])).toEqual([
      ['failed', 'network down'],
      ['written', undefined],
    ]);
  });

  it('cancels between items: running ones finish, the rest are not run', async () => {
    const controller = new AbortController();
    const progress: number[] = [];
    const results = await runPromotion(
      { items: [file('/1'), file('/2'), file('/3'), file('/4'), file('/5')] },
      {
        concurrency: 2,
        signal: controller.signal,
        onResult: (_result, done) => progress.push(done),
        promote: async (item) => {
          if (item.key.endsWith('/2')) controller.abort();
          await new Promise((resolve) => setTimeout(resolve, 5));
          return { key: item.key, outcome: 'written' };
        },
      },
    );
    expect(results.map((r) => r.outcome)).toEqual(['written', 'written', 'not-run', 'not-run', 'not-run']);
    expect(progress).toEqual([1, 2, 3, 4, 5]);
  });
});
