// The default vault: the OS keychain through keytar (service `kestra-console`, account = server
// id). Every call has a timeout, because a locked keyring with a display can wait forever on an
// unlock prompt, and every failure is classified so the console can say why it fell back.
import { createRequire } from 'node:module';
import { VaultError, withVaultTimeout, type CredentialVault } from './credential-vault';

export const KEYCHAIN_SERVICE = 'kestra-console';

export interface Keytar {
  getPassword(service: string, account: string): Promise<string | null>;
  setPassword(service: string, account: string, password: string): Promise<void>;
  deletePassword(service: string, account: string): Promise<boolean>;
}

export type KeytarLoader = () => Keytar;

export const loadKeytarModule: KeytarLoader = () => createRequire(import.meta.url)('keytar') as Keytar;

/** Turns a keytar/libsecret message into a reason and a sentence for the user. */
export function classifyKeychainError(error: unknown, what: string): VaultError {
  if (error instanceof VaultError) return error;
  const text = error instanceof Error ? error.message : String(error);
  if (/autolaunch D-Bus|Could not connect|DBUS_SESSION_BUS_ADDRESS|Failed to connect to socket|Unable to autolaunch/i.test(text)) {
    return new VaultError('unavailable', 'No D-Bus session bus is running, so the OS keychain (Secret Service) cannot be reached.');
  }
  if (/org\.freedesktop\.secrets|not provided by any \.service|ServiceUnknown|No such interface/i.test(text)) {
    return new VaultError('unavailable', 'No Secret Service is running on this desktop (install and start gnome-keyring or KWallet).');
  }
  if (/locked/i.test(text)) return new VaultError('locked', 'The OS keychain is locked; unlock it (or log in again) to save credentials there.');
  if (/Object does not exist at path .*collection/i.test(text)) {
    return new VaultError('unavailable', 'The OS keychain has no default keyring to save in (none was created, or it is not unlocked at login).');
  }
  if (/prompt.*dismissed|cancelled|canceled/i.test(text)) return new VaultError('locked', 'The keychain unlock prompt was dismissed.');
  // libsecret messages describe the backend, never the secret; keep them short.
  return new VaultError('failed', `The OS keychain refused ${what}: ${text.slice(0, 200)}`);
}

/**
 * Native keychain calls that timed out and have not settled yet. While any is pending the process
 * cannot exit normally (libsecret holds a thread-pool thread until D-Bus gives up, up to ~50 s).
 */
let stuckCalls = 0;

/**
 * For the very end of shutdown, once everything is flushed: with a keychain call stuck, the
 * process ends outright instead of hanging. Returns when none is stuck.
 */
export function exitNowIfKeychainStuck(): void {
  if (stuckCalls > 0) process.kill(process.pid, 'SIGKILL');
}

export class KeytarVault implements CredentialVault {
  readonly kind = 'keychain' as const;
  private readonly keytar: Keytar;

  constructor(
    private readonly timeoutMs = 5_000,
    loader: KeytarLoader = loadKeytarModule,
  ) {
    try {
      this.keytar = loader();
    } catch {
      throw new VaultError('unavailable', 'The OS keychain module (keytar) is not installed for this platform.');
    }
  }

  private call<T>(promise: Promise<T>, what: string): Promise<T> {
    const seconds = Math.round(this.timeoutMs / 100) / 10;
    return withVaultTimeout(promise, this.timeoutMs, `The OS keychain did not answer ${what} within ${seconds} s (it may be locked and waiting for an unlock prompt).`).catch(
      (error: unknown) => {
        if (error instanceof VaultError && error.reason === 'timeout') {
          stuckCalls += 1;
          const settled = (): void => void (stuckCalls -= 1);
          promise.then(settled, settled);
        }
        throw classifyKeychainError(error, what);
      },
    );
  }

  async get(account: string): Promise<string | undefined> {
    const value = await this.call(this.keytar.getPassword(KEYCHAIN_SERVICE, account), 'a read');
    return value ?? undefined;
  }

  async set(account: string, secret: string): Promise<void> {
    await this.call(this.keytar.setPassword(KEYCHAIN_SERVICE, account, secret), 'a write');
  }

  async delete(account: string): Promise<boolean> {
    return this.call(this.keytar.deletePassword(KEYCHAIN_SERVICE, account), 'a delete');
  }

  /** One harmless read: proves the bus, the Secret Service and the module all answer. */
  async probe(): Promise<void> {
    await this.get('__kestra-console-probe__');
  }
}
