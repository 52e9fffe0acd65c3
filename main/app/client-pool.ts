// One Kestra client per server, built from its profile and the vault, rebuilt when the profile
// or its secret changes. The renderer names a server by id; only here does an id become a URL and
// credentials.
import { KestraClient, type KestraClientOptions } from '../kestra/kestra-client';
import type { Credentials } from '../kestra/kestra-http';
import { ConsoleError } from '../ipc/console-error';
import type { ServerRegistry } from '../servers/server-registry';
import type { ServerInput } from '../contract/methods';
import { validateSecret, validateServerInput, type ServerProfile } from '../servers/server-profile';
import { VaultError } from '../vault/credential-vault';
import type { VaultManager } from '../vault/vault-manager';
import { LOCAL_SANDBOX_SERVER_ID, type LocalSandbox } from './local-sandbox';

/** Knobs tests use to keep retries and reconnects short; production takes the defaults. */
export type ClientTuning = Pick<KestraClientOptions, 'retry' | 'transferStallMs'>;

export function vaultFailure(error: unknown): never {
  if (error instanceof VaultError) throw new ConsoleError('keychain', error.message);
  throw error;
}

export class ClientPool {
  private readonly clients = new Map<string, { client: KestraClient; fingerprint: string }>();

  constructor(
    private readonly registry: ServerRegistry,
    private readonly vault: VaultManager,
    private readonly sandbox: LocalSandbox,
    private readonly tuning: ClientTuning = {},
  ) {}

  /** Credentials of a saved server, read from the vault for each request (never cached here). */
  private credentialsFor(profile: ServerProfile): () => Promise<Credentials> {
    return async () => {
      if (profile.authKind === 'none') return { authKind: 'none' };
      let secret: string | undefined;
      try {
        secret = await this.vault.get(profile.id);
      } catch (error) {
        vaultFailure(error);
      }
      if (secret === undefined && profile.secretSaved) {
        throw new ConsoleError('keychain', `The saved credentials of "${profile.name}" could not be read from ${this.vault.kind === 'keychain' ? 'the OS keychain (is it locked?)' : 'the credential store'}. Enter them again in the server settings.`);
      }
      return { authKind: profile.authKind, username: profile.username, secret };
    };
  }

  async get(serverId: string): Promise<KestraClient> {
    if (typeof serverId !== 'string' || serverId === '') throw new ConsoleError('validation', 'serverId is required');
    if (serverId === LOCAL_SANDBOX_SERVER_ID) return this.sandboxClient();
    const profile = this.registry.require(serverId);
    const fingerprint = JSON.stringify([profile.url, profile.tenant, profile.authKind, profile.username, profile.tls, profile.timeouts, profile.secretSaved]);
    const cached = this.clients.get(serverId);
    if (cached?.fingerprint === fingerprint) return cached.client;
    if (cached) void cached.client.close();
    const client = new KestraClient({
      baseUrl: profile.url,
      serverName: profile.name,
      tenant: profile.tenant,
      timeouts: profile.timeouts,
      tls: profile.tls,
      useEnvironmentProxy: true,
      credentials: this.credentialsFor(profile),
      ...this.tuning,
    });
    this.clients.set(serverId, { client, fingerprint });
    return client;
  }

  private async sandboxClient(): Promise<KestraClient> {
    const cached = this.clients.get(LOCAL_SANDBOX_SERVER_ID);
    if (cached) return cached.client;
    const url = await this.sandbox.whenReady();
    if (!url) {
      const status = this.sandbox.status;
      throw new ConsoleError('network', status.state === 'disabled' ? 'The Local sandbox is turned off.' : `The Local sandbox is not running: ${status.error ?? 'it failed to start'}.`);
    }
    const client = new KestraClient({
      baseUrl: url,
      serverName: 'Local sandbox',
      timeouts: { connectMs: 10_000, requestMs: 30_000 },
      useEnvironmentProxy: false,
      // The per-launch token only this process knows (see local-sandbox.ts).
      credentials: async () => ({ authKind: 'bearer', secret: this.sandbox.accessToken }),
      ...this.tuning,
    });
    this.clients.set(LOCAL_SANDBOX_SERVER_ID, { client, fingerprint: url });
    return client;
  }

  /** A throw-away client for a draft (Test connection before saving); the caller closes it. */
  draftClient(profile: Omit<ServerProfile, 'id'>, secret: string | undefined): KestraClient {
    return new KestraClient({
      baseUrl: profile.url,
      serverName: profile.name,
      tenant: profile.tenant,
      timeouts: profile.timeouts,
      tls: profile.tls,
      useEnvironmentProxy: true,
      credentials: async () => ({ authKind: profile.authKind, username: profile.username, secret: profile.authKind === 'none' ? undefined : secret }),
      ...this.tuning,
    });
  }

  /** Runs `work` with a throw-away client for settings the user has not saved yet (checked first). */
  async withDraft<T>(rawInput: unknown, rawSecret: unknown, work: (client: KestraClient) => Promise<T>): Promise<T> {
    const input: ServerInput = validateServerInput(rawInput);
    const draft = { ...input, timeouts: input.timeouts as ServerProfile['timeouts'] } as Omit<ServerProfile, 'id'>;
    const secret = typeof rawSecret === 'string' && rawSecret !== '' ? validateSecret(rawSecret, input.authKind) : undefined;
    const client = this.draftClient(draft, secret);
    try {
      return await work(client);
    } finally {
      await client.close();
    }
  }

  /** Drops the client of a server (profile edited, secret changed, server deleted). */
  forget(serverId: string): void {
    const cached = this.clients.get(serverId);
    this.clients.delete(serverId);
    if (cached) void cached.client.close();
  }

  async closeAll(): Promise<void> {
    const all = [...this.clients.values()];
    this.clients.clear();
    // Shutting down: open streams (log follows) would keep a graceful close waiting forever.
    await Promise.allSettled(all.map((c) => c.client.destroy()));
  }
}
