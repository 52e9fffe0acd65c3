// Toolbars and menus render actions (renderer/lib/actions.ts) instead of wiring their own onClick:
// the label, shortcut, predicate and perform come from the one definition the command palette and
// the shortcut handler use too. The button is hidden where the action does not apply, disabled
// with its reason where it cannot run, and busy while a returned promise is pending.
import { useState, type ReactNode } from 'react';
import { isActionAvailable, type ActionContext, type ConsoleAction } from '../lib/actions';
import { Button, IconButton, type ButtonProps } from './button';
import type { IconName } from './icons';
import type { MenuItem } from './menu';

type ActionButtonProps = Omit<ButtonProps, 'onClick' | 'children' | 'shortcut'> & {
  action: ConsoleAction;
  context: ActionContext;
  /** Text other than the action's (an empty state's call to action, say). */
  children?: ReactNode;
  /** Render as an icon button (the action's label becomes its accessible name). */
  iconOnly?: boolean;
  icon?: IconName;
};

export function ActionButton({ action, context, iconOnly, icon, disabledReason, busy, children, ...rest }: ActionButtonProps) {
  const [running, setRunning] = useState(false);
  if (!isActionAvailable(action, context)) return null;
  const reason = action.disabledReason?.(context) ?? disabledReason;
  const onClick = async (): Promise<void> => {
    setRunning(true);
    try {
      await action.perform(context);
    } finally {
      setRunning(false);
    }
  };
  const common = { ...rest, shortcut: action.shortcut, disabledReason: reason, busy: busy || running, onClick: () => void onClick() };
  if (iconOnly) return <IconButton {...common} icon={icon ?? 'command'} label={action.label} />;
  return (
    <Button {...common} icon={icon}>
      {children ?? action.shortLabel ?? action.label}
    </Button>
  );
}

/** A menu item for an action (hidden or disabled by its predicates), with the toolbar's short text. */
export function actionMenuItem(action: ConsoleAction, context: ActionContext, extra: Pick<MenuItem, 'icon' | 'danger'> = {}): MenuItem {
  return {
    id: action.id,
    label: action.shortLabel ?? action.label,
    shortcut: action.shortcut,
    hidden: !isActionAvailable(action, context),
    disabledReason: action.disabledReason?.(context),
    onSelect: () => void action.perform(context),
    ...extra,
  };
}
