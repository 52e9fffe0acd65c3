import { createRequire } from 'node:module';
import { VaultError, type CredentialVault } from './credential-vault';

export const KEYCHAIN_SERVICE = 'kestra-console';

interface Keytar {
  getPassword(service: string, account: string): Promise<string | null>;
  setPassword(service: string, account: string, password: string): Promise<void>;
  deletePassword(service: string, account: string): Promise<boolean>;
}

function loadKeytar(): Keytar {
  try {
    return createRequire(import.meta.url)('keytar') as Keytar;
  } catch {
    throw new VaultError('unavailable', 'The OS keychain module (keytar) could not be loaded.');
  }
}

/** Rejects when `promise` has not settled in `ms`: a locked keyring can wait forever on a prompt. */
function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new VaultError('timeout', `The OS keychain did not answer ${what} within ${ms} ms (is it locked?).`)), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        // keytar's messages describe the backend, never the secret.
        reject(new VaultError('failed', `The OS keychain refused ${what}: ${error instanceof Error ? error.message : String(error)}`));
      },
    );
  });
}

export class KeytarVault implements CredentialVault {
  readonly kind = 'keychain' as const;
  private readonly keytar: Keytar;

  constructor(private readonly timeoutMs = 5_000) {
    this.keytar = loadKeytar();
  }

  async get(account: string): Promise<string | undefined> {
    const value = await withTimeout(this.keytar.getPassword(KEYCHAIN_SERVICE, account), this.timeoutMs, 'a read');
    return value ?? undefined;
  }

  async set(account: string, secret: string): Promise<void> {
    await withTimeout(this.keytar.setPassword(KEYCHAIN_SERVICE, account, secret), this.timeoutMs, 'a write');
  }

  async delete(account: string): Promise<boolean> {
    return withTimeout(this.keytar.deletePassword(KEYCHAIN_SERVICE, account), this.timeoutMs, 'a delete');
  }
}
