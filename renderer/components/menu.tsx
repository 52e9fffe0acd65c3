// A menu button (ARIA menu button pattern): opens a list of commands, ↑/↓ move, Enter runs, Esc
// closes and returns focus to the button.
import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { formatShortcut } from '../lib/shortcuts';
import { Button, type ButtonProps } from './button';
import { Icon, type IconName } from './icons';
import './menu.css';

export interface MenuItem {
  id: string;
  label: string;
  icon?: IconName;
  shortcut?: string;
  danger?: boolean;
  /** When set the item is disabled and this explains why. */
  disabledReason?: string;
  hidden?: boolean;
  onSelect(): void;
}

export function MenuButton({ label, items, icon = 'more', iconOnly = true, size = 'md', variant = 'ghost' }: { label: string; items: MenuItem[]; icon?: IconName; iconOnly?: boolean } & Pick<ButtonProps, 'size' | 'variant'>) {
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const menuRef = useRef<HTMLDivElement>(null);
  const menuId = useId();
  const visible = items.filter((item) => !item.hidden);

  // The list is a popover in the top layer, placed under the button: it escapes clipping
  // containers (table cells) and shows above dialogs.
  useEffect(() => {
    const menu = menuRef.current;
    const button = buttonRef.current;
    if (!open || !menu || !button) return;
    if (!menu.matches(':popover-open')) menu.showPopover();
    const place = (): void => {
      const rect = button.getBoundingClientRect();
      const width = menu.offsetWidth;
      const height = menu.offsetHeight;
      const left = Math.max(4, Math.min(rect.right - width, window.innerWidth - width - 4));
      const below = rect.bottom + 4;
      const top = below + height > window.innerHeight - 4 ? Math.max(4, rect.top - height - 4) : below;
      menu.style.left = `${left}px`;
      menu.style.top = `${top}px`;
    };
    place();
    window.addEventListener('resize', place);
    window.addEventListener('scroll', place, true);
    return () => {
      window.removeEventListener('resize', place);
      window.removeEventListener('scroll', place, true);
    };
  }, [open]);

  useEffect(() => {
    if (!open) return;
    menuRef.current?.querySelectorAll<HTMLElement>('[role="menuitem"]')[active]?.focus();
  }, [open, active]);

  useEffect(() => {
    if (!open) return;
    const onPointer = (event: PointerEvent): void => {
      if (!menuRef.current?.contains(event.target as Node) && !buttonRef.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', onPointer);
    return () => document.removeEventListener('pointerdown', onPointer);
  }, [open]);

  const close = (): void => {
    setOpen(false);
    buttonRef.current?.focus();
  };
  const run = (item: MenuItem): void => {
    if (item.disabledReason) return;
    close();
    item.onSelect();
  };
  const onMenuKey = (event: KeyboardEvent): void => {
    if (event.key === 'ArrowDown') setActive((index) => (index + 1) % visible.length);
    else if (event.key === 'ArrowUp') setActive((index) => (index - 1 + visible.length) % visible.length);
    else if (event.key === 'Home') setActive(0);
    else if (event.key === 'End') setActive(visible.length - 1);
    else if (event.key === 'Escape' || event.key === 'Tab') close();
    else return;
    event.preventDefault();
    event.stopPropagation();
  };

  return (
    <span className="menu">
      <Button
        ref={buttonRef}
        variant={variant}
        size={size}
        className={iconOnly ? 'icon-btn' : undefined}
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        aria-label={iconOnly ? label : undefined}
        title={label}
        icon={iconOnly ? undefined : icon}
        onClick={() => {
          setActive(0);
          setOpen((value) => !value);
        }}
        onKeyDown={(event) => {
          if (event.key === 'ArrowDown') {
            event.preventDefault();
            setActive(0);
            setOpen(true);
          }
        }}
      >
        {iconOnly ? <Icon name={icon} /> : label}
      </Button>
      {open && (
        <div className="menu__list" role="menu" id={menuId} aria-label={label} ref={menuRef} onKeyDown={onMenuKey} popover="manual">
          {visible.map((item, index) => (
            <button
              key={item.id}
              type="button"
              role="menuitem"
              tabIndex={index === active ? 0 : -1}
              aria-disabled={item.disabledReason ? true : undefined}
              title={item.disabledReason}
              className={['menu__item', item.danger ? 'menu__item--danger' : ''].join(' ')}
              onClick={() => run(item)}
              onMouseEnter={() => setActive(index)}
            >
              {item.icon ? <Icon name={item.icon} /> : <span className="menu__spacer" />}
              <span className="menu__label">{item.label}</span>
              {item.shortcut && <span className="menu__shortcut">{formatShortcut(item.shortcut)}</span>}
            </button>
          ))}
        </div>
      )}
    </span>
  );
}
