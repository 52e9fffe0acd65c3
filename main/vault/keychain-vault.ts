// The OS keychain through @napi-rs/keyring (keyring-rs over N-API, prebuilt for every desktop
// platform, so installing needs no compiler): service `kestra-console`, account = server id.
// On Linux every entry is pinned to one store, because keyring-rs otherwise falls back silently
// from the Secret Service to the kernel keyutils keyring, which forgets everything at reboot:
//   - 'secret-service': GNOME Keyring, KWallet, KeePassXC... persistent;
//   - 'keyutils': the kernel keyring, in memory until reboot (reported as session-only).
// Elsewhere ('platform') it is the macOS Keychain or the Windows Credential Manager.
// Every call has a timeout (a locked keyring with a display can wait forever on an unlock prompt),
// and every failure is classified so the console can say why it fell back.
import { createRequire } from 'node:module';
import { VaultError, withVaultTimeout, type CredentialVault } from './credential-vault';

export const KEYCHAIN_SERVICE = 'kestra-console';
export const KEYRING_MODULE = '@napi-rs/keyring';

/** The subset of @napi-rs/keyring's AsyncEntry this vault uses. */
export interface KeyringEntry {
  getPassword(signal?: AbortSignal): Promise<string | null>;
  setPassword(password: string, signal?: AbortSignal): Promise<void>;
  deletePassword(signal?: AbortSignal): Promise<boolean>;
}

export interface KeyringModule {
  AsyncEntry: new (service: string, account: string, options?: { linux?: { store?: 'secret-service' | 'keyutils' } }) => KeyringEntry;
}

export type KeyringLoader = () => KeyringModule;

export const loadKeyringModule: KeyringLoader = () => createRequire(import.meta.url)(KEYRING_MODULE) as KeyringModule;

/** Which keychain store an entry is pinned to. */
export type KeychainStore = 'secret-service' | 'keyutils' | 'platform';

/** The stores to try, most durable first, on this platform. */
export function keychainStoresFor(platform: NodeJS.Platform = process.platform): KeychainStore[] {
  return platform === 'linux' ? ['secret-service', 'keyutils'] : ['platform'];
}

/** Where a store keeps credentials, in words for the user. */
export function describeStore(store: KeychainStore, platform: NodeJS.Platform = process.platform): string {
  if (store === 'secret-service') return 'the OS keychain (Secret Service)';
  if (store === 'keyutils') return 'the kernel keyring, which forgets them when the machine restarts';
  if (platform === 'darwin') return 'the macOS Keychain';
  if (platform === 'win32') return 'the Windows Credential Manager';
  return 'the OS keychain';
}

/**
 * The useful line of a load failure. napi-rs's loader throws a generic "Cannot find native binding"
 * and chains what it tried as `cause`: the binary that failed to load (`….node: invalid ELF header`)
 * or the platform package that is missing says more.
 */
