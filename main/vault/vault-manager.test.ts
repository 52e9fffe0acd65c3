import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeSafeStorage } from '../../test/fixtures/fake-safe-storage';
import { makeTempDir } from '../../test/fixtures/temp-dir';
import { VaultError } from './credential-vault';
import type { KeyringEntry, KeyringModule } from './keychain-vault';
import { SAFE_STORAGE_FILE } from './safe-storage-vault';
import { VaultManager } from './vault-manager';

const SECRET = `Sw0rdfish-${Math.random().toString(36).slice(2)}`;

type Store = 'secret-service' | 'keyutils' | 'platform';
type EntryOverrides = Partial<KeyringEntry>;

/** An in-memory stand-in for @napi-rs/keyring: one map per store; `unavailable` stores throw on construction, as the real module does. */
function fakeKeyring(options: { unavailable?: Store[]; overrides?: EntryOverrides; made?: Store[] } = {}): KeyringModule {
  const stores = new Map<Store, Map<string, string>>();
  class AsyncEntry implements KeyringEntry {
    private readonly map: Map<string, string>;
    constructor(
      service: string,
      private readonly account: string,
      entryOptions?: { linux?: { store?: 'secret-service' | 'keyutils' } },
    ) {
      const store: Store = entryOptions?.linux?.store ?? 'platform';
      options.made?.push(store);
      if (options.unavailable?.includes(store)) throw new Error(store === 'keyutils' ? 'Couldn\'t access platform storage: AccessDenied' : 'Platform failure: DBus error: Failed to connect to socket /nonexistent');
      if (!stores.has(store)) stores.set(store, new Map());
      this.map = stores.get(store)!;
      Object.assign(this, options.overrides ?? {});
      void service;
    }
    async getPassword(): Promise<string | null> {
      return this.map.get(this.account) ?? null;
    }
    async setPassword(password: string): Promise<void> {
      this.map.set(this.account, password);
    }
    async deletePassword(): Promise<boolean> {
      return this.map.delete(this.account);
    }
  }
  return { AsyncEntry };
}

