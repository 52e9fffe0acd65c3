import { createWriteStream, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import yauzl from 'yauzl';
import yazl from 'yazl';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KvType } from '../../../../main/contract/kestra-model';
import { collectStream } from '../../../fixtures/console-core';
import { SERVER_MODES, startMode, stopMode, type ModeEnv } from '../../../fixtures/server-matrix';
import { makeTempDir, randomNamespace } from '../../../fixtures/temp-dir';

function zipEntries(file: string): Promise<string[]> {
  return new Promise((resolve, reject) => {
    yauzl.open(file, { lazyEntries: true }, (error, zip) => {
      if (error || !zip) return reject(error);
      const names: string[] = [];
      zip.on('entry', (entry: yauzl.Entry) => {
        names.push(entry.fileName);
        zip.readEntry();
      });
      zip.on('end', () => resolve(names));
      zip.readEntry();
    });
  });
}

function makeZip(file: string, entries: Record<string, string>): Promise<void> {
  return new Promise((resolve) => {
    const zip = new yazl.ZipFile();
    for (const [name, text] of Object.entries(entries)) zip.addBuffer(Buffer.from(text), name);
    zip.outputStream.pipe(createWriteStream(file)).on('close', () => resolve());
    zip.end();
  });
}

describe.each(SERVER_MODES)('KV store and namespace files: $name', (mode) => {
  let env: ModeEnv;
  const files = makeTempDir('kv-files');
  beforeAll(async () => {
    env = await startMode(mode);
  });
  afterAll(async () => {
    await stopMode(env);
    files.remove();
  });

  it('puts typed values and reads them back with their type', async () => {
    const namespace = randomNamespace('kv');
    const cases: [KvType, unknown, unknown][] = [
      ['STRING', '123', '123'],
      ['STRING', 'two words', 'two words'],
      ['NUMBER', 42, 42],
      ['BOOLEAN', true, true],
      ['DATE', '2024-12-31', '2024-12-31'],
      ['DATETIME', '2024-12-31T23:59:00Z', '2024-12-31T23:59:00Z'],
      ['DURATION', 'PT5M', 'PT5M'],
      ['JSON', { a: [1, 'b'] }, { a: [1, 'b'] }],
    ];
    for (const [i, [type, value, expected]] of cases.entries()) {
      await env.t.call('kv.put', { serverId: env.serverId, namespace, key: `k${i}`, type, value });
      const back = await env.t.call('kv.get', { serverId: env.serverId, namespace, key: `k${i}` });
      expect(back.type, `${type} ${JSON.stringify(value)}`).toBe(type);
      if (type === 'DATETIME') expect(Date.parse(String(back.value))).toBe(Date.parse(String(expected)));
      else expect(back.value).toEqual(expected);
    }
  });

  it('lists with description and expiry, searches, inherits, deletes one and many', async () => {
    const parent = randomNamespace('kvp');
    const child = `${parent}.child`;
    await env.t.call('kv.put', { serverId: env.serverId, namespace: child, key: 'token', type: 'STRING', value: 'x', ttl: 'P1D', description: 'Rotated nightly' });
    await env.t.call('kv.put', { serverId: env.serverId, namespace: child, key: 'other', type: 'NUMBER', value: 1 });
    await env.t.call('kv.put', { serverId: env.serverId, namespace: parent, key: 'shared', type: 'BOOLEAN', value: false });
    const listed = await env.t.call('kv.list', { serverId: env.serverId, namespace: child });
    const token = listed.find((e) => e.key === 'token')!;
    expect(token).toMatchObject({ namespace: child, description: 'Rotated nightly' });
    expect(Date.parse(token.expirationDate!)).toBeGreaterThan(Date.now());
    const caps = await env.t.call('kestra.capabilities', { serverId: env.serverId });
    if (caps.features['kv.inheritance'].available) {
      const inherited = await env.t.call('kv.inherited', { serverId: env.serverId, namespace: child });
      expect(inherited.map((e) => [e.namespace, e.key])).toContainEqual([parent, 'shared']);
    } else {
      // Refused before any request: on 0.x the route would read a key named "inheritance".
      expect(await env.t.fail('kv.inherited', { serverId: env.serverId, namespace: child })).toMatchObject({ kind: 'unsupported', message: expect.stringMatching(/^Needs Kestra ≥ 1\.0; this server runs /) });
    }

    if (!caps.features['kv.search'].available) {
      expect(await env.t.fail('kv.search', { serverId: env.serverId, namespace: child })).toMatchObject({ kind: 'unsupported', message: expect.stringMatching(/Needs Kestra ≥ 1\.1/) });
    } else {
      const found = await env.t.call('kv.search', { serverId: env.serverId, namespace: child });
      expect(found.results.map((e) => e.key).sort()).toEqual(['other', 'token']);
    }

    expect(await env.t.call('kv.delete', { serverId: env.serverId, namespace: child, key: 'other' })).toEqual({ deleted: true });
    expect(await env.t.call('kv.delete', { serverId: env.serverId, namespace: child, key: 'other' })).toEqual({ deleted: false });
    const many = await env.t.call('kv.deleteMany', { serverId: env.serverId, namespace: child, keys: ['token', 'missing'] });
    expect(many.deleted).toEqual(['token']);
    expect(await env.t.fail('kv.get', { serverId: env.serverId, namespace: child, key: 'token' })).toMatchObject({ status: 404 });
  });

  it('refuses bad KV input before sending it', async () => {
    const namespace = randomNamespace('kvbad');
    expect((await env.t.fail('kv.put', { serverId: env.serverId, namespace, key: 'bad key', type: 'STRING', value: 'x' })).kind).toBe('validation');
    expect((await env.t.fail('kv.put', { serverId: env.serverId, namespace, key: 'k', type: 'NUMBER', value: 'abc' })).kind).toBe('validation');
    expect((await env.t.fail('kv.put', { serverId: env.serverId, namespace, key: 'k', type: 'STRING', value: 'x', description: 'multi\nline' })).kind).toBe('validation');
    expect((await env.t.fail('kv.put', { serverId: env.serverId, namespace, key: 'k', type: 'STRING', value: 'x', ttl: '5m' })).kind).toBe('validation');
  });

  it('manages namespace files: mkdir, write/read text, upload from disk, stats, revisions, move, download, export, delete', async () => {
    const namespace = randomNamespace('files');
    await env.t.call('files.mkdir', { serverId: env.serverId, namespace, path: '/scripts' });
    const written = await env.t.call('files.writeText', { serverId: env.serverId, namespace, path: '/scripts/etl.py', text: 'print("hé")\n' });
    expect(written).toEqual({ path: '/scripts/etl.py', size: Buffer.byteLength('print("hé")\n') });
    expect(await env.t.call('files.readText', { serverId: env.serverId, namespace, path: 'scripts/etl.py' })).toEqual({ text: 'print("hé")\n', size: written.size });
    await env.t.call('files.writeText', { serverId: env.serverId, namespace, path: '/scripts/etl.py', text: 'print(2)\n' });
    const caps = await env.t.call('kestra.capabilities', { serverId: env.serverId });
    if (caps.features['files.revisions'].available) {
      const revisions = await env.t.call('files.revisions', { serverId: env.serverId, namespace, path: '/scripts/etl.py' });
      expect(revisions.length).toBeGreaterThanOrEqual(2);
      expect(await env.t.call('files.readText', { serverId: env.serverId, namespace, path: '/scripts/etl.py', revision: revisions[0]!.revision })).toMatchObject({ text: 'print("hé")\n' });
    } else {
      // Never a raw 404 from a route the server does not have.
      expect(await env.t.fail('files.revisions', { serverId: env.serverId, namespace, path: '/scripts/etl.py' })).toMatchObject({ kind: 'unsupported', message: expect.stringMatching(/Needs Kestra ≥ 1\.2/) });
      expect((await env.t.fail('files.readText', { serverId: env.serverId, namespace, path: '/scripts/etl.py', revision: 1 })).kind).toBe('unsupported');
    }

    const local = path.join(files.path, 'data.bin');
    const data = Buffer.alloc(3 * 1024 * 1024 + 7, 1);
    data[10] = 0;
    writeFileSync(local, data);
    const uploaded = await env.t.call('files.upload', { serverId: env.serverId, namespace, path: '/data/data.bin', source: await env.t.localFile(local) });
    expect(uploaded).toEqual({ path: '/data/data.bin', size: data.length });
    expect(await env.t.call('files.stats', { serverId: env.serverId, namespace, path: '/data/data.bin' })).toMatchObject({ type: 'File', size: data.length });
    expect((await env.t.fail('files.readText', { serverId: env.serverId, namespace, path: '/data/data.bin' })).message).toMatch(/over the .*limit|binary|UTF-8/);
    // The same binary file byte for byte (a sync down to a local folder), and refused over the limit.
    const raw = await env.t.call('files.readBytes', { serverId: env.serverId, namespace, path: '/data/data.bin' });
    expect(raw.size).toBe(data.length);
    expect(Buffer.from(raw.base64, 'base64').equals(data)).toBe(true);
    const tooBig = await env.t.fail('files.readBytes', { serverId: env.serverId, namespace, path: '/data/data.bin', maxBytes: 1024 });
    expect(tooBig.kind).toBe('validation');
    expect(tooBig.message).toMatch(/over the 1024-byte limit/);

    const root = await env.t.call('files.list', { serverId: env.serverId, namespace });
    expect(root.map((f) => [f.fileName, f.type]).sort()).toEqual([
      ['data', 'Directory'],
      ['scripts', 'Directory'],
    ]);
    await env.t.call('files.move', { serverId: env.serverId, namespace, from: '/scripts/etl.py', to: '/scripts/load.py' });
    expect((await env.t.call('files.list', { serverId: env.serverId, namespace, path: '/scripts' })).map((f) => f.fileName)).toEqual(['load.py']);

    const target = path.join(files.path, 'copy.bin');
    const transferId = `dl-${namespace}`;
    const progress = collectStream<{ bytes: number; total?: number }>(env.t.core, 'transfers.progress', { transferId });
    const saved = await env.t.call('files.download', { serverId: env.serverId, namespace, path: '/data/data.bin', target: env.t.saveTo(target, transferId) });
    expect(saved).toEqual({ saved: true, bytes: data.length, path: target });
    const heard = await progress;
    expect(heard.error).toBeUndefined();
    expect(heard.events.at(-1)).toEqual({ bytes: data.length, total: data.length });
    expect(readFileSync(target).equals(data)).toBe(true);

    const zipTarget = path.join(files.path, `${namespace}.zip`);
    await env.t.call('files.export', { serverId: env.serverId, namespace, target: env.t.saveTo(zipTarget) });
    expect(await zipEntries(zipTarget)).toEqual(expect.arrayContaining(['scripts/load.py', 'data/data.bin']));

    await env.t.call('files.delete', { serverId: env.serverId, namespace, path: '/data' });
    expect(await env.t.fail('files.stats', { serverId: env.serverId, namespace, path: '/data/data.bin' })).toMatchObject({ status: 404 });
  });

  it('stores a .zip as a file unless extraction is asked for', async () => {
    const namespace = randomNamespace('zips');
    const zip = path.join(files.path, 'bundle.zip');
    await makeZip(zip, { 'a.txt': 'A', 'dir/b.txt': 'B' });
    const kept = await env.t.call('files.upload', { serverId: env.serverId, namespace, path: '/archive/bundle.zip', source: await env.t.localFile(zip) });
    expect(kept.path).toBe('/archive/bundle.zip');
    await env.t.call('files.upload', { serverId: env.serverId, namespace, path: '/ignored.zip', source: await env.t.localFile(zip), extractZip: true });
    expect(await env.t.call('files.readText', { serverId: env.serverId, namespace, path: '/dir/b.txt' })).toMatchObject({ text: 'B' });
  });

  it('refuses hostile file paths and unsafe local sources', async () => {
    const namespace = randomNamespace('hostile');
    for (const bad of ['../x', '/_flows/f.yml', 'a\\b', '%2e%2e/x']) {
      expect((await env.t.fail('files.writeText', { serverId: env.serverId, namespace, path: bad, text: 'x' })).kind, bad).toBe('validation');
    }
    const link = path.join(files.path, 'link');
    symlinkSync('/etc/hostname', link);
    // A raw path is never accepted: only handles main issued.
    const raw = { kind: 'path', path: '/etc/hostname' } as never;
    expect((await env.t.fail('files.upload', { serverId: env.serverId, namespace, path: '/x', source: raw })).message).toMatch(/pick or drop the file again/);
    await expect(env.t.localFile(link)).rejects.toThrow(/symbolic link/);
    await expect(env.t.localFile(files.path)).rejects.toThrow(/not a regular file/);
    await expect(env.t.localFile('relative.txt')).rejects.toThrow(/not a file on disk/);
    // A registered file swapped for a symlink before use is refused when used.
    const swapped = path.join(files.path, 'swapped.txt');
    writeFileSync(swapped, 'ok');
    const handle = await env.t.localFile(swapped);
    rmSync(swapped);
    symlinkSync('/etc/hostname', swapped);
    expect((await env.t.fail('files.upload', { serverId: env.serverId, namespace, path: '/x', source: handle })).message).toMatch(/symbolic link/);
  });
});