function loadFailureDetail(error: unknown): string {
  const lines: string[] = [];
  for (let e = error, depth = 0; e !== undefined && e !== null && depth < 10; e = (e as { cause?: unknown }).cause, depth += 1) {
    lines.push((e instanceof Error ? e.message : String(e)).split('\n')[0]!);
  }
  const line =
    lines.find((l) => /\.node\b/.test(l)) ?? lines.find((l) => /Cannot find module '@napi-rs\/keyring-(?!wasm)/.test(l)) ?? lines[0] ?? 'unknown error';
  return line.replace(/[.\s]+$/, '').slice(0, 240);
}

/** Loads the native module, or says in one sentence which module failed and why. */
export function loadKeyring(loader: KeyringLoader = loadKeyringModule): KeyringModule {
  try {
    const module = loader();
    if (typeof module?.AsyncEntry !== 'function') throw new Error('it has no AsyncEntry export');
    return module;
  } catch (error) {
    throw new VaultError('unavailable', `The OS keychain module (${KEYRING_MODULE}) could not be loaded: ${loadFailureDetail(error)}.`);
  }
}

/** Turns a keyring-rs / D-Bus message into a reason and a sentence for the user. */
export function classifyKeychainError(error: unknown, what: string, store: KeychainStore = 'secret-service'): VaultError {
  if (error instanceof VaultError) return error;
  const text = error instanceof Error ? error.message : String(error);
  if (store === 'keyutils') {
    return new VaultError('unavailable', `The kernel keyring refused ${what} (${text.slice(0, 120)}).`);
  }
  if (/autolaunch|DBUS_SESSION_BUS_ADDRESS|Failed to connect to socket|Could not connect|connection (was )?refused|No such file or directory/i.test(text)) {
    return new VaultError('unavailable', 'No D-Bus session bus is running, so the OS keychain (Secret Service) cannot be reached.');
  }
  if (/org\.freedesktop\.secrets|not provided by any \.service|ServiceUnknown|Secret Service.*(not|un)available|No such interface/i.test(text)) {
    return new VaultError('unavailable', 'No Secret Service is running on this desktop (install and start gnome-keyring, KWallet or KeePassXC).');
  }
  if (/Did not receive a reply|timed? ?out|NoReply/i.test(text)) {
    return new VaultError('timeout', `The OS keychain did not answer ${what} (its service is not responding).`);
  }
  if (/locked/i.test(text)) return new VaultError('locked', 'The OS keychain is locked; unlock it (or log in again) to save credentials there.');
  if (/prompt.*dismissed|dismissed|cancell?ed/i.test(text)) return new VaultError('locked', 'The OS keychain is locked, and its unlock prompt was dismissed or could not be shown.');
  if (/Object does not exist at path .*collection|no default collection|NoStorageAccess|Couldn't access platform storage/i.test(text)) {
    return new VaultError('unavailable', 'The OS keychain cannot be used: it has no unlocked default keyring to save in.');
  }
  // keyring-rs messages describe the backend, never the secret; keep them short.
  return new VaultError('failed', `The OS keychain refused ${what}: ${text.slice(0, 200)}`);
}

/**
 * Native keychain calls that timed out and have not settled yet. While any is pending the process
 * cannot exit normally (the call holds a thread-pool thread until D-Bus gives up).
 */
let stuckCalls = 0;

/**
 * For the very end of shutdown, once everything is flushed: with a keychain call stuck, the
 * process ends outright instead of hanging. Returns when none is stuck.
 */
export function exitNowIfKeychainStuck(): void {
  if (stuckCalls > 0) process.kill(process.pid, 'SIGKILL');
}

export class KeychainVault implements CredentialVault {
  readonly kind;
  /** Entries by account. Creating one talks to D-Bus synchronously, so each is made once. */
  private readonly entries = new Map<string, KeyringEntry>();

  constructor(
    private readonly keyring: KeyringModule,
    readonly store: KeychainStore,
    private readonly timeoutMs = 5_000,
  ) {
    this.kind = store === 'keyutils' ? ('kernel-keyring' as const) : ('keychain' as const);
  }

  get persistent(): boolean {
    return this.store !== 'keyutils';
  }

  private entry(account: string): KeyringEntry {
    let entry = this.entries.get(account);
    if (!entry) {
      const options = this.store === 'platform' ? undefined : { linux: { store: this.store } };
      entry = new this.keyring.AsyncEntry(KEYCHAIN_SERVICE, account, options);
      this.entries.set(account, entry);
    }
    return entry;
  }

  private async call<T>(account: string, what: string, op: (entry: KeyringEntry, signal: AbortSignal) => Promise<T>): Promise<T> {
    const seconds = Math.round(this.timeoutMs / 100) / 10;
    const abort = new AbortController();
    let promise: Promise<T>;
    try {
      promise = op(this.entry(account), abort.signal);
    } catch (error) {
      this.entries.delete(account);
      throw classifyKeychainError(error, what, this.store);
    }
    try {
      return await withVaultTimeout(promise, this.timeoutMs, `The OS keychain did not answer ${what} within ${seconds} s (it may be locked and waiting for an unlock prompt).`);
    } catch (error) {
      this.entries.delete(account);
      if (error instanceof VaultError && error.reason === 'timeout') {
        abort.abort();
        stuckCalls += 1;
        const settled = (): void => void (stuckCalls -= 1);
        promise.then(settled, settled);
      }
      throw classifyKeychainError(error, what, this.store);
    }
  }

  async get(account: string): Promise<string | undefined> {
    const value = await this.call(account, 'a read', (entry, signal) => entry.getPassword(signal));
    return value ?? undefined;
  }

  async set(account: string, secret: string): Promise<void> {
    await this.call(account, 'a write', (entry, signal) => entry.setPassword(secret, signal));
  }

  async delete(account: string): Promise<boolean> {
    return this.call(account, 'a delete', (entry, signal) => entry.deletePassword(signal));
  }

  /**
   * Proves the store, the bus and the module all answer. A harmless read for a keychain (a write
   * could raise an unlock prompt at start-up); the kernel keyring can answer reads and refuse
   * writes, and never prompts, so it gets a write and a delete.
   */
  async probe(): Promise<void> {
    const account = '__kestra-console-probe__';
    if (this.store !== 'keyutils') {
      await this.get(account);
      return;
    }
    await this.set(account, 'probe');
    await this.delete(account);
  }
}
