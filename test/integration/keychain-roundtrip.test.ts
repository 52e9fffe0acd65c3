import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useThrowawayKeyringInProcess, type ThrowawayKeyring } from '../fixtures/keyring';
import { KeychainVault, loadKeyring } from '../../main/vault/keychain-vault';

describe('keychain vault (@napi-rs/keyring, pinned to the Secret Service) in a throwaway gnome-keyring', () => {
  let keyring: ThrowawayKeyring;
  beforeAll(async () => {
    keyring = await useThrowawayKeyringInProcess();
  });
  afterAll(async () => {
    await keyring?.stop();
  });

  it('stores, reads, overwrites and deletes a secret', async () => {
    const vault = new KeychainVault(loadKeyring(), 'secret-service');
    const account = `server-${Math.random().toString(36).slice(2)}`;
    expect(await vault.get(account)).toBeUndefined();
    await vault.set(account, 'first-Secret-1');
    expect(await vault.get(account)).toBe('first-Secret-1');
    await vault.set(account, 'second-Secret-2');
    expect(await vault.get(account)).toBe('second-Secret-2');
    expect(await vault.delete(account)).toBe(true);
    expect(await vault.get(account)).toBeUndefined();
    expect(await vault.delete(account)).toBe(false);
  });
});
