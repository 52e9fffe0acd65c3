// The console's own settings (status bar gear, palette "Settings…"). Today: how many servers stay
// loaded. A change applies at once (servers past the new limit unload) and is kept across restarts.
import { useState } from 'react';
import type { ServerView } from '../../main/contract/servers';
import { Button } from '../components/button';
import { Dialog } from '../components/dialog';
import { Field } from '../components/field';
import { LOADED_SERVERS, saneLoadedServers, useConsoleSettings } from '../lib/console-settings';
import { useWorkspace } from '../lib/workspace-store';
import { loadedServerIds } from './loaded-servers';
import { useResidency } from './server-residency';

export function SettingsDialog({ servers, onClose }: { servers: readonly ServerView[]; onClose(): void }) {
  const saved = useConsoleSettings((state) => state.loadedServers);
  const [text, setText] = useState(String(saved));
  const recent = useResidency((state) => state.recent);
  const activeId = useWorkspace((state) => state.activeServerId);
  const parsed = Number(text);
  const valid = text.trim() !== '' && Number.isInteger(parsed) && parsed >= LOADED_SERVERS.min && parsed <= LOADED_SERVERS.max;
  const loadedNow = loadedServerIds(recent, saved, activeId, servers.map((server) => server.id))
    .map((id) => servers.find((server) => server.id === id)?.name)
    .filter((name): name is string => !!name);

  const apply = (): void => {
    if (!valid) return;
    useConsoleSettings.getState().setLoadedServers(saneLoadedServers(parsed));
    onClose();
  };

  return (
    <Dialog
      title="Settings"
      size="sm"
      onClose={onClose}
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button variant="primary" type="submit" form="console-settings-form" disabled={!valid}>
            Save
          </Button>
        </>
      }
    >
      <form
        id="console-settings-form"
        onSubmit={(event) => {
          event.preventDefault();
          apply();
        }}
      >
        <Field
          label="Servers kept loaded"
          hint={`The most recently used servers stay in memory and switch back at once; the others are unloaded. An unloaded server keeps its tabs, drafts and scroll positions and fetches its data again when you come back. ${LOADED_SERVERS.min} to ${LOADED_SERVERS.max}, default ${LOADED_SERVERS.default}.`}
          error={valid ? undefined : `Enter a whole number from ${LOADED_SERVERS.min} to ${LOADED_SERVERS.max}.`}
        >
          {(props) => (
            <input
              {...props}
              type="number"
              min={LOADED_SERVERS.min}
              max={LOADED_SERVERS.max}
              step={1}
              inputMode="numeric"
              className="settings__number"
              value={text}
              onChange={(event) => setText(event.target.value)}
            />
          )}
        </Field>
        <p className="settings__note" aria-live="polite">
          Loaded now: {loadedNow.length > 0 ? loadedNow.join(', ') : 'none'}.
        </p>
      </form>
    </Dialog>
  );
}
