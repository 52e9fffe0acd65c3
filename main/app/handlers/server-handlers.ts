// servers.* and app.* handlers: the registry, the write-only secrets, connection tests, health,
// export/import, and the console's own status.
import type { ServerInput } from '../../contract/methods';
import type { ServerView } from '../../contract/servers';
import type { HandlerTable } from '../../ipc/handler-table';
import { ConsoleError } from '../../ipc/console-error';
import { isSafeExternalUrl } from '../../electron/window-security';
import { checkHealth, testConnection } from '../../servers/connection-test';
import { validateSecret, validateServerInput, type ServerProfile } from '../../servers/server-profile';
import type { ServerRegistry } from '../../servers/server-registry';
import type { VaultManager } from '../../vault/vault-manager';
import { vaultFailure, type ClientPool } from '../client-pool';
import { LOCAL_SANDBOX_SERVER_ID, type LocalSandbox } from '../local-sandbox';

export interface ServerHandlerDeps {
  registry: ServerRegistry;
  vault: VaultManager;
  clients: ClientPool;
  sandbox: LocalSandbox;
  mode: 'electron' | 'web';
  appVersion: string;
  /** Opens an https link in the system browser (Electron); absent in web mode. */
  openExternal?: (url: string) => Promise<void>;
}

type ServerMethod = Extract<keyof HandlerTable, `servers.${string}` | `app.${string}`>;
type ServerHandlers = Pick<HandlerTable, ServerMethod>;

function refuseBuiltIn(serverId: unknown, action: string): void {
  if (serverId === LOCAL_SANDBOX_SERVER_ID) throw new ConsoleError('validation', `The Local sandbox is built in and cannot be ${action}.`);
}

