// What the shell gives every pane, and what a pane gives the shell (its actions).
import type { ComponentType } from 'react';
import type { ServerView } from '../../main/contract/servers';
import type { ConsoleAction } from './actions';
import type { PaneLocation } from './workspace-store';

export interface PaneProps {
  server: ServerView;
  /** Namespace chosen in the shared namespace browser, if any. */
  namespace?: string;
  /** This pane's own location params (e.g. { executionId }). */
  location: PaneLocation;
}

/** What `renderer/features/<pane>/index.tsx` exports. */
export interface PaneModule {
  default: ComponentType<PaneProps>;
  /** The pane's actions (from its actions module), for the command palette and the shortcut handler. */
  actions?: ConsoleAction[];
}
