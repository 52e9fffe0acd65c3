// Chooses where secrets go and falls back when that stops working:
//   1. the OS keychain (keytar), probed once at start with a timeout;
//   2. Electron safeStorage over an encrypted file, unless it is unavailable or only Linux's
//      fixed-key `basic_text` backend (that is not encryption worth the name);
//   3. memory, for this session only.
// Never plaintext on disk. The status says which one is in use and why, in words for the user.
import type { VaultStatus } from '../contract/methods';
import { VaultError, withVaultTimeout, type CredentialVault } from './credential-vault';
import { KeytarVault, type KeytarLoader } from './keytar-vault';
import { MemoryVault } from './memory-vault';
import { SafeStorageVault, type SafeStorageLike } from './safe-storage-vault';

export interface OpenVaultOptions {
  appDataDir: string;
  /** Keychain settings; `false` skips the keychain entirely. */
  keychain?: false | { loader?: KeytarLoader; timeoutMs?: number };
  /** Electron's safeStorage (desktop app only). */
  safeStorage?: SafeStorageLike;
}

const PROBE_TIMEOUT_MS = 3_000;

function statusOf(vault: CredentialVault, reason?: string): VaultStatus {
  return { kind: vault.kind, persistent: vault.kind !== 'memory', ...(reason ? { reason } : {}) };
}

/** Why a safeStorage is not good enough, or undefined when it is. */
async function safeStorageProblem(storage: SafeStorageLike): Promise<string | undefined> {
  let available: boolean;
  try {
    available = await withVaultTimeout(storage.isAsyncEncryptionAvailable(), PROBE_TIMEOUT_MS, 'timeout');
  } catch {
    available = false;
  }
  if (!available) return 'system encryption (safeStorage) is not available either';
  const backend = storage.getSelectedStorageBackend?.();
  if (backend === 'basic_text') {
    return 'system encryption would use a fixed, publicly known key on this desktop (basic_text), which protects nothing';
  }
  return undefined;
}

export class VaultManager implements CredentialVault {
  private active: CredentialVault;
  private currentStatus: VaultStatus;
  private readonly memory = new MemoryVault();
  private safeStorageVault: SafeStorageVault | undefined;
  private safeStorageChecked = false;

  private constructor(
    private readonly options: OpenVaultOptions,
    initial: CredentialVault | undefined,
    reason: string | undefined,
  ) {
    this.active = initial ?? this.memory;
    this.currentStatus = statusOf(this.active, reason);
  }

  static async open(options: OpenVaultOptions): Promise<VaultManager> {
    const problems: string[] = [];
    if (options.keychain !== false) {
      try {
        const keytar = new KeytarVault(options.keychain?.timeoutMs ?? PROBE_TIMEOUT_MS, options.keychain?.loader);
        await keytar.probe();
        return new VaultManager(options, keytar, undefined);
      } catch (error) {
        problems.push(error instanceof VaultError ? error.message : 'The OS keychain could not be used.');
      }
    }
    const manager = new VaultManager(options, undefined, undefined);
    await manager.fallBack(problems.join(' '));
    return manager;
  }

  get kind(): CredentialVault['kind'] {
    return this.active.kind;
  }

  get status(): VaultStatus {
    return { ...this.currentStatus };
  }

  /** True when a session-only secret is held for this account. */
  sessionHas(account: string): boolean {
    return this.memory.has(account);
  }

  /** Moves to the next store after the keychain failed; `why` starts the user-facing reason. */
  private async fallBack(why: string): Promise<void> {
    if (this.options.safeStorage && !this.safeStorageChecked) {
      this.safeStorageChecked = true;
      const problem = await safeStorageProblem(this.options.safeStorage);
      if (!problem) {
        this.safeStorageVault = new SafeStorageVault(this.options.safeStorage, this.options.appDataDir);
      } else {
        why = `${why} And ${problem}.`.trim();
      }
    }
    if (this.safeStorageVault && this.active !== this.safeStorageVault) {
      this.active = this.safeStorageVault;
      this.currentStatus = statusOf(this.active, `${why} Credentials are saved in a file encrypted by the system instead.`.trim());
      return;
    }
    this.active = this.memory;
    this.currentStatus = statusOf(this.memory, `${why} Credentials are kept in memory for this session only and must be entered again after a restart.`.trim());
  }

  /** Runs `op` on the active store; a keychain that stops answering makes us fall back and retry once. */
  private async run<T>(op: (vault: CredentialVault) => Promise<T>): Promise<T> {
    const vault = this.active;
    try {
      return await op(vault);
    } catch (error) {
      const recoverable = error instanceof VaultError && vault.kind === 'keychain' && error.reason !== 'failed';
      if (!recoverable) throw error;
      await this.fallBack(error.message);
      return op(this.active);
    }
  }

  get(account: string): Promise<string | undefined> {
    return this.run((vault) => vault.get(account));
  }

  set(account: string, secret: string): Promise<void> {
    return this.run((vault) => vault.set(account, secret));
  }

  async delete(account: string): Promise<boolean> {
    const deletedHere = await this.run((vault) => vault.delete(account));
    // A secret may also sit in memory from before a fallback; forget it too.
    const deletedInMemory = this.active !== this.memory && (await this.memory.delete(account));
    return deletedHere || deletedInMemory;
  }
}
