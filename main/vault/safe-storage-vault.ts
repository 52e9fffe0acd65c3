// Fallback vault for desktops without a working keychain: Electron's safeStorage encrypts each
// secret, and the ciphertexts live in one 0600 file in the app-data folder. Electron is reached
// only through `SafeStorageLike`, so this runs (and is tested) in plain Node with a test double.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { SerialQueue, writeFileAtomic } from '../servers/atomic-file';
import { VaultError, type CredentialVault } from './credential-vault';

/** The subset of Electron's safeStorage this vault needs (its asynchronous API). */
export interface SafeStorageLike {
  isAsyncEncryptionAvailable(): Promise<boolean>;
  /** Linux only. `basic_text` means a hard-coded key: encryption in name only. */
  getSelectedStorageBackend?(): string;
  encryptStringAsync(plainText: string): Promise<Buffer>;
  decryptStringAsync(encrypted: Buffer): Promise<{ result: string; shouldReEncrypt: boolean }>;
}

/** Errors from a key store that is locked right now but may come back (Electron's isTemporarilyUnavailable). */
export function isTemporarilyUnavailable(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { isTemporarilyUnavailable?: unknown }).isTemporarilyUnavailable === true;
}

export const SAFE_STORAGE_FILE = 'credentials.safe-storage.json';

interface SecretsFile {
  version: 1;
  entries: Record<string, string>;
}

export class SafeStorageVault implements CredentialVault {
  readonly kind = 'safe-storage' as const;
  private readonly file: string;
  private entries: Record<string, string> | undefined;
  private readonly writes = new SerialQueue();

  constructor(
    private readonly storage: SafeStorageLike,
    appDataDir: string,
  ) {
    this.file = path.join(appDataDir, SAFE_STORAGE_FILE);
  }

  private async load(): Promise<Record<string, string>> {
    if (this.entries) return this.entries;
    try {
      const parsed = JSON.parse(await fs.readFile(this.file, 'utf8')) as SecretsFile;
      this.entries = parsed && typeof parsed.entries === 'object' && parsed.entries !== null ? { ...parsed.entries } : {};
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
        throw new VaultError('failed', `${SAFE_STORAGE_FILE} could not be read; saved credentials are unavailable.`);
      }
      this.entries = {};
    }
    return this.entries;
  }

  private save(): Promise<void> {
    const snapshot: SecretsFile = { version: 1, entries: { ...(this.entries ?? {}) } };
    return this.writes.run(() => writeFileAtomic(this.file, JSON.stringify(snapshot)));
  }

  private wrap(error: unknown, what: string): VaultError {
    if (error instanceof VaultError) return error;
    if (isTemporarilyUnavailable(error)) {
      return new VaultError('locked', `The system key store is temporarily unavailable (locked?); unlock it and try ${what} again.`);
    }
    return new VaultError('failed', `Encrypted storage refused ${what}.`);
  }

  async get(account: string): Promise<string | undefined> {
    const entries = await this.load();
    const stored = entries[account];
    if (stored === undefined) return undefined;
    let decrypted: { result: string; shouldReEncrypt: boolean };
    try {
      decrypted = await this.storage.decryptStringAsync(Buffer.from(stored, 'base64'));
    } catch (error) {
      throw this.wrap(error, 'reading credentials');
    }
    if (decrypted.shouldReEncrypt) {
      // The key was rotated: store the secret again under the new key (best effort).
      await this.set(account, decrypted.result).catch(() => undefined);
    }
    return decrypted.result;
  }

  async set(account: string, secret: string): Promise<void> {
    let encrypted: Buffer;
    try {
      encrypted = await this.storage.encryptStringAsync(secret);
    } catch (error) {
      throw this.wrap(error, 'saving credentials');
    }
    const entries = await this.load();
    entries[account] = encrypted.toString('base64');
    await this.save();
  }

  async delete(account: string): Promise<boolean> {
    const entries = await this.load();
    if (!(account in entries)) return false;
    delete entries[account];
    await this.save();
    return true;
  }
}
