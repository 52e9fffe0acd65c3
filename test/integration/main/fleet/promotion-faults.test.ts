// Promotion faults, per server and per item: a target that dies halfway (every item is fully
// written or untouched, and the result says which, or says it could not be checked), an answer
// lost after the write landed, an account that may read but not write (403, named with the item it
// refused), and a promotion cancelled between items.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PromotionPlan } from '../../../../main/contract/fleet';
import { runPromotion } from '../../../../renderer/features/fleet/lib/promotion-run';
import { startTestCore, type TestCore } from '../../../fixtures/console-core';
import { startFaultProxy, type FaultProxy } from '../../../fixtures/fault-proxy';
import { EE_TOKENS, startTestSandbox, type TestSandbox } from '../../../fixtures/sandbox';
import { randomNamespace } from '../../../fixtures/temp-dir';
import { flowYaml, Raw, serverInput } from './fleet-helpers';

const WRITE = /^(POST|PUT) \/api\/v1\/main\/(flows|namespaces\/[^/]+\/files\?)/;

/**
 * An HTTP relay that forwards a request, lets the server answer, then drops the answer when told
 * to; or, when told to refuse, answers 401 itself (a token revoked between the plan and the apply).
 */
async function answerDropper(target: string): Promise<{ url: string; drop: (line: RegExp) => void; refuse: (on: boolean) => void; close(): Promise<void> }> {
  const upstream = new URL(target);
  let dropping: RegExp | undefined;
  let refusing = false;
  const server = http.createServer((req, res) => {
    const line = `${req.method} ${req.url}`;
    if (refusing) {
      req.resume();
      res.writeHead(401, { 'WWW-Authenticate': 'Bearer realm="kestra"', 'Content-Length': '0' }).end();
      return;
    }
    const forward = http.request({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
      if (dropping?.test(line)) {
        dropping = undefined;
        answer.resume();
        answer.on('end', () => req.socket.destroy());
        return;
      }
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    forward.on('error', () => res.destroy());
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    drop: (line) => (dropping = line),
    refuse: (on) => (refusing = on),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

describe('promotion faults', () => {
  let sourceBox: TestSandbox;
  let targetBox: TestSandbox;
  let enterprise: TestSandbox;
  let proxy: FaultProxy;
  let dropper: Awaited<ReturnType<typeof answerDropper>>;
  let t: TestCore;
  let source: Raw;
  let target: Raw;
  const ids = { source: '', flaky: '', dropping: '', reader: '', eeAdmin: '' };

  beforeAll(async () => {
    [sourceBox, targetBox, enterprise] = await Promise.all([startTestSandbox(), startTestSandbox(), startTestSandbox({ kestraVersion: '1.3', edition: 'EE' })]);
    source = new Raw(sourceBox);
    target = new Raw(targetBox);
    proxy = await startFaultProxy(targetBox.url);
    dropper = await answerDropper(targetBox.url);
    // Short retries: a dead server is declared dead quickly.
    t = await startTestCore({ withSandbox: false, tuning: { retry: { maxRetries: 1, baseDelayMs: 20, maxDelayMs: 50 } } });
    ids.source = (await t.call('servers.create', { input: serverInput('Staging', sourceBox.url) })).id;
    ids.flaky = (await t.call('servers.create', { input: serverInput('Flaky prod', proxy.url) })).id;
    ids.dropping = (await t.call('servers.create', { input: serverInput('Lossy prod', dropper.url) })).id;
    ids.reader = (await t.call('servers.create', { input: { ...serverInput('EE demo (reader)', enterprise.url), authKind: 'bearer', tenant: 'demo' }, secret: EE_TOKENS.reader })).id;
    ids.eeAdmin = (await t.call('servers.create', { input: { ...serverInput('EE demo (admin)', enterprise.url), authKind: 'bearer', tenant: 'demo' }, secret: EE_TOKENS.admin })).id;
  });
  afterAll(async () => {
    await t?.stop();
    await proxy?.close();
    await dropper?.close();
    await Promise.all([sourceBox?.stop(), targetBox?.stop(), enterprise?.stop()]);
  });

  const plan = (serverId: string, namespace: string): Promise<PromotionPlan> => t.call('fleet.plan', { serverId, sourceServerId: ids.source, selection: { kind: 'namespace', namespace } });
  const promote = (p: PromotionPlan, serverId: string) => (item: { key: string }) => t.call('fleet.promote', { serverId, planId: p.id, itemKey: item.key });

  it('leaves every item fully written or untouched when the target dies halfway, and says which', async () => {
    const ns = randomNamespace('dies');
    for (const id of ['f1', 'f2', 'f3', 'f4', 'f5']) await source.createFlow(flowYaml(ns, id));
    await source.putFile(ns, '/data.csv', 'a,b\n1,2\n');
    const p = await plan(ids.flaky, ns);
    expect(p.items.map((item) => item.key)).toEqual([`file:${ns}:/data.csv`, ...['f1', 'f2', 'f3', 'f4', 'f5'].map((id) => `flow:${ns}/${id}`)]);

    // The third write is cut before it reaches the server, and the server is gone from then on.
    let writes = 0;
    let dead = false;
    proxy.policy = {
      up: (connection) => {
        if (dead) return true;
        if (WRITE.test(connection.requestLine)) {
          writes += 1;
          if (writes === 3) {
            dead = true;
            return true;
          }
        }
        return false;
      },
    };
    const results = await runPromotion(p, { promote: promote(p, ids.flaky), concurrency: 1 });
    proxy.policy = {};
    const label = (key: string): string => (key.startsWith('file:') ? key.slice(key.indexOf(':/') + 1) : key.split('/').pop()!);
    const outcome = Object.fromEntries(results.map((r) => [label(r.key), [r.outcome, r.result?.written]]));
    expect(outcome).toEqual({
      '/data.csv': ['written', undefined],
      f1: ['written', undefined],
      // Cut while writing, and the server could not be asked afterwards: said so, not guessed.
      f2: ['unknown', undefined],
      // Checked before writing: nothing was sent.
      f3: ['failed', false],
      f4: ['failed', false],
      f5: ['failed', false],
    });
    expect(results.find((r) => r.key.endsWith('/f2'))?.message).toMatch(/could not be asked afterwards whether it landed/);
    expect(results.find((r) => r.key.endsWith('/f3'))?.message).toMatch(/Nothing was written/);
    // What the server really holds matches: f1 whole, f2 never arrived, the rest untouched.
    expect((await target.flow(ns, 'f1'))?.source).toContain('hello from f1');
    for (const id of ['f2', 'f3', 'f4', 'f5']) expect(await target.flow(ns, id), id).toBeUndefined();
    expect((await target.file(ns, '/data.csv'))?.toString()).toBe('a,b\n1,2\n');

    // Back up: applying the same plan again finishes the job; what is in place is not rewritten.
    const retry = await runPromotion(p, { promote: promote(p, ids.flaky), concurrency: 1 });
    expect(retry.map((r) => r.outcome)).toEqual(['unchanged', 'unchanged', 'written', 'written', 'written', 'written']);
  });

  it('says a write landed whole when only its answer was lost', async () => {
    const ns = randomNamespace('lost');
    await source.createFlow(flowYaml(ns, 'created'));
    const p = await plan(ids.dropping, ns);
    dropper.drop(/^POST \/api\/v1\/main\/flows$/);
    const [result] = await runPromotion(p, { promote: promote(p, ids.dropping) });
    expect(result).toMatchObject({ outcome: 'failed', result: { written: true } });
    expect(result!.message).toMatch(/the answer was lost .* but the target holds the promoted version in full/);
    expect((await target.flow(ns, 'created'))?.revision).toBe(1);
    // The rollback knows about it all the same.
    expect(await t.call('fleet.rollback', { serverId: ids.dropping, planId: p.id, itemKey: `flow:${ns}/created` })).toMatchObject({ outcome: 'written' });
  });

  it('names the server and the item an account without write permission refused (403)', async () => {
    const ns = randomNamespace('rbac');
    await source.createFlow(flowYaml(ns, 'guarded'));
    await source.putFile(ns, '/x.txt', 'x');
    const p = await plan(ids.reader, ns);
    const results = await runPromotion(p, { promote: promote(p, ids.reader) });
    for (const r of results) {
      expect(r.outcome, r.key).toBe('failed');
      expect(r.result?.written, r.key).toBe(false);
      expect(r.result?.error?.kind, r.key).toBe('forbidden');
      expect(r.message, r.key).toMatch(/EE demo \(reader\)/);
    }
    expect(results[0]!.message).toMatch(/^Writing \/x\.txt to EE demo \(reader\) failed: .*lacks permission for uploading \/x\.txt on namespace .*untouched\.$/);
    expect(results[1]!.message).toMatch(/^Writing flow .*\.guarded to EE demo \(reader\) failed: .*lacks permission for creating the flow .*untouched\.$/);
    // The admin sees that nothing arrived.
    expect(await t.fail('flows.get', { serverId: ids.eeAdmin, namespace: ns, id: 'guarded' })).toMatchObject({ status: 404 });
  });

  it('names the server and the item it refused when the credentials stop working before the apply (401)', async () => {
    const ns = randomNamespace('revoked');
    await source.createFlow(flowYaml(ns, 'locked'));
    await source.putFile(ns, '/y.txt', 'y');
    const p = await plan(ids.dropping, ns);
    dropper.refuse(true);
    let results: Awaited<ReturnType<typeof runPromotion>>;
    try {
      results = await runPromotion(p, { promote: promote(p, ids.dropping), concurrency: 1 });
    } finally {
      dropper.refuse(false);
    }
    expect(results.map((r) => [r.outcome, r.result?.written, r.result?.error?.kind])).toEqual([
      ['failed', false, 'auth'],
      ['failed', false, 'auth'],
    ]);
    expect(results[0]!.message).toMatch(/^Checking \/y\.txt \(.+\) on Lossy prod before writing it failed: The server requires authentication \(Bearer\).*Nothing was written\.$/);
    expect(results[1]!.message).toMatch(/^Checking flow .+\.locked on Lossy prod before writing it failed: The server requires authentication \(Bearer\).*Nothing was written\.$/);
    expect(await target.flow(ns, 'locked')).toBeUndefined();
  });

  it('stops between items when cancelled, and says which items never ran', async () => {
    const ns = randomNamespace('cancel');
    for (const id of ['c1', 'c2', 'c3', 'c4']) await source.createFlow(flowYaml(ns, id));
    const p = await plan(ids.flaky, ns);
    const controller = new AbortController();
    const results = await runPromotion(p, {
      promote: async (item) => {
        const result = await promote(p, ids.flaky)(item);
        if (item.key.endsWith('/c2')) controller.abort();
        return result;
      },
      signal: controller.signal,
      concurrency: 1,
    });
    expect(results.map((r) => r.outcome)).toEqual(['written', 'written', 'not-run', 'not-run']);
    expect(results[2]!.message).toMatch(/cancelled/);
    expect(await target.flow(ns, 'c2')).toBeDefined();
    expect(await target.flow(ns, 'c3')).toBeUndefined();
  });
});