export function createServerHandlers(deps: ServerHandlerDeps): ServerHandlers {
  const { registry, vault, clients, sandbox } = deps;

  const view = (profile: ServerProfile): ServerView => {
    const { secretSaved, ...rest } = profile;
    return { ...rest, builtIn: false, hasCredentials: profile.authKind !== 'none' && (secretSaved === true || vault.sessionHas(profile.id)) };
  };

  const storeSecret = async (profile: ServerProfile, secret: string): Promise<ServerProfile> => {
    const clean = validateSecret(secret, profile.authKind);
    try {
      await vault.set(profile.id, clean);
    } catch (error) {
      vaultFailure(error);
    }
    clients.forget(profile.id);
    // Only a persistent store earns the "saved" mark; a session-only secret is known by the vault.
    return registry.setSecretSaved(profile.id, vault.status.persistent);
  };

  const forgetSecret = async (serverId: string): Promise<void> => {
    try {
      await vault.delete(serverId);
    } catch (error) {
      vaultFailure(error);
    }
    clients.forget(serverId);
  };

  return {
    'app.info': async () => ({ version: deps.appVersion, mode: deps.mode, platform: process.platform }),
    'app.status': async () => ({
      vault: vault.status,
      ...(registry.loadProblem ? { registryProblem: registry.loadProblem } : {}),
      localSandbox: sandbox.status,
    }),
    'app.openExternal': async ({ url }) => {
      if (!isSafeExternalUrl(url)) throw new ConsoleError('validation', 'Only https:// links can be opened.');
      if (!deps.openExternal) throw new ConsoleError('validation', 'In the browser, links open directly; the console host does not open them.');
      await deps.openExternal(url); // eng-disable OPEN_EXTERNAL_JS_CHECK: isSafeExternalUrl above admits only https links without credentials
      return null;
    },

    'servers.list': async () => [sandbox.view(), ...registry.list().map(view)],

    'servers.create': async ({ input, secret }) => {
      let profile = await registry.create(input);
      if (secret !== undefined && secret !== '' && profile.authKind !== 'none') {
        try {
          profile = await storeSecret(profile, secret);
        } catch (error) {
          // Nothing half-made: a server whose secret could not be stored is not kept.
          await registry.delete(profile.id).catch(() => undefined);
          throw error;
        }
      }
      return view(profile);
    },

    'servers.update': async ({ serverId, input }) => {
      refuseBuiltIn(serverId, 'edited');
      const before = registry.require(serverId);
      const after = await registry.update(serverId, input);
      // A secret belongs to one origin: pointing the profile elsewhere (or changing how it signs
      // in) forgets it, so nothing — not even a compromised page — can redirect a saved password.
      const originChanged = new URL(after.url).origin !== new URL(before.url).origin;
      if (originChanged || after.authKind !== before.authKind || after.authKind === 'none' || after.username !== before.username) {
        // The stored secret belonged to the old way of signing in.
        if (before.secretSaved || vault.sessionHas(serverId)) await forgetSecret(serverId);
        if (after.secretSaved) return view(await registry.setSecretSaved(serverId, false));
      }
      clients.forget(serverId);
      return view(registry.require(serverId));
    },

    'servers.delete': async ({ serverId }) => {
      refuseBuiltIn(serverId, 'deleted');
      registry.require(serverId);
      await registry.delete(serverId);
      clients.forget(serverId);
      // Best effort: the server is gone either way; a keychain that fails here keeps an orphan entry.
      await vault.delete(serverId).catch(() => undefined);
      return null;
    },

    'servers.reorder': async ({ serverIds }) => {
      const ids = Array.isArray(serverIds) ? serverIds.filter((id) => id !== LOCAL_SANDBOX_SERVER_ID) : serverIds;
      await registry.reorder(ids);
      return [sandbox.view(), ...registry.list().map(view)];
    },

    'servers.setSecret': async ({ serverId, secret }) => {
      refuseBuiltIn(serverId, 'given credentials');
      const profile = registry.require(serverId);
      if (profile.authKind === 'none') throw new ConsoleError('validation', 'This server uses no authentication; choose basic auth or a token first.');
      return view(await storeSecret(profile, secret));
    },

    'servers.clearSecret': async ({ serverId }) => {
      refuseBuiltIn(serverId, 'given credentials');
      registry.require(serverId);
      await forgetSecret(serverId);
      return view(await registry.setSecretSaved(serverId, false));
    },

    'servers.testConnection': async (params, { signal }) => {
      if ('input' in params && params.input !== undefined) {
        const input: ServerInput = validateServerInput(params.input);
        const draft = { ...input, timeouts: input.timeouts as ServerProfile['timeouts'] } as Omit<ServerProfile, 'id'>;
        const secret = typeof params.secret === 'string' && params.secret !== '' ? validateSecret(params.secret, input.authKind) : undefined;
        const client = clients.draftClient(draft, secret);
        try {
          return await testConnection(
            client,
            { url: input.url, tls: input.tls, authKind: input.authKind, username: input.username, hasSecret: secret !== undefined, connectTimeoutMs: draft.timeouts.connectMs },
            signal,
          );
        } finally {
          await client.close();
        }
      }
      const { serverId } = params as { serverId: string };
      const client = await clients.get(serverId);
      if (serverId === LOCAL_SANDBOX_SERVER_ID) {
        const url = (await sandbox.whenReady()) ?? '';
        return testConnection(client, { url, tls: {}, authKind: 'none', hasSecret: false, connectTimeoutMs: 10_000 }, signal);
      }
      const profile = registry.require(serverId);
      return testConnection(
        client,
        {
          url: profile.url,
          tls: profile.tls,
          authKind: profile.authKind,
          username: profile.username,
          hasSecret: profile.secretSaved === true || vault.sessionHas(serverId),
          connectTimeoutMs: profile.timeouts.connectMs,
        },
        signal,
      );
    },

    'servers.health': async ({ serverId }, { signal }) => {
      const client = await clients.get(serverId);
      const authKind = serverId === LOCAL_SANDBOX_SERVER_ID ? 'none' : registry.require(serverId).authKind;
      return checkHealth(serverId, client, authKind, signal);
    },

    'servers.export': async ({ serverIds }) => {
      if (serverIds !== undefined && (!Array.isArray(serverIds) || serverIds.some((id) => typeof id !== 'string'))) {
        throw new ConsoleError('validation', 'serverIds must be a list of ids');
      }
      return { json: registry.exportJson(serverIds) };
    },

    'servers.import': async ({ json }) => {
      const { added, skipped } = await registry.importJson(json);
      return { added: added.map(view), skipped };
    },
  };
}
