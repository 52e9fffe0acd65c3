// The fleet view in the shell: its module (features/fleet) loads on first use and registers its
// commands; and the layout switches (Fleet, Split) beside the server tabs.
import { useEffect, useState, type ComponentType } from 'react';
import type { ServerView } from '../../main/contract/servers';
import { Button } from '../components/button';
import { ErrorView } from '../components/error-view';
import { Loading } from '../components/misc';
import type * as FleetModuleType from '../features/fleet';
import { useActionRegistry } from '../lib/actions';
import { useLayout } from '../lib/layout-store';
import { splitPartner } from './layout-actions';
import './layout.css';

type FleetModule = typeof FleetModuleType;

let loading: Promise<FleetModule> | undefined;
/** The module once loaded: the host then renders it in its first pass, without a loading frame. */
let loaded: FleetModule | undefined;

export function loadFleet(): Promise<FleetModule> {
  loading ??= import('../features/fleet').then((module) => {
    useActionRegistry.getState().register('fleet', module.actions);
    loaded = module;
    return module;
  });
  loading.catch(() => (loading = undefined));
  return loading;
}

export function FleetHost({ servers }: { servers: readonly ServerView[] }) {
  const [View, setView] = useState<ComponentType<{ servers: readonly ServerView[] }> | undefined>(() => loaded?.default);
  const [error, setError] = useState<unknown>();
  useEffect(() => {
    if (loaded) return;
    let live = true;
    loadFleet().then(
      (module) => live && setView(() => module.default),
      (loadError: unknown) => live && setError(loadError),
    );
    return () => {
      live = false;
    };
  }, []);
  if (error) return <ErrorView error={error} title="The fleet could not be loaded" onRetry={() => window.location.reload()} />;
  if (!View) return <Loading label="Loading the fleet…" />;
  return <View servers={servers} />;
}

/** Fleet and Split toggles, beside the server tabs. */
export function LayoutToolbar({ servers }: { servers: readonly ServerView[] }) {
  const view = useLayout((state) => state.view);
  const split = useLayout((state) => state.split.on);
  const showFleet = useLayout((state) => state.showFleet);
  const showServers = useLayout((state) => state.showServers);
  const toggleSplit = useLayout((state) => state.toggleSplit);
  const partner = splitPartner(servers);
  return (
    <div className="layout-toolbar" role="toolbar" aria-label="Layout">
      <Button size="sm" variant="ghost" icon="layers" aria-pressed={view === 'fleet'} shortcut="Alt+0" onClick={() => (view === 'fleet' ? showServers() : showFleet())}>
        Fleet
      </Button>
      <Button
        size="sm"
        variant="ghost"
        icon="list"
        aria-pressed={split && view === 'servers'}
        shortcut="Mod+\"
        disabledReason={!split && !partner ? 'Add a second server to see two side by side.' : undefined}
        onClick={() => toggleSplit(partner)}
      >
        Split
      </Button>
    </div>
  );
}
