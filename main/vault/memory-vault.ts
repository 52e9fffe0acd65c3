// Secrets for this session only: used when no keychain works and no safe encryption is available.
// Nothing is written anywhere; quitting the console forgets them (the user is told why).
import type { CredentialVault } from './credential-vault';

export class MemoryVault implements CredentialVault {
  readonly kind = 'memory' as const;
  private readonly secrets = new Map<string, string>();

  async get(account: string): Promise<string | undefined> {
    return this.secrets.get(account);
  }

  async set(account: string, secret: string): Promise<void> {
    this.secrets.set(account, secret);
  }

  async delete(account: string): Promise<boolean> {
    return this.secrets.delete(account);
  }

  has(account: string): boolean {
    return this.secrets.has(account);
  }
}
