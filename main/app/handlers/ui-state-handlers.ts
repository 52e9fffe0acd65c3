// ui.* handlers: the window's own state, kept in the app's data folder (main/app/ui-state-store.ts).
import type { HandlerTable } from '../../ipc/handler-table';
import type { UiStateStore } from '../ui-state-store';

type UiStateHandlers = Pick<HandlerTable, 'ui.loadState' | 'ui.saveState'>;

export function createUiStateHandlers(store: UiStateStore): UiStateHandlers {
  return {
    'ui.loadState': () => store.loadAll(),
    'ui.saveState': async ({ key, value }) => {
      await store.save(key, value);
      return null;
    },
  };
}
