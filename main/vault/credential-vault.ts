// Where server secrets live. Implementations: the OS keychain (@napi-rs/keyring; on Linux also the
// kernel keyring, session-only), Electron safeStorage over an encrypted file, and a session-only
// memory store. Secrets never leave main.

export interface CredentialVault {
  /** What backs this vault, for the settings screen. */
  readonly kind: 'keychain' | 'kernel-keyring' | 'safe-storage' | 'memory';
  get(account: string): Promise<string | undefined>;
  set(account: string, secret: string): Promise<void>;
  /** Resolves true when something was deleted. */
  delete(account: string): Promise<boolean>;
}

export type VaultFailure =
  | 'timeout' // a call did not settle in time (a locked keyring waiting on a prompt)
  | 'unavailable' // no session bus, no Secret Service, module missing, encryption unavailable
  | 'locked' // the collection is locked (or temporarily unavailable); may work later
  | 'failed'; // anything else the backend refused

export class VaultError extends Error {
  constructor(
    readonly reason: VaultFailure,
    message: string,
  ) {
    super(message);
    this.name = 'VaultError';
  }
}

/** Settles like `promise`, or rejects with a timeout VaultError after `ms`. */
export function withVaultTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new VaultError('timeout', message)), ms);
    timer.unref?.();
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}
