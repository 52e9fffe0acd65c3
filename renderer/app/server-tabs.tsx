// The servers open at once, as tabs tinted with each server's colour; a dot marks unsaved changes.
import type { KeyboardEvent } from 'react';
import type { ServerView } from '../../main/contract/servers';
import { IconButton } from '../components/button';
import { useWorkspace } from '../lib/workspace-store';
import { closeServerTab, switchServer } from './server-switch';

export function ServerTabs({ servers }: { servers: readonly ServerView[] }) {
  const openServerIds = useWorkspace((state) => state.openServerIds);
  const activeServerId = useWorkspace((state) => state.activeServerId);
  const unsaved = useWorkspace((state) => state.unsaved);
  const open = openServerIds.map((id) => servers.find((server) => server.id === id)).filter((server): server is ServerView => !!server);

  const onKeyDown = (event: KeyboardEvent): void => {
    const index = open.findIndex((server) => server.id === activeServerId);
    let next: ServerView | undefined;
    if (event.key === 'ArrowRight') next = open[(index + 1) % open.length];
    else if (event.key === 'ArrowLeft') next = open[(index - 1 + open.length) % open.length];
    if (!next) return;
    event.preventDefault();
    const target = next;
    void switchServer(target.id).then(() => document.getElementById(`server-tab-${target.id}`)?.focus());
  };

  return (
    <div className="server-tabs" role="tablist" aria-label="Open servers" onKeyDown={onKeyDown}>
      {open.map((server) => {
        const active = server.id === activeServerId;
        const dirty = Object.keys(unsaved[server.id] ?? {}).length > 0;
        return (
          <div key={server.id} className={`server-tab${active ? ' server-tab--active' : ''}`} style={{ ['--server-color' as string]: server.color }} role="presentation">
            <button
              type="button"
              role="tab"
              id={`server-tab-${server.id}`}
              aria-selected={active}
              tabIndex={active ? 0 : -1}
              className="server-tab__button"
              onClick={() => void switchServer(server.id)}
              aria-label={server.name}
              aria-describedby={dirty ? `server-tab-${server.id}-dirty` : undefined}
            >
              <span className="server-tab__swatch" aria-hidden="true" />
              {server.name}
              {server.environment === 'production' && (
                <span className="server-tab__prod" title="Production">
                  PROD
                </span>
              )}
              {dirty && (
                <span className="server-tab__dirty" id={`server-tab-${server.id}-dirty`} title="Unsaved changes">
                  <span aria-hidden="true">●</span>
                  <span className="visually-hidden">unsaved changes</span>
                </span>
              )}
            </button>
            <IconButton icon="close" size="sm" className="server-tab__close" label={`Close ${server.name}`} onClick={() => void closeServerTab(server.id, server.name)} />
          </div>
        );
      })}
    </div>
  );
}
