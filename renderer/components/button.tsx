// Buttons: text buttons with variants, icon-only buttons (a label is required: it becomes the
// accessible name and the tooltip, with the shortcut), and a write button that honours the
// server's read-only policy.
import { forwardRef, type ButtonHTMLAttributes, type ReactNode } from 'react';
import type { ServerView } from '../../main/contract/servers';
import { writePolicy } from '../lib/servers';
import { ariaShortcut, formatShortcut } from '../lib/shortcuts';
import { Icon, type IconName } from './icons';
import './button.css';

export type ButtonVariant = 'primary' | 'secondary' | 'danger' | 'ghost';

export interface ButtonProps extends ButtonHTMLAttributes<HTMLButtonElement> {
  variant?: ButtonVariant;
  size?: 'sm' | 'md';
  icon?: IconName;
  /** Shows a spinner and blocks clicks (the label stays for screen readers). */
  busy?: boolean;
  /** e.g. 'Mod+S': shown in the tooltip and exposed as aria-keyshortcuts. */
  shortcut?: string;
  /** When set the button is disabled and this explains why (tooltip). */
  disabledReason?: string;
}

function classes(variant: ButtonVariant, size: 'sm' | 'md', extra?: string): string {
  return ['btn', `btn--${variant}`, size === 'sm' ? 'btn--sm' : '', extra ?? ''].filter(Boolean).join(' ');
}

export const Button = forwardRef<HTMLButtonElement, ButtonProps>(function Button(
  { variant = 'secondary', size = 'md', icon, busy, shortcut, disabledReason, className, children, title, disabled, type = 'button', onClick, ...rest },
  ref,
) {
  const off = disabled || !!disabledReason;
  const tooltip = disabledReason ?? (title ?? (shortcut && typeof children === 'string' ? `${children} (${formatShortcut(shortcut)})` : undefined));
  return (
    <button
      ref={ref}
      type={type}
      className={classes(variant, size, className)}
      title={tooltip}
      disabled={off}
      aria-busy={busy || undefined}
      aria-keyshortcuts={shortcut ? ariaShortcut(shortcut) : undefined}
      onClick={busy ? undefined : onClick}
      {...rest}
    >
      {busy ? <span className="btn__spinner" aria-hidden="true" /> : icon ? <Icon name={icon} /> : null}
      {children}
    </button>
  );
});

export interface IconButtonProps extends Omit<ButtonProps, 'children' | 'icon'> {
  icon: IconName;
  /** Accessible name and tooltip. */
  label: string;
  children?: ReactNode;
}

export const IconButton = forwardRef<HTMLButtonElement, IconButtonProps>(function IconButton(
  { icon, label, shortcut, variant = 'ghost', size = 'md', className, disabledReason, busy, children, ...rest },
  ref,
) {
  return (
    <Button
      ref={ref}
      variant={variant}
      size={size}
      className={['icon-btn', className ?? ''].join(' ')}
      aria-label={label}
      title={disabledReason ?? (shortcut ? `${label} (${formatShortcut(shortcut)})` : label)}
      shortcut={shortcut}
      busy={busy}
      disabledReason={disabledReason}
      {...rest}
    >
      {busy ? null : <Icon name={icon} />}
      {children}
    </Button>
  );
});

/**
 * A button for a write (create, save, delete…). On a read-only server it is disabled with the
 * reason, or not rendered at all with `hideWhenReadOnly`.
 */
export const WriteButton = forwardRef<HTMLButtonElement, ButtonProps & { server: ServerView | undefined; hideWhenReadOnly?: boolean }>(function WriteButton(
  { server, hideWhenReadOnly, disabledReason, ...rest },
  ref,
) {
  const policy = writePolicy(server);
  if (!policy.canWrite && hideWhenReadOnly) return null;
  return <Button ref={ref} disabledReason={policy.canWrite ? disabledReason : policy.reason} {...rest} />;
});
