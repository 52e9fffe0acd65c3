import { promises as fs, statSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../test/fixtures/temp-dir';
import { ConsoleError } from '../ipc/console-error';
import { REGISTRY_FILE, ServerRegistry } from './server-registry';

const input = (overrides: Record<string, unknown> = {}) => ({
  name: 'Production',
  url: 'https://kestra.example.com/',
  authKind: 'basic',
  username: 'ops@example.com',
  color: '#1F6FEB',
  environment: 'production',
  policy: { confirmDestructive: true, readOnly: false },
  tls: {},
  ...overrides,
});

describe('ServerRegistry', () => {
  const dirs: { remove(): void }[] = [];
  const tempDir = () => {
    const dir = makeTempDir('registry');
    dirs.push(dir);
    return dir.path;
  };
  afterEach(() => dirs.splice(0).forEach((d) => d.remove()));

  it('creates, persists with mode 0600 and reads back the same profiles', async () => {
    const dir = tempDir();
    const registry = await ServerRegistry.open(dir);
    const created = await registry.create(input());
    expect(created.url).toBe('https://kestra.example.com');
    expect(created.color).toBe('#1f6feb');
    expect(created.timeouts).toEqual({ connectMs: 10_000, requestMs: 30_000 });
    const file = path.join(dir, REGISTRY_FILE);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const reopened = await ServerRegistry.open(dir);
    expect(reopened.list()).toEqual([created]);
    expect(reopened.loadProblem).toBeUndefined();
    // No temp files are left next to it.
    expect((await fs.readdir(dir)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('updates field by field, refuses duplicate names and keeps the order given', async () => {
    const registry = await ServerRegistry.open(tempDir());
    const a = await registry.create(input({ name: 'A' }));
    const b = await registry.create(input({ name: 'B' }));
    const c = await registry.create(input({ name: 'C' }));
    const updated = await registry.update(a.id, { timeouts: { requestMs: 5_000 } });
    expect(updated.timeouts).toEqual({ connectMs: 10_000, requestMs: 5_000 });
    await expect(registry.update(b.id, { name: 'a' })).rejects.toThrow(/already exists/);
    await expect(registry.create(input({ name: 'c' }))).rejects.toThrow(/already exists/);
    const order = await registry.reorder([c.id, 'unknown', a.id]);
    expect(order.map((s) => s.name)).toEqual(['C', 'A', 'B']);
    await registry.delete(b.id);
    expect(registry.list().map((s) => s.name)).toEqual(['C', 'A']);
  });

  it('rejects invalid input with every bad field named', async () => {
    const registry = await ServerRegistry.open(tempDir());
    const error = await registry.create(input({ name: '', url: 'ftp://x', color: 'red', authKind: 'basic', username: 'a:b' })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConsoleError);
    const paths = (error as ConsoleError).data.fieldErrors?.map((f) => f.path);
    expect(paths).toEqual(expect.arrayContaining(['name', 'url', 'color', 'username']));
    await expect(registry.create(input({ url: 'https://user:pw@host.example' }))).rejects.toThrow(/credentials/);
    await expect(registry.create(input({ url: 'http://host.example', tls: { pinnedSha256: 'AA'.repeat(32) } }))).rejects.toThrow(/https/);
    await expect(registry.create(input({ tls: { pinnedSha256: 'not-hex' } }))).rejects.toThrow(/64 hexadecimal/);
    await expect(registry.create(input({ tls: { caCertificate: 'hello' } }))).rejects.toThrow(/PEM/);
    await expect(registry.create(input({ name: 'evil\u202ename' }))).rejects.toThrow(/control or text-direction/);
    expect(registry.list()).toEqual([]);
  });

  it('keeps an unreadable file aside and reports it instead of dropping it', async () => {
    const dir = tempDir();
    await fs.writeFile(path.join(dir, REGISTRY_FILE), '{ this is not json');
    const registry = await ServerRegistry.open(dir);
    expect(registry.list()).toEqual([]);
    expect(registry.loadProblem).toMatch(/could not be read.*kept as servers\.json\.unreadable-/);
    const aside = (await fs.readdir(dir)).find((f) => f.startsWith(`${REGISTRY_FILE}.unreadable-`));
    expect(aside).toBeDefined();
    expect(await fs.readFile(path.join(dir, aside!), 'utf8')).toBe('{ this is not json');
  });

  it('loads the valid entries of a partly broken file and names the others', async () => {
    const dir = tempDir();
    const good = { id: 'abc', ...input({ name: 'Good' }) };
    const bad = { id: 'def', ...input({ name: 'Broken', url: 'not a url' }) };
    await fs.writeFile(path.join(dir, REGISTRY_FILE), JSON.stringify({ version: 1, servers: [good, bad] }));
    const registry = await ServerRegistry.open(dir);
    expect(registry.list().map((s) => s.name)).toEqual(['Good']);
    expect(registry.loadProblem).toMatch(/Broken/);
  });

  it('leaves a file from a newer version untouched', async () => {
    const dir = tempDir();
    const text = JSON.stringify({ version: 99, servers: [] });
    await fs.writeFile(path.join(dir, REGISTRY_FILE), text);
    const registry = await ServerRegistry.open(dir);
    expect(registry.loadProblem).toMatch(/newer version/);
    expect(await fs.readFile(path.join(dir, REGISTRY_FILE), 'utf8')).toBe(text);
  });

  it('exports without ids or secret markers and imports, skipping names in use', async () => {
    const source = await ServerRegistry.open(tempDir());
    const a = await source.create(input({ name: 'A' }));
    await source.setSecretSaved(a.id, true);
    await source.create(input({ name: 'B', authKind: 'bearer', username: undefined }));
    const json = source.exportJson();
    expect(json).not.toContain(a.id);
    expect(json).not.toContain('secretSaved');

    const target = await ServerRegistry.open(tempDir());
    await target.create(input({ name: 'B' }));
    const doc = JSON.parse(json) as { servers: Record<string, unknown>[] };
    doc.servers[0]!.password = 'leaked-password';
    const { added, skipped } = await target.importJson(JSON.stringify(doc));
    expect(added.map((s) => s.name)).toEqual(['A']);
    expect(added[0]!.secretSaved).toBeUndefined();
    expect(skipped).toEqual([expect.stringMatching(/^B: .*already exists/)]);
    expect(JSON.stringify(target.list())).not.toContain('leaked-password');
    await expect(target.importJson('{"servers": []}')).rejects.toThrow(/not a Kestra Console server list/);
    await expect(target.importJson('nope')).rejects.toThrow(/not valid JSON/);
  });

  it('never interleaves concurrent writes', async () => {
    const dir = tempDir();
    const registry = await ServerRegistry.open(dir);
    await Promise.all(Array.from({ length: 20 }, (_, i) => registry.create(input({ name: `S${i}` }))));
    const reopened = await ServerRegistry.open(dir);
    expect(reopened.list()).toHaveLength(20);
  });
});
