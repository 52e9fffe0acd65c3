// The overview's and the drift matrix's reads, one server per call: counts of failed executions
// in the window with the newest failure, the sparkline buckets, failure rows paged newest first,
// and namespace inventories (flow hashes, file sizes, KV keys) that tell same from different.
// A dead server answers its own call with an error and nobody else's.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSandboxProcess, startTestSandbox, type SandboxProcess, type TestSandbox } from '../../../fixtures/sandbox';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FleetWatchEvent } from '../../../../main/contract/fleet';
import { collectStream, startTestCore, type TestCore } from '../../../fixtures/console-core';
import { makeTempDir, randomNamespace } from '../../../fixtures/temp-dir';
import { flowYaml, Raw, serverInput } from './fleet-helpers';

describe('fleet overview and drift reads', () => {
  let a: TestSandbox;
  let b: TestSandbox;
  let doomed: SandboxProcess;
  let t: TestCore;
  const ids = { a: '', b: '', doomed: '' };
  const temp = makeTempDir('fleet-reads');
  const ns = randomNamespace('fleet');

  async function run(box: TestSandbox, flowId: string): Promise<{ id: string; state: { current: string } }> {
    const response = await fetch(`${box.api()}/executions/${ns}/${flowId}?wait=true`, { method: 'POST' });
    return (await response.json()) as { id: string; state: { current: string } };
  }

  beforeAll(async () => {
    [a, b] = await Promise.all([startTestSandbox(), startTestSandbox()]);
    doomed = await spawnSandboxProcess(temp.path);
    t = await startTestCore({ withSandbox: false, tuning: { retry: { maxRetries: 0 } } });
    ids.a = (await t.call('servers.create', { input: serverInput('A', a.url) })).id;
    ids.b = (await t.call('servers.create', { input: serverInput('B', b.url) })).id;
    ids.doomed = (await t.call('servers.create', { input: serverInput('Doomed', doomed.url) })).id;
    await new Raw(a).createFlow(flowYaml(ns, 'boom', '  - id: fail\n    type: io.kestra.plugin.core.execution.Fail\n    errorMessage: boom\n'));
    await new Raw(a).createFlow(flowYaml(ns, 'fine'));
  });
  afterAll(async () => {
    await t?.stop();
    await Promise.all([a?.stop(), b?.stop(), doomed?.kill('SIGKILL')]);
    temp.remove();
  });

  it('counts failures in the window, names the newest, and pages failure rows newest first', async () => {
    const failed = [];
    for (let i = 0; i < 3; i += 1) failed.push(await run(a, 'boom'));
    await run(a, 'fine');
    expect(failed.every((e) => e.state.current === 'FAILED')).toBe(true);

    const summary = await t.call('fleet.summary', { serverId: ids.a, window: '1h' });
    expect(summary).toMatchObject({ window: '1h', failed: 3, running: 0, paused: 0 });
    expect(summary.lastFailure).toMatchObject({ id: failed[2]!.id, namespace: ns, flowId: 'boom', state: 'FAILED' });

    const page1 = await t.call('fleet.failures', { serverId: ids.a, window: '24h', size: 2, page: 1 });
    const page2 = await t.call('fleet.failures', { serverId: ids.a, window: '24h', size: 2, page: 2 });
    expect(page1.total).toBe(3);
    expect([...page1.results, ...page2.results].map((r) => r.id)).toEqual([failed[2]!.id, failed[1]!.id, failed[0]!.id]);
    // Compact rows: what a row shows, never the task runs.
    expect(page1.results[0]).toMatchObject({ id: failed[2]!.id, namespace: ns, flowId: 'boom', state: 'FAILED', startDate: expect.any(String), endDate: expect.any(String) });
    expect(page1.results[0]).not.toHaveProperty('taskRunList');
    // Filters reach the server.
    expect((await t.call('fleet.failures', { serverId: ids.a, window: '24h', flowId: 'fine' })).total).toBe(0);
    expect(await t.fail('fleet.failures', { serverId: ids.a, window: '24h', states: ['SUCCESS'] })).toMatchObject({ kind: 'validation' });
    expect(await t.fail('fleet.summary', { serverId: ids.a, window: '3y' as never })).toMatchObject({ kind: 'validation' });

    const activity = await t.call('fleet.activity', { serverId: ids.a, window: '1h' });
    expect(activity.buckets).toHaveLength(12);
    const sum = activity.buckets.reduce((total, bucket) => ({ failed: total.failed + bucket.failed, success: total.success + bucket.success }), { failed: 0, success: 0 });
    expect(sum).toEqual({ failed: 3, success: 1 });
    expect(activity.buckets.at(-1)!.failed).toBe(3);
  });

  it('gives each namespace’s flow hashes, file sizes and KV keys, and leaves out namespaces a server lacks', async () => {
    const left = new Raw(a);
    const right = new Raw(b);
    const drift = randomNamespace('drift');
    const only = randomNamespace('only');
    for (const raw of [left, right]) {
      await raw.createFlow(flowYaml(drift, 'same'));
      await raw.putFile(drift, '/conf/app.yml', 'x: 1');
      await raw.putKv(drift, 'K', '"v"');
    }
    await left.createFlow(flowYaml(drift, 'edited', '  - id: v\n    type: io.kestra.plugin.core.log.Log\n    message: one\n'));
    await right.createFlow(flowYaml(drift, 'edited', '  - id: v\n    type: io.kestra.plugin.core.log.Log\n    message: two\n'));
    await left.createFlow(flowYaml(`${drift}.child`, 'nested'));
    await left.putFile(only, '/lonely.txt', 'hi');

    const namespaces = [drift, `${drift}.child`, only];
    const [ia, ib] = await Promise.all([t.call('fleet.inventory', { serverId: ids.a, namespaces }), t.call('fleet.inventory', { serverId: ids.b, namespaces })]);
    expect(Object.keys(ia.namespaces).sort()).toEqual([drift, `${drift}.child`, only].sort());
    expect(Object.keys(ib.namespaces)).toEqual([drift]);
    const [da, db] = [ia.namespaces[drift]!, ib.namespaces[drift]!];
    expect(Object.keys(da.flows).sort()).toEqual(['edited', 'same']);
    expect(da.flows.same).toBe(db.flows.same);
    expect(da.flows.edited).not.toBe(db.flows.edited);
    expect(da.files).toEqual({ '/conf/app.yml': 4 });
    expect(da.kv).toEqual(['K']);
    // Children are their own namespace, not part of their parent.
    expect(Object.keys(ia.namespaces[`${drift}.child`]!.flows)).toEqual(['nested']);
    expect(ia.namespaces[only]).toEqual({ flows: {}, files: { '/lonely.txt': 2 }, kv: [] });
    expect(Date.parse(ia.computedAt)).toBeGreaterThan(Date.now() - 60_000);
  });

  it('reads the KV keys of many namespaces with one KV search on 1.1+, one listing each before, with the same inventory', async () => {
    const [modern, older] = await Promise.all([startTestSandbox({ kestraVersion: '1.3' }), startTestSandbox({ kestraVersion: '0.24' })]);
    // Counts the requests each server gets, by path.
    const relays: http.Server[] = [];
    const counted = async (box: TestSandbox): Promise<{ url: string; paths: string[] }> => {
      const target = new URL(box.url);
      const paths: string[] = [];
      const relay = http.createServer((req, res) => {
        paths.push(new URL(req.url ?? '/', box.url).pathname);
        const upstream = http.request({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        });
        req.pipe(upstream);
      });
      relays.push(relay);
      await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
      return { url: `http://127.0.0.1:${(relay.address() as AddressInfo).port}`, paths };
    };
    try {
      const root = randomNamespace('sweep');
      const wanted = [`${root}.a`, `${root}.b`, `${root}.c`, `${root}.a.deep`];
      for (const box of [modern, older]) {
        const raw = new Raw(box);
        await raw.putKv(`${root}.a`, 'K1', '"v"');
        await raw.putKv(`${root}.a`, 'K2', '2');
        await raw.putKv(`${root}.a.deep`, 'D', 'true');
        await raw.putKv(`${root}.b`, 'B', '"b"');
        await raw.putFile(`${root}.c`, '/only-a-file.txt', 'x');
        // Under the prefix but not asked for: not in the inventory.
        await raw.putKv(`${root}.z`, 'Z', '"z"');
      }
      const [m, o] = await Promise.all([counted(modern), counted(older)]);
      const mid = (await t.call('servers.create', { input: serverInput('Modern', m.url) })).id;
      const oid = (await t.call('servers.create', { input: serverInput('Older', o.url) })).id;
      const [im, io] = await Promise.all([t.call('fleet.inventory', { serverId: mid, namespaces: wanted }), t.call('fleet.inventory', { serverId: oid, namespaces: wanted })]);
      const keys = (inventory: typeof im) => Object.fromEntries(Object.entries(inventory.namespaces).map(([namespace, entry]) => [namespace, entry.kv]));
      expect(keys(im)).toEqual({ [`${root}.a`]: ['K1', 'K2'], [`${root}.a.deep`]: ['D'], [`${root}.b`]: ['B'], [`${root}.c`]: [] });
      expect(keys(io)).toEqual(keys(im));
      const kvReads = (paths: string[]) => paths.filter((p) => /\/kv$/.test(p));
      expect(kvReads(m.paths)).toEqual(['/api/v1/main/kv']);
      expect(kvReads(o.paths).sort()).toEqual(wanted.map((namespace) => `/api/v1/main/namespaces/${namespace}/kv`).sort());
    } finally {
      for (const relay of relays) relay.closeAllConnections();
      await Promise.all(relays.map((relay) => new Promise((resolve) => relay.close(resolve))));
      await Promise.all([modern.stop(), older.stop()]);
    }
  });

  it('streams each server’s row on its own: a server that does not answer holds back nobody else', async () => {
    // A relay to B that holds every request until the test lets go.
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const target = new URL(b.url);
    const relay = http.createServer((req, res) => {
      void gate.then(() => {
        const upstream = http.request({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        });
        req.pipe(upstream);
      });
    });
    await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
    try {
      const held = (await t.call('servers.create', { input: serverInput('Held', `http://127.0.0.1:${(relay.address() as AddressInfo).port}`) })).id;
      const seen: string[] = [];
      const { events } = await collectStream<FleetWatchEvent>(
        t.core,
        'fleet.watch',
        { serverIds: [held, ids.a], window: '1h', intervalMs: 60_000 },
        {
          stopWhen: (all) => {
            for (const event of all.slice(seen.length)) seen.push(`${event.serverId === held ? 'held' : 'a'}:${Object.keys(event).filter((k) => k !== 'serverId').join(',')}`);
            // Once A's counts and health are in while Held has said nothing, let Held answer.
            if (seen.includes('a:summary') && seen.includes('a:health') && !seen.some((s) => s.startsWith('held'))) release();
            return all.some((event) => event.serverId === held && event.summary);
          },
        },
      );
      const aSummary = events.find((event) => event.serverId === ids.a && event.summary)!;
      expect(aSummary.summary).toMatchObject({ window: '1h', failed: 3 });
      expect(events.find((event) => event.serverId === ids.a && event.version)?.version).toEqual({ version: '1.3.25', edition: 'OSS' });
      expect(events.findIndex((event) => event === aSummary)).toBeLessThan(events.findIndex((event) => event.serverId === held));
      expect(events.find((event) => event.serverId === held && event.summary)?.summary).toMatchObject({ failed: 0 });
    } finally {
      release();
      relay.closeAllConnections();
      await new Promise<void>((resolve) => relay.close(() => resolve()));
    }
  });

  it('lets a dead server fail its own call only', async () => {
    await doomed.kill('SIGKILL');
    const [dead, alive] = await Promise.allSettled([t.call('fleet.summary', { serverId: ids.doomed, window: '1h' }), t.call('fleet.summary', { serverId: ids.a, window: '1h' })]);
    expect(dead.status).toBe('rejected');
    expect((dead as PromiseRejectedResult).reason.data).toMatchObject({ kind: 'network', message: expect.stringMatching(/refused the connection/) });
    expect(alive.status).toBe('fulfilled');
    expect(await t.fail('fleet.inventory', { serverId: ids.doomed, namespaces: [ns] })).toMatchObject({ kind: 'network' });
    // On the stream, the dead server says so in its own events; the live one still reports.
    const { events } = await collectStream<FleetWatchEvent>(t.core, 'fleet.watch', { serverIds: [ids.doomed, ids.a], window: '1h' }, {
      stopWhen: (all) => all.some((e) => e.serverId === ids.doomed && e.summaryError) && all.some((e) => e.serverId === ids.a && e.summary),
    });
    expect(events.find((e) => e.serverId === ids.doomed && e.summaryError)?.summaryError).toMatchObject({ kind: 'network' });
    expect(events.find((e) => e.serverId === ids.doomed && e.health)?.health).toMatchObject({ status: 'down' });
  });
});
