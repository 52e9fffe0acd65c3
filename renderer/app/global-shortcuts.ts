// One keyboard handler for the whole window, in the capture phase so it runs before Monaco (which
// would otherwise take Ctrl/Cmd+K as a chord, for instance): Mod+K palette, Mod+1..9 servers, and
// every registered action's shortcut.
import { useEffect } from 'react';
import type { ServerView } from '../../main/contract/servers';
import { allActions } from '../lib/actions';
import type { ActionContext } from '../lib/pane';
import { isMacPlatform, matchesShortcut } from '../lib/shortcuts';
import { useWorkspace } from '../lib/workspace-store';
import { switchServer } from './server-switch';
import { useShell } from './shell-state';

export function currentActionContext(servers: readonly ServerView[] | undefined): ActionContext {
  const { activeServerId, tabs } = useWorkspace.getState();
  const server = servers?.find((candidate) => candidate.id === activeServerId);
  const tab = activeServerId ? tabs[activeServerId] : undefined;
  return { server, namespace: tab?.namespace, location: tab?.location };
}

export function useGlobalShortcuts(servers: readonly ServerView[] | undefined): void {
  useEffect(() => {
    const mac = isMacPlatform();
    const onKeyDown = (event: KeyboardEvent): void => {
      if (event.defaultPrevented || event.isComposing) return;
      const stop = (): void => {
        event.preventDefault();
        event.stopPropagation();
      };
      const modalOpen = !!document.querySelector('dialog[open]');
      if (matchesShortcut(event, 'Mod+K', mac)) {
        stop();
        const shell = useShell.getState();
        if (shell.paletteOpen) shell.closePalette();
        else if (!modalOpen) shell.openPalette();
        return;
      }
      // Inside a dialog, keys belong to the dialog.
      if (modalOpen) return;
      const digit = /^Digit([1-9])$/.exec(event.code);
      if (digit && (mac ? event.metaKey && !event.ctrlKey : event.ctrlKey && !event.metaKey) && !event.altKey && !event.shiftKey) {
        const target = servers?.[Number(digit[1]) - 1];
        if (target) {
          stop();
          void switchServer(target.id);
        }
        return;
      }
      if (!event.ctrlKey && !event.metaKey && !event.altKey && !/^F\d+$/.test(event.key)) return;
      const context = currentActionContext(servers);
      for (const action of allActions()) {
        if (!action.shortcut || !matchesShortcut(event, action.shortcut, mac)) continue;
        if (action.isAvailable && !action.isAvailable(context)) continue;
        stop();
        void action.perform(context);
        return;
      }
    };
    window.addEventListener('keydown', onKeyDown, { capture: true });
    return () => window.removeEventListener('keydown', onKeyDown, { capture: true });
  }, [servers]);
}
