// Where credentials are kept, in the words the status bar and the server dialog both use, from
// main's `app.status` vault report (one source, so the two never disagree).
import { useQuery } from '@tanstack/react-query';
import type { AppStatus, VaultStatus } from '../../main/contract/methods';
import { call } from './call';
import { consoleKeys } from './query-keys';

export function appStatusQueryOptions() {
  return {
    queryKey: consoleKeys.appStatus(),
    queryFn: ({ signal }: { signal: AbortSignal }): Promise<AppStatus> => call('app.status', {}, { signal }),
    staleTime: 60_000,
    retry: false,
  };
}

export function useVaultStatus(): VaultStatus | undefined {
  return useQuery(appStatusQueryOptions()).data?.vault;
}

const WHERE_BY_KIND: Record<string, string> = {
  keychain: 'the OS keychain',
  'kernel-keyring': 'the kernel keyring, until the machine restarts',
  'safe-storage': 'a file encrypted by the system',
  memory: 'memory, for this session only',
};

export interface VaultWords {
  /** A few words for the status bar: "Credentials in the OS keychain". */
  short: string;
  /** Where a secret typed now goes, for the field that takes it. */
  where: string;
  persistent: boolean;
  /** Why the console fell back (main's words), when it did. */
  reason?: string;
  /** What to do to keep credentials across restarts, when they are not. */
  advice?: string;
}

export function describeVault(vault: VaultStatus): VaultWords {
  // Main names the exact store when it can (e.g. "the OS keychain (Secret Service)").
  const named = (vault as VaultStatus & { where?: unknown }).where;
  const where = typeof named === 'string' && named ? named : (WHERE_BY_KIND[vault.kind] ?? 'the console’s credential store');
  const kernel = (vault.kind as string) === 'kernel-keyring';
  const short = vault.persistent
    ? vault.kind === 'safe-storage'
      ? 'Credentials in an encrypted file'
      : 'Credentials in the OS keychain'
    : kernel
      ? 'Credentials last until the machine restarts'
      : 'Credentials last only for this session';
  const advice = vault.persistent && !kernel
    ? undefined
    : 'To keep them across restarts, make a system keychain available to the console (on Linux, a Secret Service such as GNOME Keyring or KWallet, unlocked), then restart it.';
  return { short, where, persistent: vault.persistent && !kernel, ...(vault.reason ? { reason: vault.reason } : {}), ...(advice ? { advice } : {}) };
}
