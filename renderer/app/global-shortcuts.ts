// One keyboard handler for the whole window, in the capture phase so it runs before Monaco (which
// would otherwise take Ctrl/Cmd+K as a chord, for instance): Mod+K palette, Mod+1..9 servers, and
// every registered action's shortcut.
import { useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { ServerView } from '../../main/contract/servers';
import { notify } from '../components/toasts';
import { allActions, isActionAvailable, type ActionContext } from '../lib/actions';
import { isMacPlatform, matchesShortcut } from '../lib/shortcuts';
import { useWorkspace } from '../lib/workspace-store';
import { switchServer } from './server-switch';
import { useShell } from './shell-state';

/** The active server tab, as the palette and the shortcut handler give it to actions. */
export function currentActionContext(servers: readonly ServerView[] | undefined, queryClient: QueryClient): ActionContext {
  const { activeServerId, tabs } = useWorkspace.getState();
  const server = servers?.find((candidate) => candidate.id === activeServerId);
  const tab = activeServerId ? tabs[activeServerId] : undefined;
  return { server, namespace: tab?.namespace, location: tab?.location, queryClient };
}

export function useGlobalShortcuts(servers: readonly ServerView[] | undefined): void {
  const queryClient = useQueryClient();
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
      const context = currentActionContext(servers, queryClient);
      for (const action of allActions()) {
        if (!action.shortcut || !matchesShortcut(event, action.shortcut, mac)) continue;
        if (!isActionAvailable(action, context)) continue;
        stop();
        // The key is taken (no browser "save page" for Mod+S), and the user hears why nothing ran.
        const reason = action.disabledReason?.(context);
        if (reason) notify({ kind: 'warning', title: `${action.label}: not now`, message: reason, timeoutMs: 3000 });
        else void action.perform(context);
        return;
      }
    };
    window.addEventListener('keydown', onKeyDown, { capture: true });
    return () => window.removeEventListener('keydown', onKeyDown, { capture: true });
  }, [servers, queryClient]);
}
