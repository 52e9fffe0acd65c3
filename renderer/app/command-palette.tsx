// Ctrl/Cmd+K: one box that finds servers, namespaces and flows of the active server, and every
// command. Typing '>' first lists commands only. ↑/↓ choose, Enter runs, Esc closes.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useDeferredValue, useEffect, useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { ServerView } from '../../main/contract/servers';
import { Dialog } from '../components/dialog';
import { Icon, type IconName } from '../components/icons';
import { Kbd } from '../components/misc';
import { canPerform, useActionRegistry } from '../lib/actions';
import { call } from '../lib/call';
import { fuzzyFilter } from '../lib/fuzzy';
import { namespacesQueryOptions } from '../lib/namespaces';
import { kestraKeys } from '../lib/query-keys';
import { environmentLabel } from '../lib/servers';
import { useWorkspace } from '../lib/workspace-store';
import { currentActionContext } from './global-shortcuts';
import { preloadPanes } from './pane-registry';
import { switchServer } from './server-switch';
import { useShell } from './shell-state';
import './command-palette.css';

interface PaletteItem {
  id: string;
  group: string;
  label: string;
  detail?: string;
  icon: IconName;
  shortcut?: string;
  /** Text the query is matched against. */
  search: string;
  run(): void;
}

const MAX_PER_GROUP = 8;

