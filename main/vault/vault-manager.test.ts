import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeSafeStorage } from '../../test/fixtures/fake-safe-storage';
import { makeTempDir } from '../../test/fixtures/temp-dir';
import { VaultError } from './credential-vault';
import type { Keytar } from './keytar-vault';
import { SAFE_STORAGE_FILE } from './safe-storage-vault';
import { VaultManager } from './vault-manager';

const SECRET = `Sw0rdfish-${Math.random().toString(36).slice(2)}`;

function memoryKeytar(overrides: Partial<Keytar> = {}): Keytar {
  const store = new Map<string, string>();
  return {
    getPassword: async (s, a) => store.get(`${s}/${a}`) ?? null,
    setPassword: async (s, a, p) => void store.set(`${s}/${a}`, p),
    deletePassword: async (s, a) => store.delete(`${s}/${a}`),
    ...overrides,
  };
}

const never = <T>(): Promise<T> => new Promise<T>(() => undefined);

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

describe('VaultManager', () => {
  const dirs: { remove(): void }[] = [];
  const temp = () => {
    const d = makeTempDir('vault');
    dirs.push(d);
    return d.path;
  };
  afterEach(() => dirs.splice(0).forEach((d) => d.remove()));

  it('uses the keychain when it answers', async () => {
    const vault = await VaultManager.open({ appDataDir: temp(), keychain: { loader: () => memoryKeytar() } });
    expect(vault.status).toEqual({ kind: 'keychain', persistent: true });
    await vault.set('server-1', SECRET);
    expect(await vault.get('server-1')).toBe(SECRET);
    expect(await vault.delete('server-1')).toBe(true);
  });

  it('falls back to safeStorage (encrypted, 0600, no plaintext) when the keytar module is missing', async () => {
    const dir = temp();
    const vault = await VaultManager.open({
      appDataDir: dir,
      keychain: {
        loader: () => {
          throw new Error('Cannot find module keytar');
        },
      },
      safeStorage: new FakeSafeStorage(),
    });
    expect(vault.status.kind).toBe('safe-storage');
    expect(vault.status.persistent).toBe(true);
    expect(vault.status.reason).toMatch(/keytar\) is not installed.*encrypted by the system/);
    await vault.set('server-1', SECRET);
    const file = path.join(dir, SAFE_STORAGE_FILE);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    for (const f of filesUnder(dir)) expect(readFileSync(f, 'utf8')).not.toContain(SECRET);
    expect(await vault.get('server-1')).toBe(SECRET);
  });

  it('keeps secrets in memory only, and says why, when safeStorage would use a fixed key (basic_text)', async () => {
    const dir = temp();
    const vault = await VaultManager.open({ appDataDir: dir, keychain: false, safeStorage: new FakeSafeStorage('basic_text') });
    expect(vault.status).toMatchObject({ kind: 'memory', persistent: false });
    expect(vault.status.reason).toMatch(/basic_text.*memory for this session/);
    await vault.set('server-1', SECRET);
    expect(vault.sessionHas('server-1')).toBe(true);
    expect(filesUnder(dir)).toEqual([]);
  });

  it('keeps secrets in memory when safeStorage is unavailable', async () => {
    const vault = await VaultManager.open({ appDataDir: temp(), keychain: false, safeStorage: new FakeSafeStorage('unavailable') });
    expect(vault.status).toMatchObject({ kind: 'memory', persistent: false });
    expect(vault.status.reason).toMatch(/not available/);
  });

  it('reports a temporarily unavailable key store as locked, without losing anything, and works once it is back', async () => {
    const dir = temp();
    const storage = new FakeSafeStorage();
    const vault = await VaultManager.open({ appDataDir: dir, keychain: false, safeStorage: storage });
    expect(vault.status.kind).toBe('safe-storage');
    await vault.set('a', SECRET);
    storage.state = 'temporarily-unavailable';
    await expect(vault.set('b', 'other')).rejects.toMatchObject({ reason: 'locked' });
    await expect(vault.get('a')).rejects.toThrow(/temporarily unavailable/);
    storage.state = 'available';
    expect(await vault.get('a')).toBe(SECRET);
    expect(vault.status.kind).toBe('safe-storage');
  });

  it('re-encrypts a secret when the key was rotated', async () => {
    const dir = temp();
    const storage = new FakeSafeStorage();
    const vault = await VaultManager.open({ appDataDir: dir, keychain: false, safeStorage: storage });
    await vault.set('a', SECRET);
    const before = readFileSync(path.join(dir, SAFE_STORAGE_FILE), 'utf8');
    storage.rotateKey();
    expect(await vault.get('a')).toBe(SECRET);
    expect(readFileSync(path.join(dir, SAFE_STORAGE_FILE), 'utf8')).not.toBe(before);
    const reopened = await VaultManager.open({ appDataDir: dir, keychain: false, safeStorage: storage });
    expect(await reopened.get('a')).toBe(SECRET);
  });

  it('times out a keychain that never answers at start, and falls back', async () => {
    const vault = await VaultManager.open({ appDataDir: temp(), keychain: { timeoutMs: 50, loader: () => memoryKeytar({ getPassword: never }) } });
    expect(vault.status).toMatchObject({ kind: 'memory', persistent: false });
    expect(vault.status.reason).toMatch(/did not answer a read within/);
  });

  it('falls back when the keychain stops answering later, and keeps the secret for the session', async () => {
    let hang = false;
    const keytar = memoryKeytar();
    const setPassword = keytar.setPassword;
    keytar.setPassword = (...args) => (hang ? never() : setPassword(...args));
    const vault = await VaultManager.open({ appDataDir: temp(), keychain: { timeoutMs: 50, loader: () => keytar } });
    expect(vault.kind).toBe('keychain');
    hang = true;
    await vault.set('s', SECRET);
    expect(vault.status).toMatchObject({ kind: 'memory', persistent: false });
    expect(await vault.get('s')).toBe(SECRET);
  });

  it('falls back when the collection is locked at the first write', async () => {
    const keytar = memoryKeytar({ setPassword: async () => Promise.reject(new Error('Cannot create an item in a locked collection')) });
    const vault = await VaultManager.open({ appDataDir: temp(), keychain: { loader: () => keytar }, safeStorage: new FakeSafeStorage() });
    await vault.set('s', SECRET);
    expect(vault.status.kind).toBe('safe-storage');
    expect(vault.status.reason).toMatch(/locked/);
    expect(await vault.get('s')).toBe(SECRET);
  });

  it('surfaces a backend refusal that is not about availability instead of hiding it', async () => {
    const keytar = memoryKeytar({ setPassword: async () => Promise.reject(new Error('Something odd')) });
    const vault = await VaultManager.open({ appDataDir: temp(), keychain: { loader: () => keytar } });
    const error = await vault.set('s', SECRET).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VaultError);
    expect((error as VaultError).reason).toBe('failed');
    expect((error as Error).message).not.toContain(SECRET);
    expect(vault.kind).toBe('keychain');
  });
});
