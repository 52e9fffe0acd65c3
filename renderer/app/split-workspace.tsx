// Two servers side by side, each with its own pane and namespace (each side is an ordinary server
// workspace, with its own colour and production banner). The focused side is the active server:
// the palette, the shortcuts and the status bar act there. F6 moves focus, Shift+F6 swaps the
// sides; the split is remembered (lib/layout-store.ts).
import { lazy, Suspense, type ReactNode } from 'react';
import { create } from 'zustand';
import type { ServerView } from '../../main/contract/servers';
import { IconButton } from '../components/button';
import { EnvironmentBadge } from '../components/misc';
import { SplitPane } from '../components/splitter';
import { otherSide, useLayout, type Side } from '../lib/layout-store';
import { formatShortcut } from '../lib/shortcuts';
import { useWorkspace } from '../lib/workspace-store';
import { ServerWorkspace } from './server-workspace';

const SplitCompareDialog = lazy(() => import('../features/fleet').then((module) => ({ default: module.SplitCompareDialog })));

interface SplitCompareState {
  isOpen: boolean;
  open(): void;
  close(): void;
}

export const useSplitCompare = create<SplitCompareState>((set) => ({ isOpen: false, open: () => set({ isOpen: true }), close: () => set({ isOpen: false }) }));

/** What the focused side shows, as something to compare (a flow, a file, a KV key), if anything. */
function focusedTarget(serverId: string | undefined) {
  const tab = serverId ? useWorkspace.getState().tabs[serverId] : undefined;
  const params = tab?.location.params ?? {};
  const namespace = params.namespace ?? tab?.namespace;
  if (!namespace) return undefined;
  if (tab?.location.pane === 'flows' && params.flowId) return { kind: 'flow' as const, namespace, id: params.flowId };
  if (tab?.location.pane === 'files' && params.path) return { kind: 'file' as const, namespace, path: params.path };
  if (tab?.location.pane === 'kv' && params.key) return { kind: 'kv' as const, namespace, key: params.key };
  return undefined;
}

function SideHeader({ side, server, servers, focused }: { side: Side; server: ServerView; servers: readonly ServerView[]; focused: boolean }) {
  const setSideServer = useLayout((state) => state.setSideServer);
  return (
    <div className="split-side__head" style={{ ['--server-color' as string]: server.color }}>
      <span className="split-side__swatch" aria-hidden="true" />
      <label>
        <span className="visually-hidden">Server on the {side} side</span>
        <select value={server.id} onChange={(event) => setSideServer(side, event.target.value)} aria-label={`Server on the ${side} side`}>
          {servers.map((candidate) => (
            <option key={candidate.id} value={candidate.id}>
              {candidate.name}
            </option>
          ))}
        </select>
      </label>
      <EnvironmentBadge server={server} />
      {focused && <span className="split-side__focused">focused</span>}
    </div>
  );
}

function SplitSide({ side, server, servers, focused }: { side: Side; server: ServerView; servers: readonly ServerView[]; focused: boolean }) {
  const focusSide = useLayout((state) => state.focusSide);
  return (
    <section
      className={`split-side${focused ? ' split-side--focused' : ''}`}
      style={{ ['--server-color' as string]: server.color }}
      aria-label={`${side === 'left' ? 'Left' : 'Right'} side: ${server.name}`}
      data-split-side={side}
      tabIndex={-1}
      // The user moves focus (pointer, Tab); a side's own autofocus on mount (the flow editor's) does not.
      onPointerDownCapture={() => !focused && focusSide(side)}
      onKeyUpCapture={(event) => event.key === 'Tab' && !focused && focusSide(side)}
    >
      <SideHeader side={side} server={server} servers={servers} focused={focused} />
      <div className="split-side__body">
        <ServerWorkspace key={server.id} server={server} />
      </div>
    </section>
  );
}

export function SplitWorkspace({ servers, fallback }: { servers: readonly ServerView[]; fallback: ReactNode }) {
  const split = useLayout((state) => state.split);
  const swapSides = useLayout((state) => state.swapSides);
  const closeSplit = useLayout((state) => state.closeSplit);
  const compareOpen = useSplitCompare((state) => state.isOpen);
  const openCompare = useSplitCompare((state) => state.open);
  const closeCompare = useSplitCompare((state) => state.close);
  const left = servers.find((server) => server.id === split.left);
  const right = servers.find((server) => server.id === split.right);
  if (!left || !right) return <>{fallback}</>;
  const focusedServer = split.focus === 'left' ? left : right;
  return (
    <div className="split-workspace">
      <div className="split-workspace__bar" role="toolbar" aria-label="Split">
        <span className="split-workspace__title">
          {left.name} ↔ {right.name}
        </span>
        <IconButton icon="diff" size="sm" label="Compare across the split" shortcut="Mod+Alt+D" onClick={openCompare} />
        <IconButton icon="refresh" size="sm" label="Swap the sides" shortcut="Shift+F6" onClick={swapSides} />
        <span className="split-workspace__hint">{formatShortcut('F6')} moves focus to the other side</span>
        <IconButton icon="close" size="sm" label="Close the split" shortcut="Mod+\" onClick={closeSplit} />
      </div>
      <SplitPane
        label="Resize the two sides"
        storageKey="split-workspace"
        initialSize={Math.round((window.innerWidth - 230) / 2)}
        minSize={320}
        maxSize={4000}
        first={<SplitSide side="left" server={left} servers={servers} focused={split.focus === 'left'} />}
        second={<SplitSide side="right" server={right} servers={servers} focused={split.focus === 'right'} />}
      />
      {compareOpen && (
        <Suspense fallback={null}>
          <SplitCompareDialog
            left={left}
            right={right}
            initial={focusedTarget(focusedServer.id) ?? focusedTarget(split[otherSide(split.focus)])}
            onClose={closeCompare}
          />
        </Suspense>
      )}
    </div>
  );
}
