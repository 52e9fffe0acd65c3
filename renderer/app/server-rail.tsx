// Every saved server with its colour, environment, version and live health. Clicking (or
// Ctrl/Cmd+1..9) opens the server in a tab and switches to it.
import type { ServerView } from '../../main/contract/servers';
import { IconButton, Button } from '../components/button';
import { EnvironmentBadge, HealthDot, healthText } from '../components/misc';
import { isFailing, useServerHealth } from '../lib/health';
import { serverInitials } from '../lib/servers';
import { formatShortcut } from '../lib/shortcuts';
import { useWorkspace } from '../lib/workspace-store';
import { switchServer } from './server-switch';
import { useShell } from './shell-state';

function ServerRailItem({ server, index, active }: { server: ServerView; index: number; active: boolean }) {
  const health = useServerHealth(server.id);
  const unsavedCount = useWorkspace((state) => Object.keys(state.unsaved[server.id] ?? {}).length);
  const openServerEditor = useShell((state) => state.openServerEditor);
  const version = health.data?.version;
  const describedBy = `server-rail-${index}-details`;
  return (
    <li className={`rail__item${active ? ' rail__item--active' : ''}`} style={{ ['--server-color' as string]: server.color }}>
      <button
        type="button"
        className="rail__button"
        aria-label={server.name}
        aria-current={active ? 'true' : undefined}
        aria-describedby={describedBy}
        aria-keyshortcuts={index < 9 ? (navigator.platform.includes('Mac') ? `Meta+${index + 1}` : `Control+${index + 1}`) : undefined}
        title={`${server.name} — ${server.url}${index < 9 ? ` (${formatShortcut(`Mod+${index + 1}`)})` : ''}`}
        onClick={() => void switchServer(server.id)}
      >
        <span className="rail__chip" aria-hidden="true">
          {serverInitials(server.name)}
        </span>
        <span className="rail__text">
          <span className="rail__name">
            {server.name}
            {unsavedCount > 0 && (
              <span className="rail__unsaved" aria-hidden="true" title="Unsaved changes">
                ●
              </span>
            )}
          </span>
          <span className="rail__meta" id={describedBy}>
            <HealthDot health={health.data} pending={health.isPending} />
            <EnvironmentBadge server={server} />
            {isFailing(health.data) || health.isError ? (
              <span className="rail__offline" title={healthText(health.data, health.isPending)}>
                {health.data?.status === 'auth-failed' ? 'login refused' : health.data?.status === 'tls-failed' ? 'certificate' : 'offline'}
              </span>
            ) : (
              <span className="rail__version">{version ? `v${version}` : ''}</span>
            )}
            <span className="visually-hidden">
              {healthText(health.data, health.isPending)}
              {server.policy.readOnly ? ', read-only' : ''}
              {unsavedCount > 0 ? `, ${unsavedCount} unsaved` : ''}
            </span>
          </span>
        </span>
      </button>
      <IconButton icon="gear" size="sm" className="rail__edit" label={`Edit server ${server.name}`} onClick={() => openServerEditor(server.id)} />
    </li>
  );
}

export function ServerRail({ servers }: { servers: readonly ServerView[] }) {
  const activeServerId = useWorkspace((state) => state.activeServerId);
  const openServerEditor = useShell((state) => state.openServerEditor);
  return (
    <nav className="rail" aria-label="Servers">
      <div className="rail__title">Servers</div>
      <ul className="rail__list">
        {servers.map((server, index) => (
          <ServerRailItem key={server.id} server={server} index={index} active={server.id === activeServerId} />
        ))}
      </ul>
      <Button icon="plus" variant="ghost" className="rail__add" onClick={() => openServerEditor()}>
        Add server
      </Button>
    </nav>
  );
}
