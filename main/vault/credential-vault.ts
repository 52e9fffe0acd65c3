// Where server secrets live. Implementations: the OS keychain (keytar), Electron safeStorage over
// an encrypted file, and a session-only memory store. Secrets never leave main.

export interface CredentialVault {
  /** What backs this vault, for the settings screen. */
  readonly kind: 'keychain' | 'safe-storage' | 'memory';
  get(account: string): Promise<string | undefined>;
  set(account: string, secret: string): Promise<void>;
  /** Resolves true when something was deleted. */
  delete(account: string): Promise<boolean>;
}

export class VaultError extends Error {
  constructor(
    readonly reason: 'timeout' | 'unavailable' | 'locked' | 'failed',
    message: string,
  ) {
    super(message);
    this.name = 'VaultError';
  }
}