const quiet = { notice: () => undefined };

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

  const linux: Store[] = ['secret-service', 'keyutils'];

  it('uses the Secret Service when it answers, pinned so keyring-rs cannot drift to the kernel keyring', async () => {
    const made: Store[] = [];
    const vault = await VaultManager.open({ appDataDir: temp(), keychain: { stores: linux, loader: () => fakeKeyring({ made }) }, ...quiet });
    expect(vault.status).toEqual({ kind: 'keychain', persistent: true, where: 'the OS keychain (Secret Service)' });
    await vault.set('server-1', SECRET);
    expect(await vault.get('server-1')).toBe(SECRET);
    expect(await vault.delete('server-1')).toBe(true);
    expect(new Set(made)).toEqual(new Set(['secret-service']));
  });

  it('without a Secret Service, uses the kernel keyring and reports it as session-only, with one start-up line', async () => {
    const lines: string[] = [];
    const vault = await VaultManager.open({
      appDataDir: temp(),
      keychain: { stores: linux, loader: () => fakeKeyring({ unavailable: ['secret-service'] }) },
      notice: (line) => lines.push(line),
    });
    expect(vault.status).toMatchObject({ kind: 'kernel-keyring', persistent: false });
    expect(vault.status.where).toMatch(/kernel keyring.*restarts/);
    expect(vault.status.reason).toMatch(/No D-Bus session bus.*kernel keyring instead.*reboot/);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^Kestra Console: credentials are kept in the kernel keyring/);
    await vault.set('s', SECRET);
    expect(await vault.get('s')).toBe(SECRET);
    expect(vault.sessionHas('s')).toBe(false);
  });

  it('prefers an encrypted safeStorage file to the kernel keyring when the Secret Service is missing', async () => {
    const vault = await VaultManager.open({
      appDataDir: temp(),
      keychain: { stores: linux, loader: () => fakeKeyring({ unavailable: ['secret-service'] }) },
      safeStorage: new FakeSafeStorage(),
      ...quiet,
    });
    expect(vault.status).toMatchObject({ kind: 'safe-storage', persistent: true });
  });

  it('neither store answering: memory, and the reason names both', async () => {
    const vault = await VaultManager.open({ appDataDir: temp(), keychain: { stores: linux, loader: () => fakeKeyring({ unavailable: linux }) }, ...quiet });
    expect(vault.status).toMatchObject({ kind: 'memory', persistent: false, where: 'memory, for this session only' });
    expect(vault.status.reason).toMatch(/No D-Bus session bus.*kernel keyring refused.*memory for this session/);
  });

  it('a native module that fails to load: one start-up line naming it, then the session-only fallback', async () => {
    const lines: string[] = [];
    const vault = await VaultManager.open({
      appDataDir: temp(),
      keychain: {
        stores: linux,
        loader: () => {
          throw new Error('/x/keyring.linux-x64-gnu.node: invalid ELF header\n    at Module._extensions..node');
        },
      },
      notice: (line) => lines.push(line),
    });
    expect(vault.status).toMatchObject({ kind: 'memory', persistent: false });
    expect(lines).toEqual([expect.stringMatching(/@napi-rs\/keyring\) could not be loaded: .*invalid ELF header\..*memory for this session/)]);
    expect(lines[0]).not.toContain('\n');
    // Said once, not once per store.
    expect(lines[0]!.match(/could not be loaded/g)).toHaveLength(1);
  });

  it('falls back to safeStorage (encrypted, 0600, no plaintext) when the keyring module is missing', async () => {
    const dir = temp();
    const vault = await VaultManager.open({
      appDataDir: dir,
      keychain: {
        loader: () => {
          throw new Error("Cannot find module '@napi-rs/keyring'");
        },
      },
      safeStorage: new FakeSafeStorage(),
      ...quiet,
    });
    expect(vault.status.kind).toBe('safe-storage');
    expect(vault.status.persistent).toBe(true);
    expect(vault.status.reason).toMatch(/@napi-rs\/keyring\) could not be loaded.*encrypted by the system/);
    await vault.set('server-1', SECRET);
    const file = path.join(dir, SAFE_STORAGE_FILE);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    for (const f of filesUnder(dir)) expect(readFileSync(f, 'utf8')).not.toContain(SECRET);
    expect(await vault.get('server-1')).toBe(SECRET);
  });

  it('keeps secrets in memory only, and says why, when safeStorage would use a fixed key (basic_text)', async () => {
    const dir = temp();
    const vault = await VaultManager.open({ appDataDir: dir, keychain: false, safeStorage: new FakeSafeStorage('basic_text'), ...quiet });
    expect(vault.status).toMatchObject({ kind: 'memory', persistent: false });
    expect(vault.status.reason).toMatch(/basic_text.*memory for this session/);
    await vault.set('server-1', SECRET);
    expect(vault.sessionHas('server-1')).toBe(true);
    expect(filesUnder(dir)).toEqual([]);
  });

  it('keeps secrets in memory when safeStorage is unavailable', async () => {
    const vault = await VaultManager.open({ appDataDir: temp(), keychain: false, safeStorage: new FakeSafeStorage('unavailable'), ...quiet });
    expect(vault.status).toMatchObject({ kind: 'memory', persistent: false });
    expect(vault.status.reason).toMatch(/not available/);
  });

  it('reports a temporarily unavailable key store as locked, without losing anything, and works once it is back', async () => {
    const dir = temp();
    const storage = new FakeSafeStorage();
    const vault = await VaultManager.open({ appDataDir: dir, keychain: false, safeStorage: storage, ...quiet });
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
    const vault = await VaultManager.open({ appDataDir: dir, keychain: false, safeStorage: storage, ...quiet });
    await vault.set('a', SECRET);
    const before = readFileSync(path.join(dir, SAFE_STORAGE_FILE), 'utf8');
    storage.rotateKey();
    expect(await vault.get('a')).toBe(SECRET);
    expect(readFileSync(path.join(dir, SAFE_STORAGE_FILE), 'utf8')).not.toBe(before);
    const reopened = await VaultManager.open({ appDataDir: dir, keychain: false, safeStorage: storage, ...quiet });
    expect(await reopened.get('a')).toBe(SECRET);
  });

  it('times out a keychain that never answers at start, and falls back', async () => {
    const vault = await VaultManager.open({ appDataDir: temp(), keychain: { stores: ['platform'], timeoutMs: 50, loader: () => fakeKeyring({ overrides: { getPassword: never } }) }, ...quiet });
    expect(vault.status).toMatchObject({ kind: 'memory', persistent: false });
    expect(vault.status.reason).toMatch(/did not answer a read within/);
  });

  it('falls back when the keychain stops answering later, and keeps the secret for the session', async () => {
    let hang = false;
    const keyring = fakeKeyring();
    const Real = keyring.AsyncEntry;
    const Hanging = class extends Real {
      override setPassword(password: string): Promise<void> {
        return hang ? never() : super.setPassword(password);
      }
    };
    const vault = await VaultManager.open({ appDataDir: temp(), keychain: { stores: ['platform'], timeoutMs: 50, loader: () => ({ AsyncEntry: Hanging }) }, ...quiet });
    expect(vault.kind).toBe('keychain');
    hang = true;
    await vault.set('s', SECRET);
    expect(vault.status).toMatchObject({ kind: 'memory', persistent: false });
    expect(await vault.get('s')).toBe(SECRET);
  });

  it('falls back when the collection is locked at the first write', async () => {
    const keyring = fakeKeyring({ overrides: { setPassword: async () => Promise.reject(new Error('Cannot create an item in a locked collection')) } });
    const vault = await VaultManager.open({ appDataDir: temp(), keychain: { stores: ['platform'], loader: () => keyring }, safeStorage: new FakeSafeStorage(), ...quiet });
    await vault.set('s', SECRET);
    expect(vault.status.kind).toBe('safe-storage');
    expect(vault.status.reason).toMatch(/locked/);
    expect(await vault.get('s')).toBe(SECRET);
  });

  it('surfaces a backend refusal that is not about availability instead of hiding it', async () => {
    const keyring = fakeKeyring({ overrides: { setPassword: async () => Promise.reject(new Error('Something odd')) } });
    const vault = await VaultManager.open({ appDataDir: temp(), keychain: { stores: ['platform'], loader: () => keyring }, ...quiet });
    const error = await vault.set('s', SECRET).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VaultError);
    expect((error as VaultError).reason).toBe('failed');
    expect((error as Error).message).not.toContain(SECRET);
    expect(vault.kind).toBe('keychain');
  });
});
