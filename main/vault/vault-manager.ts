// Chooses where secrets go and falls back when that stops working, most durable first:
//   1. the OS keychain (@napi-rs/keyring; on Linux pinned to the Secret Service), probed once at
//      start with a timeout;
//   2. Electron safeStorage over an encrypted file, unless it is unavailable or only Linux's
//      fixed-key `basic_text` backend (that is not encryption worth the name);
//   3. Linux only: the kernel keyring (keyutils), kept in kernel memory and lost when the machine
//      restarts, so it is reported as session-only;
//   4. memory, for this session only.
// Never plaintext on disk. The status says which one is in use, where that is and why, in words
// for the user; a start-up that did not get the keychain says so in one line on stderr.
import type { VaultStatus } from '../contract/methods';
import { VaultError, withVaultTimeout, type CredentialVault } from './credential-vault';
import { describeStore, KeychainVault, keychainStoresFor, loadKeyring, type KeychainStore, type KeyringLoader, type KeyringModule } from './keychain-vault';
import { MemoryVault } from './memory-vault';
import { SafeStorageVault, type SafeStorageLike } from './safe-storage-vault';

export interface OpenVaultOptions {
  appDataDir: string;
  /** Keychain settings; `false` skips the keychain entirely. */
  keychain?: false | { loader?: KeyringLoader; timeoutMs?: number; stores?: KeychainStore[] };
  /** Electron's safeStorage (desktop app only). */
  safeStorage?: SafeStorageLike;
  /** Where the start-up line goes when the keychain is not used (default: stderr). */
  notice?: (line: string) => void;
}

const PROBE_TIMEOUT_MS = 3_000;

function whereOf(vault: CredentialVault): string {
  if (vault instanceof KeychainVault) return describeStore(vault.store);
  if (vault.kind === 'safe-storage') return 'a file encrypted by the system (safeStorage)';
  return 'memory, for this session only';
}

function persistentOf(vault: CredentialVault): boolean {
  if (vault instanceof KeychainVault) return vault.persistent;
  return vault.kind !== 'memory';
}

/** The sentence that ends a fallback reason: what happens to credentials now. */
function consequenceOf(vault: CredentialVault): string {
  if (vault.kind === 'safe-storage') return 'Credentials are saved in a file encrypted by the system instead.';
  if (vault.kind === 'kernel-keyring') {
    return 'Credentials are kept in the kernel keyring instead, which forgets them when the machine restarts: they must be entered again after a reboot.';
  }
  return 'Credentials are kept in memory for this session only and must be entered again after a restart.';
}

function statusOf(vault: CredentialVault, reason?: string): VaultStatus {
  return { kind: vault.kind, persistent: persistentOf(vault), where: whereOf(vault), ...(reason ? { reason } : {}) };
}

/** Why a safeStorage is not good enough, or undefined when it is. */
async function safeStorageProblem(storage: SafeStorageLike): Promise<string | undefined> {
  let available: boolean;
  try {
    available = await withVaultTimeout(storage.isAsyncEncryptionAvailable(), PROBE_TIMEOUT_MS, 'timeout');
  } catch {
    available = false;
  }
  if (!available) return 'System encryption (safeStorage) is not available either.';
  const backend = storage.getSelectedStorageBackend?.();
  if (backend === 'basic_text') {
    return 'System encryption would use a fixed, publicly known key on this desktop (basic_text), which protects nothing.';
  }
  return undefined;
}

/** One place secrets could go: opening it proves it works, or throws a VaultError saying why not. */
type Candidate = () => Promise<CredentialVault>;

export class VaultManager implements CredentialVault {
  private active: CredentialVault;
  private currentStatus: VaultStatus;
  private readonly memory = new MemoryVault();

  private constructor(
    /** The candidates not tried yet, in order of preference. */
    private readonly remaining: Candidate[],
  ) {
    this.active = this.memory;
    this.currentStatus = statusOf(this.memory);
  }

  static async open(options: OpenVaultOptions): Promise<VaultManager> {
    const manager = new VaultManager(VaultManager.candidates(options));
    await manager.advance([]);
    const status = manager.currentStatus;
    if (status.reason && options.keychain !== false) (options.notice ?? ((line) => console.warn(line)))(`Kestra Console: credentials are kept in ${status.where}. ${status.reason}`);
    return manager;
  }

  private static candidates(options: OpenVaultOptions): Candidate[] {
    const keychain = options.keychain === false ? undefined : (options.keychain ?? {});
    const timeoutMs = keychain?.timeoutMs ?? PROBE_TIMEOUT_MS;
    let module: KeyringModule | undefined;
    let moduleFailed = false;
    const keychainCandidate =
      (store: KeychainStore): Candidate =>
      async () => {
        if (moduleFailed) throw new VaultError('unavailable', ''); // said once already
        try {
          module ??= loadKeyring(keychain?.loader);
        } catch (error) {
          moduleFailed = true;
          throw error;
        }
        const vault = new KeychainVault(module, store, timeoutMs);
        await vault.probe();
        return vault;
      };
    const stores = keychain ? (keychain.stores ?? keychainStoresFor()) : [];
    const durable = stores.filter((s) => s !== 'keyutils').map(keychainCandidate);
    const sessionOnly = stores.filter((s) => s === 'keyutils').map(keychainCandidate);
    const safeStorage: Candidate[] = options.safeStorage
      ? [
          async () => {
            const problem = await safeStorageProblem(options.safeStorage!);
            if (problem) throw new VaultError('unavailable', problem);
            return new SafeStorageVault(options.safeStorage!, options.appDataDir);
          },
        ]
      : [];
    return [...durable, ...safeStorage, ...sessionOnly];
  }

  /** Moves to the next candidate that works (memory when none does); `problems` start the reason. */
  private async advance(problems: string[]): Promise<void> {
    for (let next = this.remaining.shift(); next; next = this.remaining.shift()) {
      try {
        this.active = await next();
        this.currentStatus = statusOf(this.active, problems.length ? `${problems.join(' ')} ${consequenceOf(this.active)}` : undefined);
        return;
      } catch (error) {
        const message = error instanceof VaultError ? error.message : 'The OS keychain could not be used.';
        if (message) problems.push(message);
      }
    }
    this.active = this.memory;
    this.currentStatus = statusOf(this.memory, `${problems.join(' ')} ${consequenceOf(this.memory)}`.trim());
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

  /**
   * Runs `op` on the active store. A keychain that stops answering (or turns out locked) makes us
   * fall back to the next store and run it there; memory, the last one, cannot fail.
   */
  private async run<T>(op: (vault: CredentialVault) => Promise<T>): Promise<T> {
    for (;;) {
      const vault = this.active;
      try {
        return await op(vault);
      } catch (error) {
        const recoverable = error instanceof VaultError && vault instanceof KeychainVault && error.reason !== 'failed';
        if (!recoverable) throw error;
        if (this.active === vault) await this.advance([error.message]);
      }
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
