// The bottom line (the window's contentinfo landmark): the active server's address, version,
// edition and latency while it answers, or since when it fails and when it is tried again; how
// credentials are kept; whether the window's state is being kept; the theme switch and the palette.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import type { ServerView } from '../../main/contract/servers';
import { IconButton } from '../components/button';
import { healthText } from '../components/misc';
import { Kbd } from '../components/misc';
import { formatTime } from '../lib/format';
import { isFailing, probeDelay, useHealthTracking, useServerHealth } from '../lib/health';
import { useCapabilities } from '../lib/capabilities';
import { usePersistenceStatus } from '../lib/persisted-state';
import { kestraKeys } from '../lib/query-keys';
import { configsQueryOptions } from '../lib/servers';
import { toggleTheme, useTheme } from '../lib/theme';
import { describeVault, useVaultStatus } from '../lib/vault';
import { useShell } from './shell-state';

/** The current time, ticking every `ms` while `active`. */
function useNow(active: boolean, ms = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(timer);
  }, [active, ms]);
  return now;
}

function ServerHealthItem({ server }: { server: ServerView }) {
  const queryClient = useQueryClient();
  const configs = useQuery(configsQueryOptions(server.id));
  const health = useServerHealth(server.id);
  const failures = useHealthTracking((state) => state.failures[server.id] ?? 0);
  const downSince = useHealthTracking((state) => state.downSince[server.id]);
  const failing = isFailing(health.data) || (health.isError && !health.data);
  const now = useNow(failing);
  const version = health.data?.version ?? configs.data?.version;
  const edition = configs.data?.edition ?? health.data?.edition;
  const known = version ? `Kestra ${version}${edition ? ` · ${edition}` : ''}${configs.data?.tenant ? ` · tenant ${configs.data.tenant}` : ''}` : undefined;

  if (!failing) {
    const latency = health.data?.latencyMs !== undefined ? ` · ${Math.round(health.data.latencyMs)} ms` : '';
    return known ? (
      <span className="status-bar__item" title={healthText(health.data, health.isPending)}>
        {known}
        {latency}
      </span>
    ) : null;
  }
  const nextAt = health.dataUpdatedAt + probeDelay(failures);
  const inSeconds = Math.max(0, Math.ceil((nextAt - now) / 1000));
  const what = health.data ? healthText(health.data, false).split(' · ')[0] : 'Unreachable';
  const message = health.data?.message ?? (health.error instanceof Error ? health.error.message : undefined);
  return (
    <span className="status-bar__item status-bar__health status-bar__danger" role="status" title={message}>
      {what}
      {downSince ? ` since ${formatTime(downSince)}` : ''}
      {known ? ` · last seen ${known}` : ''}
      {health.isFetching ? ' · checking…' : ` · retry in ${inSeconds} s`}
      <button
        type="button"
        className="status-bar__link"
        disabled={health.isFetching}
        onClick={() => void queryClient.invalidateQueries({ queryKey: kestraKeys.health(server.id), exact: true })}
      >
        Retry now
      </button>
    </span>
  );
}

export function StatusBar({ server }: { server: ServerView | undefined }) {
  useTheme((state) => state.choice);
  const openPalette = useShell((state) => state.openPalette);
  const vault = useVaultStatus();
  const words = vault ? describeVault(vault) : undefined;
  const persistenceProblem = usePersistenceStatus((state) => state.problem);
  // The capability table of the active server; an unknown or newer version is announced once.
  const capabilities = useCapabilities(server?.id);
  const warning = capabilities.data?.warning;
  return (
    <footer className="status-bar" role="contentinfo" aria-label="Status">
      {server && (
        <span className="status-bar__item" title={server.url}>
          {server.url}
        </span>
      )}
      {server && <ServerHealthItem key={server.id} server={server} />}
      {warning && (
        <span className="status-bar__item status-bar__warn" title={warning}>
          Unrecognised version: {capabilities.data?.basis} behaviour
        </span>
      )}
      {server?.policy.readOnly && <span className="status-bar__item status-bar__warn">Read-only</span>}
      <span className="status-bar__spacer" />
      {persistenceProblem && (
        <span className="status-bar__item status-bar__warn" title={persistenceProblem}>
          Drafts not kept
        </span>
      )}
      {words && (
        <span
          className={`status-bar__item${words.persistent ? '' : ' status-bar__warn'}`}
          title={[`Credentials are kept in ${words.where}.`, words.reason, words.advice].filter(Boolean).join(' ')}
        >
          {words.short}
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