export function CommandPalette({ servers }: { servers: readonly ServerView[] }) {
  const query0 = useShell((state) => state.paletteQuery);
  const close = useShell((state) => state.closePalette);
  const [query, setQuery] = useState(query0);
  const [active, setActive] = useState(0);
  const listId = useId();
  const listRef = useRef<HTMLUListElement>(null);
  const queryClient = useQueryClient();
  const sources = useActionRegistry((state) => state.sources);
  const activeServerId = useWorkspace((state) => state.activeServerId);
  const deferred = useDeferredValue(query);
  const commandsOnly = deferred.startsWith('>');
  const text = commandsOnly ? deferred.slice(1) : deferred;

  useEffect(() => preloadPanes(), []);

  const namespaces = useQuery({ ...namespacesQueryOptions(activeServerId ?? ''), enabled: !!activeServerId && !commandsOnly });
  const flowQuery = text.trim();
  const flows = useQuery({
    queryKey: [...kestraKeys.flows(activeServerId ?? ''), 'palette', flowQuery],
    queryFn: ({ signal }) => call('flows.search', { serverId: activeServerId!, q: flowQuery || undefined, size: 20, sort: ['id:asc'] }, { signal }),
    enabled: !!activeServerId && !commandsOnly,
    staleTime: 15_000,
    placeholderData: (previous) => previous,
  });

  const items = useMemo((): PaletteItem[] => {
    const context = currentActionContext(servers, queryClient);
    const navigate = useWorkspace.getState();
    const result: PaletteItem[] = [];
    const add = (group: string, candidates: PaletteItem[], limit = MAX_PER_GROUP): void => {
      result.push(...fuzzyFilter(candidates, text, (item) => item.search).slice(0, limit).map((item) => ({ ...item, group })));
    };
    if (!commandsOnly) {
      add(
        'Servers',
        servers.map((server, index) => ({
          id: `server:${server.id}`,
          group: 'Servers',
          label: server.name,
          detail: `${environmentLabel(server)} · ${server.url}`,
          icon: 'server',
          shortcut: index < 9 ? `Mod+${index + 1}` : undefined,
          search: `${server.name} ${server.url} ${server.environment}`,
          run: () => void switchServer(server.id),
        })),
      );
      if (activeServerId) {
        add(
          'Namespaces',
          (namespaces.data ?? []).map((namespace) => ({
            id: `namespace:${namespace}`,
            group: 'Namespaces',
            label: namespace,
            icon: 'folder',
            search: namespace,
            run: () => navigate.selectNamespace(activeServerId, namespace),
          })),
        );
        // The server already filtered flows by the query; rank them locally too.
        add(
          'Flows',
          (flows.data?.results ?? []).map((flow) => ({
            id: `flow:${flow.namespace}/${flow.id}`,
            group: 'Flows',
            label: flow.id,
            detail: flow.namespace,
            icon: 'flow',
            search: `${flow.namespace}.${flow.id} ${flow.id}`,
            run: () => {
              navigate.selectNamespace(activeServerId, flow.namespace);
              navigate.navigate(activeServerId, { pane: 'flows', params: { namespace: flow.namespace, flowId: flow.id, view: 'editor' } });
            },
          })),
        );
      }
    }
    const seen = new Set<string>();
    const commands: PaletteItem[] = [];
    for (const action of Object.values(sources).reverse().flat()) {
      if (seen.has(action.id)) continue;
      seen.add(action.id);
      if (!canPerform(action, context)) continue;
      commands.push({
        id: `action:${action.id}`,
        group: 'Commands',
        label: action.label,
        detail: action.group,
        icon: 'command',
        shortcut: action.shortcut,
        search: `${action.label} ${action.group ?? ''} ${(action.keywords ?? []).join(' ')}`,
        run: () => void action.perform(currentActionContext(servers, queryClient)),
      });
    }
    add('Commands', commands, commandsOnly || text ? 30 : 12);
    return result;
  }, [servers, queryClient, text, commandsOnly, activeServerId, namespaces.data, flows.data, sources]);

  const safeActive = Math.min(active, Math.max(0, items.length - 1));
  useEffect(() => {
    listRef.current?.querySelector(`[data-index="${safeActive}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [safeActive]);

  const run = (item: PaletteItem | undefined): void => {
    if (!item) return;
    close();
    // Let the dialog close (and return focus) before the command opens anything of its own.
    setTimeout(() => item.run(), 0);
  };

  const onKeyDown = (event: KeyboardEvent): void => {
    if (event.key === 'ArrowDown') setActive((safeActive + 1) % Math.max(1, items.length));
    else if (event.key === 'ArrowUp') setActive((safeActive - 1 + items.length) % Math.max(1, items.length));
    else if (event.key === 'PageDown') setActive(Math.min(items.length - 1, safeActive + 8));
    else if (event.key === 'PageUp') setActive(Math.max(0, safeActive - 8));
    else if (event.key === 'Enter') run(items[safeActive]);
    else return;
    event.preventDefault();
  };

  let lastGroup = '';
  return (
    <Dialog title="Command palette" onClose={close} className="palette" initialFocus=".palette__input">
      <input
        className="palette__input"
        type="text"
        role="combobox"
        aria-label="Search servers, namespaces, flows and commands"
        aria-expanded="true"
        aria-controls={listId}
        aria-activedescendant={items.length ? `${listId}-${safeActive}` : undefined}
        aria-autocomplete="list"
        placeholder="Search servers, namespaces, flows… (type > for commands)"
        value={query}
        onChange={(event) => {
          setQuery(event.target.value);
          setActive(0);
        }}
        onKeyDown={onKeyDown}
        autoComplete="off"
        spellCheck={false}
      />
      <ul className="palette__list" role="listbox" id={listId} aria-label="Results" ref={listRef}>
        {items.length === 0 && (
          <li className="palette__empty" role="presentation">
            {flows.isFetching || namespaces.isFetching ? 'Searching…' : 'Nothing matches.'}
          </li>
        )}
        {items.map((item, index) => {
          const heading = item.group !== lastGroup ? item.group : undefined;
          lastGroup = item.group;
          return (
            <li key={item.id} role="presentation">
              {heading && (
                <div className="palette__group" role="presentation">
                  {heading}
                </div>
              )}
              <div
                id={`${listId}-${index}`}
                data-index={index}
                role="option"
                aria-selected={index === safeActive}
                aria-label={`${item.group.replace(/s$/, '')}: ${item.label}${item.detail ? `, ${item.detail}` : ''}`}
                className={`palette__item${index === safeActive ? ' palette__item--active' : ''}`}
                onMouseMove={() => index !== safeActive && setActive(index)}
                onClick={() => run(item)}
              >
                <Icon name={item.icon} />
                <span className="palette__label">{item.label}</span>
                {item.detail && <span className="palette__detail">{item.detail}</span>}
                {item.shortcut && <Kbd shortcut={item.shortcut} />}
              </div>
            </li>
          );
        })}
      </ul>
    </Dialog>
  );
}
