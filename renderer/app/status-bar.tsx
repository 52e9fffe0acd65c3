// The bottom line: the active server's address, version and health, how credentials are stored,
// the theme switch and the palette hint.
import { useQuery } from '@tanstack/react-query';
import type { ServerView } from '../../main/contract/servers';
import { IconButton } from '../components/button';
import { Kbd } from '../components/misc';
import { call } from '../lib/call';
import { useCapabilities } from '../lib/capabilities';
import { consoleKeys } from '../lib/query-keys';
import { configsQueryOptions } from '../lib/servers';
import { toggleTheme, useTheme } from '../lib/theme';
import { useShell } from './shell-state';

export function StatusBar({ server }: { server: ServerView | undefined }) {
  const configs = useQuery({ ...configsQueryOptions(server?.id ?? ''), enabled: !!server });
  // The capability table of the active server; an unknown or newer version is announced once.
  const capabilities = useCapabilities(server?.id);
  const warning = capabilities.data?.warning;
  const status = useQuery({ queryKey: consoleKeys.appStatus(), queryFn: ({ signal }) => call('app.status', {}, { signal }), staleTime: 60_000, retry: false });
  useTheme((state) => state.choice);
  const openPalette = useShell((state) => state.openPalette);
  const vault = status.data?.vault;
  return (
    <footer className="status-bar" aria-label="Status">
      {server && (
        <span className="status-bar__item" title={server.url}>
          {server.url}
        </span>
      )}
      {configs.data && (
        <span className="status-bar__item">
          Kestra {configs.data.version} · {configs.data.edition}
          {configs.data.tenant ? ` · tenant ${configs.data.tenant}` : ''}
        </span>
      )}
      {warning && (
        <span className="status-bar__item status-bar__warn" title={warning}>
          Unrecognised version: {capabilities.data?.basis} behaviour
        </span>
      )}
      {server?.policy.readOnly && <span className="status-bar__item status-bar__warn">Read-only</span>}
      <span className="status-bar__spacer" />
      {vault && !vault.persistent && (
        <span className="status-bar__item status-bar__warn" title={vault.reason}>
          Credentials last only for this session
        </span>
      )}
      <button type="button" className="status-bar__palette" onClick={() => openPalette()}>
        Commands <Kbd shortcut="Mod+K" />
      </button>
      <IconButton icon="gear" size="sm" label="Settings" onClick={() => useShell.getState().openSettings()} />
      <IconButton
        icon={document.documentElement.dataset.theme === 'light' ? 'moon' : 'sun'}
        size="sm"
        label={document.documentElement.dataset.theme === 'light' ? 'Switch to dark theme' : 'Switch to light theme'}
        onClick={toggleTheme}
      />
    </footer>
  );
}
