// Promotion between two real sandboxes through the handler table: the plan (subflows followed
// across namespaces, files, KV keys, secrets, problems), the apply in dependency order, stale
// targets stopped with the current text, rollback to the previous revisions, the plan as a file,
// and main's judge on read-only and confirming targets.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FlowPlanItem, KvPlanItem, PromotionPlan } from '../../../../main/contract/fleet';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { runPromotion } from '../../../../renderer/features/fleet/lib/promotion-run';
import { startTestCore, type TestCore } from '../../../fixtures/console-core';
import { startTestSandbox, type TestSandbox } from '../../../fixtures/sandbox';
import { makeTempDir, randomNamespace } from '../../../fixtures/temp-dir';
import { flowYaml, Raw, serverInput, subflowTask } from './fleet-helpers';

describe('promotion between two servers', () => {
  let sourceBox: TestSandbox;
  let targetBox: TestSandbox;
  let t: TestCore;
  let source: Raw;
  let target: Raw;
  const ids = { source: '', target: '', readOnly: '', careful: '' };
  const temp = makeTempDir('promotion');

  beforeAll(async () => {
    [sourceBox, targetBox] = await Promise.all([startTestSandbox(), startTestSandbox()]);
    source = new Raw(sourceBox);
    target = new Raw(targetBox);
    t = await startTestCore({ withSandbox: false });
    ids.source = (await t.call('servers.create', { input: serverInput('Staging', sourceBox.url) })).id;
    ids.target = (await t.call('servers.create', { input: serverInput('Prod', targetBox.url) })).id;
    ids.readOnly = (await t.call('servers.create', { input: serverInput('Prod RO', targetBox.url, { readOnly: true, confirmDestructive: false }) })).id;
    ids.careful = (await t.call('servers.create', { input: serverInput('Prod EU', targetBox.url, { readOnly: false, confirmDestructive: true }) })).id;
  });
  afterAll(async () => {
    await t?.stop();
    await Promise.all([sourceBox?.stop(), targetBox?.stop()]);
    temp.remove();
  });

  const apply = async (plan: PromotionPlan, serverId = ids.target, extra: { copy?: Set<string>; confirmation?: string } = {}) =>
    runPromotion(plan, {
      promote: (item) => t.call('fleet.promote', { serverId, planId: plan.id, itemKey: item.key, copyValue: extra.copy?.has(item.key) ?? false, ...(extra.confirmation ? { confirmation: extra.confirmation } : {}) }),
    });

  it('plans a namespace with its subflows, files, KV keys and secrets, and applies it in dependency order', async () => {
    const app = randomNamespace('app');
    const shared = randomNamespace('shared');
    await source.createFlow(flowYaml(shared, 'leaf'));
    await source.createFlow(flowYaml(app, 'child', subflowTask('to_leaf', shared, 'leaf')));
    await source.createFlow(
      flowYaml(
        app,
        'parent',
        `${subflowTask('to_child', app, 'child')}  - id: uses
    type: io.kestra.plugin.core.log.Log
    message: "{{ kv('API_URL') }} {{ secret('API_TOKEN') }} {{ read('sql/q.sql') }}"
`,
      ),
    );
    await source.putFile(app, '/sql/q.sql', 'select 1');
    await source.putFile(app, '/bin/blob.bin', Buffer.from([0, 1, 2, 255, 254]));
    await source.putKv(app, 'API_URL', '"https://example.org"');
    await source.putKv(app, 'SECRETISH', '"not referenced"');
    // The target already has an older child and a KV key of another type.
    await target.createFlow(flowYaml(app, 'child', '  - id: old\n    type: io.kestra.plugin.core.log.Log\n    message: old\n'));
    await target.putKv(app, 'API_URL', '42');

    const plan = await t.call('fleet.plan', { serverId: ids.target, sourceServerId: ids.source, selection: { kind: 'namespace', namespace: app } });
    expect(plan.source).toEqual({ serverId: ids.source, name: 'Staging' });
    expect(plan.target).toEqual({ serverId: ids.target, name: 'Prod' });
    const keys = plan.items.map((item) => item.key);
    // Files, then KV keys, then flows with subflows first (the shared leaf is followed across namespaces).
    expect(keys).toEqual([
      `file:${app}:/bin/blob.bin`,
      `file:${app}:/sql/q.sql`,
      `kv:${app}/API_URL`,
      `kv:${app}/SECRETISH`,
      `flow:${shared}/leaf`,
      `flow:${app}/child`,
      `flow:${app}/parent`,
    ]);
    const byKey = Object.fromEntries(plan.items.map((item) => [item.key, item]));
    expect((byKey[`flow:${app}/child`] as FlowPlanItem).status).toBe('changed');
    expect((byKey[`flow:${app}/child`] as FlowPlanItem).target?.source).toContain('message: old');
    expect((byKey[`flow:${shared}/leaf`] as FlowPlanItem).reasons).toEqual([`subflow of ${app}.child`]);
    expect((byKey[`kv:${app}/API_URL`] as KvPlanItem).status).toBe('type-differs');
    expect((byKey[`kv:${app}/API_URL`] as KvPlanItem).usedBy).toEqual([`flow:${app}/parent`]);
    expect(plan.secrets).toEqual([{ name: 'API_TOKEN', usedBy: [`flow:${app}/parent`] }]);
    expect(plan.problems).toEqual([]);

    const copy = new Set([`kv:${app}/API_URL`]);
    const order: string[] = [];
    const results = await runPromotion(plan, {
      promote: async (item) => {
        order.push(item.key);
        return t.call('fleet.promote', { serverId: ids.target, planId: plan.id, itemKey: item.key, copyValue: copy.has(item.key) });
      },
      concurrency: 1,
    });
    expect(order).toEqual(keys);
    expect(Object.fromEntries(results.map((r) => [r.key, r.outcome]))).toEqual({
      [`file:${app}:/bin/blob.bin`]: 'written',
      [`file:${app}:/sql/q.sql`]: 'written',
      [`kv:${app}/API_URL`]: 'written',
      [`kv:${app}/SECRETISH`]: 'skipped',
      [`flow:${shared}/leaf`]: 'written',
      [`flow:${app}/child`]: 'written',
      [`flow:${app}/parent`]: 'written',
    });
    expect(results.find((r) => r.key === `flow:${app}/child`)?.result).toMatchObject({ previousRevision: 1, revision: 2 });
    expect(await target.file(app, '/bin/blob.bin')).toEqual(Buffer.from([0, 1, 2, 255, 254]));
    expect(await target.kv(app, 'API_URL')).toMatchObject({ type: 'STRING', value: 'https://example.org' });
    expect(await target.kv(app, 'SECRETISH')).toBeUndefined();
    expect((await target.flow(app, 'parent'))?.source).toContain("secret('API_TOKEN')");

    // Planned again: nothing left to do.
    const again = await t.call('fleet.plan', { serverId: ids.target, sourceServerId: ids.source, selection: { kind: 'namespace', namespace: app } });
    expect(again.items.filter((item) => item.kind !== 'kv').map((item) => (item as FlowPlanItem).status)).toEqual(['identical', 'identical', 'identical', 'identical', 'identical']);
  });

  it('stops a stale target with its current text, writes the rest, and rolls back to the previous revisions', async () => {
    const ns = randomNamespace('stale');
    for (const id of ['a', 'b', 'c']) {
      await source.createFlow(flowYaml(ns, id, `  - id: v\n    type: io.kestra.plugin.core.log.Log\n    message: staging ${id}\n`));
      await target.createFlow(flowYaml(ns, id, `  - id: v\n    type: io.kestra.plugin.core.log.Log\n    message: prod ${id}\n`));
    }
    const plan = await t.call('fleet.plan', { serverId: ids.target, sourceServerId: ids.source, selection: { kind: 'namespace', namespace: ns } });
    expect(plan.items.map((item) => (item as FlowPlanItem).status)).toEqual(['changed', 'changed', 'changed']);
    // Someone edits b on the target after the plan.
    await target.putFlow(ns, 'b', flowYaml(ns, 'b', '  - id: v\n    type: io.kestra.plugin.core.log.Log\n    message: hotfix on prod\n'));

    const results = await apply(plan);
    expect(results.map((r) => r.outcome)).toEqual(['written', 'stale', 'written']);
    const stale = results[1]!;
    expect(stale.message).toMatch(/Prod changed .*\.b since the plan \(now revision 2\): not overwritten/);
    expect(stale.result?.currentSource).toContain('hotfix on prod');
    expect((await target.flow(ns, 'b'))?.source).toContain('hotfix on prod');
    expect((await target.flow(ns, 'a'))?.source).toContain('staging a');

    // Someone changes c after the promotion: its rollback is refused; a's goes through.
    await target.putFlow(ns, 'c', flowYaml(ns, 'c', '  - id: v\n    type: io.kestra.plugin.core.log.Log\n    message: edited after\n'));
    const rollbackA = await t.call('fleet.rollback', { serverId: ids.target, planId: plan.id, itemKey: `flow:${ns}/a` });
    expect(rollbackA).toMatchObject({ outcome: 'written', revision: 3, previousRevision: 2 });
    expect((await target.flow(ns, 'a'))?.source).toContain('prod a');
    const rollbackC = await t.call('fleet.rollback', { serverId: ids.target, planId: plan.id, itemKey: `flow:${ns}/c` });
    expect(rollbackC).toMatchObject({ outcome: 'stale' });
    expect((await target.flow(ns, 'c'))?.source).toContain('edited after');
    // Only written flows roll back.
    expect(await t.fail('fleet.rollback', { serverId: ids.target, planId: plan.id, itemKey: `flow:${ns}/b` })).toMatchObject({ kind: 'validation' });
  });

  it('removes a flow the promotion created when it is rolled back', async () => {
    const ns = randomNamespace('created');
    await source.createFlow(flowYaml(ns, 'fresh'));
    const plan = await t.call('fleet.plan', { serverId: ids.target, sourceServerId: ids.source, selection: { kind: 'flows', namespace: ns, flowIds: ['fresh'] } });
    expect((await apply(plan)).map((r) => r.outcome)).toEqual(['written']);
    expect(await target.flow(ns, 'fresh')).toBeDefined();
    expect(await t.call('fleet.rollback', { serverId: ids.target, planId: plan.id, itemKey: `flow:${ns}/fresh` })).toMatchObject({ outcome: 'written' });
    expect(await target.flow(ns, 'fresh')).toBeUndefined();
  });

  it('shows cycles and subflows missing on both servers in the plan, before anything is written', async () => {
    const ns = randomNamespace('cycle');
    await source.createFlow(flowYaml(ns, 'ping'));
    await source.createFlow(flowYaml(ns, 'pong', subflowTask('back', ns, 'ping')));
    await source.putFlow(ns, 'ping', flowYaml(ns, 'ping', subflowTask('to', ns, 'pong') + subflowTask('ghost', ns, 'nowhere')));
    const plan = await t.call('fleet.plan', { serverId: ids.target, sourceServerId: ids.source, selection: { kind: 'flows', namespace: ns, flowIds: ['ping'] } });
    expect(plan.items.map((item) => item.key)).toEqual([`flow:${ns}/ping`, `flow:${ns}/pong`]);
    expect(plan.problems.map((p) => p.kind).sort()).toEqual(['cycle', 'missing-subflow']);
    expect(plan.problems.find((p) => p.kind === 'missing-subflow')?.message).toContain('which exists on neither server');
    expect(await target.flow(ns, 'ping')).toBeUndefined();
  });

  it('stops a file whose source changed since the plan', async () => {
    const ns = randomNamespace('srcchange');
    await source.putFile(ns, '/a.txt', 'one');
    const plan = await t.call('fleet.plan', { serverId: ids.target, sourceServerId: ids.source, selection: { kind: 'namespace', namespace: ns } });
    await source.putFile(ns, '/a.txt', 'two, longer');
    const [result] = await apply(plan);
    expect(result).toMatchObject({ outcome: 'source-changed' });
    expect(await target.file(ns, '/a.txt')).toBeUndefined();
  });

  it('is refused by main on a read-only target, and needs the typed name on a confirming one', async () => {
    const ns = randomNamespace('judge');
    await source.createFlow(flowYaml(ns, 'guarded'));
    const plan = await t.call('fleet.plan', { serverId: ids.readOnly, sourceServerId: ids.source, selection: { kind: 'namespace', namespace: ns } });
    expect(plan.items).toHaveLength(1);
    const refused = await t.fail('fleet.promote', { serverId: ids.readOnly, planId: plan.id, itemKey: plan.items[0]!.key });
    expect(refused).toMatchObject({ kind: 'validation', message: expect.stringMatching(/"Prod RO" is read-only/) });

    const careful = await t.call('fleet.plan', { serverId: ids.careful, sourceServerId: ids.source, selection: { kind: 'namespace', namespace: ns } });
    expect(await t.fail('fleet.promote', { serverId: ids.careful, planId: careful.id, itemKey: careful.items[0]!.key, confirmation: 'prod eu' })).toMatchObject({ message: expect.stringMatching(/confirm/) });
    // A plan for one target cannot be sent to another server by naming it.
    expect(await t.fail('fleet.promote', { serverId: ids.target, planId: careful.id, itemKey: careful.items[0]!.key })).toMatchObject({ message: expect.stringMatching(/writes to Prod EU/) });
    expect(await target.flow(ns, 'guarded')).toBeUndefined();
    expect(await t.call('fleet.promote', { serverId: ids.careful, planId: careful.id, itemKey: careful.items[0]!.key, confirmation: 'Prod EU' })).toMatchObject({ outcome: 'written' });
  });

  it('exports the plan as a file that can be read back and applied later, with hashes recomputed', async () => {
    const ns = randomNamespace('export');
    await source.createFlow(flowYaml(ns, 'later'));
    await source.putKv(ns, 'TOKEN_NAME', '"x"');
    const plan = await t.call('fleet.plan', { serverId: ids.target, sourceServerId: ids.source, selection: { kind: 'namespace', namespace: ns } });
    const file = path.join(temp.path, 'plan.json');
    const saved = await t.call('fleet.exportPlan', { serverId: ids.target, planId: plan.id, target: t.saveTo(file) });
    expect(saved).toMatchObject({ saved: true, path: file });
    const text = readFileSync(file, 'utf8');
    const document = JSON.parse(text) as { format: string; items: { kind: string; source?: string }[] };
    expect(document.format).toBe('kestra-console/promotion-plan');
    expect(document.items.find((item) => item.kind === 'flow')?.source).toContain('id: later');
    expect(text).not.toContain('"x"');

    // A tampered hash is ignored (recomputed); the plan applies.
    const tampered = text.replace(/"sourceHash": "[0-9a-f]+"/, '"sourceHash": "0000"');
    const imported = await t.call('fleet.importPlan', { serverId: ids.target, text: tampered });
    expect(imported.id).not.toBe(plan.id);
    expect((imported.items.find((item) => item.kind === 'flow') as FlowPlanItem).sourceHash).toBe((plan.items.find((item) => item.kind === 'flow') as FlowPlanItem).sourceHash);
    const results = await apply(imported);
    expect(results.map((r) => r.outcome)).toEqual(['skipped', 'written']);
    expect(await target.flow(ns, 'later')).toBeDefined();

    for (const bad of ['{}', 'not json', JSON.stringify({ format: 'kestra-console/promotion-plan', version: 9, items: [] }), text.replace(/"namespace": "[^"]+"/, '"namespace": "../etc"')]) {
      expect(await t.fail('fleet.importPlan', { serverId: ids.target, text: bad })).toMatchObject({ kind: 'validation', message: expect.stringMatching(/promotion plan|namespace/) });
    }
  });
});
