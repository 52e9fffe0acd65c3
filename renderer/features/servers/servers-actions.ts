// The server registry's one write path: saving a profile (with its credentials) and removing one,
// each with what it makes stale. The editor dialog runs these; the shell's server commands (add,
// edit, close a tab, refresh) live with the shell (app/shell-actions.ts), which owns those dialogs
// and tabs.
import { mutationOptions } from '@tanstack/react-query';
import type { Confirmation } from '../../../main/contract/method-policy';
import type { ServerInput } from '../../../main/contract/methods';
import type { ServerView } from '../../../main/contract/servers';
import { call } from '../../lib/call';
import { consoleKeys, kestraKeys } from '../../lib/query-keys';

export interface SaveServerVariables {
  /** The profile being edited; absent when adding one. */
  existing?: ServerView;
  input: ServerInput;
  /** A new password or token; stored in the vault, never returned. */
  secret?: string;
  /** The stored credentials go (no auth any more, or the user cleared them). */
  clearSecret: boolean;
  /** The server's name as typed, when this save turns its safety policy off (main checks it). */
  confirmation?: string;
}

/** Whether saving `input` over `existing` turns its safety policy off (main then wants its name typed). */
export function relaxesPolicy(existing: ServerView | undefined, input: Pick<ServerInput, 'policy'>): boolean {
  if (!existing) return false;
  return (existing.policy.readOnly && !input.policy.readOnly) || (existing.policy.confirmDestructive && !input.policy.confirmDestructive);
}

/** Adds or updates a profile and its credentials; resolves with the saved profile. */
export const serverSave = mutationOptions({
  mutationKey: ['servers', 'save'],
  mutationFn: async ({ existing, input, secret, clearSecret, confirmation }: SaveServerVariables): Promise<ServerView> => {
    if (!existing) return call('servers.create', { input, secret });
    let saved = await call('servers.update', { serverId: existing.id, input, confirmation });
    if (clearSecret && existing.hasCredentials) saved = await call('servers.clearSecret', { serverId: existing.id });
    if (secret) saved = await call('servers.setSecret', { serverId: existing.id, secret });
    return saved;
  },
  onSuccess: async (saved, { existing }, _r, { client }) => {
    await client.invalidateQueries({ queryKey: consoleKeys.servers() });
    // Address, auth or TLS may have changed: everything cached for this server is suspect.
    if (existing) await client.invalidateQueries({ queryKey: kestraKeys.server(saved.id) });
  },
  // The variables carry the secret: gone from the mutation cache as soon as it settles.
  gcTime: 0,
});

/** Removes a profile and its stored credentials (nothing changes on the server itself). */
export const serverDelete = mutationOptions({
  mutationKey: ['servers', 'delete'],
  mutationFn: ({ serverId, confirmation }: { serverId: string } & Confirmation) => call('servers.delete', { serverId, confirmation }),
  onSuccess: async (_data, { serverId }, _r, { client }) => {
    await client.invalidateQueries({ queryKey: consoleKeys.servers() });
    client.removeQueries({ queryKey: kestraKeys.server(serverId) });
  },
});
