// What the shell gives every pane, and what a pane gives the shell (its commands).
import type { ComponentType } from 'react';
import type { ServerView } from '../../main/contract/servers';
import type { PaneId, PaneLocation } from './workspace-store';

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
  /** The pane's commands, for the command palette and the shortcut handler. */
  actions?: ConsoleAction[];
}

/**
 * A user command, defined once and read by toolbar, menu, shortcut handler and command palette
 * alike (after excalidraw's actions).
 */
export interface ConsoleAction {
  id: string;
  label: string;
  /** e.g. 'Mod+S' (Mod = Ctrl, or Cmd on macOS). */
  shortcut?: string;
  /** Extra words the command palette matches. */
  keywords?: string[];
  /** Palette group heading, e.g. 'Flows'; defaults to the pane's label. */
  group?: string;
  /** When false the action is hidden from the palette and its shortcut does nothing. */
  isAvailable?(context: ActionContext): boolean;
  perform(context: ActionContext): void | Promise<void>;
}

export interface ActionContext {
  server?: ServerView;
  namespace?: string;
  location?: PaneLocation;
}

/** Helper for actions: is this pane the one showing? */
export function isPaneActive(context: ActionContext, pane: PaneId): boolean {
  return context.location?.pane === pane;
}
