// A modal dialog on the native <dialog> element: showModal() makes the rest of the window inert
// (so Tab stays inside), Esc closes, focus moves in on open and returns to the opener on close.
// Callers mount it to open it and unmount it to close it.
import { useEffect, useId, useRef, type ReactNode } from 'react';
import { IconButton } from './button';
import './dialog.css';

export interface DialogProps {
  title: ReactNode;
  /** Called on Esc, the close button, or when the dialog closes by itself. */
  onClose(): void;
  description?: ReactNode;
  children?: ReactNode;
  footer?: ReactNode;
  size?: 'sm' | 'md' | 'lg' | 'full';
  /** CSS selector (inside the dialog) of the element to focus first; else the first field or button. */
  initialFocus?: string;
  /** While true, Esc and the close button do nothing (e.g. during a save). */
  preventClose?: boolean;
  className?: string;
}

const FOCUSABLE = 'input:not([disabled]), select:not([disabled]), textarea:not([disabled]), button:not([disabled]), [tabindex]:not([tabindex="-1"])';

export function Dialog({ title, onClose, description, children, footer, size = 'md', initialFocus, preventClose, className }: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const descriptionId = useId();
  const onCloseRef = useRef(onClose);
  const preventRef = useRef(preventClose);
  useEffect(() => {
    onCloseRef.current = onClose;
    preventRef.current = preventClose;
  });

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (!dialog.open) dialog.showModal();
    const body = dialog.querySelector('.dialog__body');
    const target =
      (initialFocus ? dialog.querySelector<HTMLElement>(initialFocus) : null) ??
      body?.querySelector<HTMLElement>(FOCUSABLE) ??
      dialog.querySelector<HTMLElement>('.dialog__footer ' + FOCUSABLE);
    target?.focus();
    const onCancel = (event: Event): void => {
      event.preventDefault();
      if (!preventRef.current) onCloseRef.current();
    };
    // The browser may close a modal by itself (repeated Esc without user activation).
    const onNativeClose = (): void => onCloseRef.current();
    dialog.addEventListener('cancel', onCancel);
    dialog.addEventListener('close', onNativeClose);
    return () => {
      dialog.removeEventListener('cancel', onCancel);
      dialog.removeEventListener('close', onNativeClose);
      if (dialog.open) dialog.close();
      if (opener?.isConnected) opener.focus();
    };
    // Opening happens once per mount; initialFocus is read only then on purpose.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  return (
    <dialog
      ref={ref}
      className={['dialog', `dialog--${size}`, className ?? ''].join(' ')}
      aria-labelledby={titleId}
      aria-describedby={description ? descriptionId : undefined}
    >
      <div className="dialog__frame">
        <div className="dialog__header">
          <h2 id={titleId}>{title}</h2>
          <IconButton icon="close" label="Close dialog" size="sm" onClick={() => !preventClose && onClose()} disabled={preventClose} />
        </div>
        {description && (
          <p className="dialog__description" id={descriptionId}>
            {description}
          </p>
        )}
        <div className="dialog__body">{children}</div>
        {footer && <div className="dialog__footer">{footer}</div>}
      </div>
    </dialog>
  );
}
