// Notifications: `notify({...})` from anywhere (also outside React), shown by <ToastHost/> in the
// shell. Errors stay until dismissed; others fade after a few seconds unless hovered or focused.
// An `action` (e.g. Undo) runs once and dismisses the toast.
import { useEffect, useRef, useState } from 'react';
import { create } from 'zustand';
import { IconButton, Button } from './button';
import { Icon, type IconName } from './icons';
import './toasts.css';

export type ToastKind = 'info' | 'success' | 'warning' | 'error';

export interface ToastOptions {
  kind?: ToastKind;
  title: string;
  message?: string;
  action?: { label: string; run(): void | Promise<void> };
  /** Milliseconds before it fades; 0 keeps it until dismissed. Default: 6 s (errors: 0). */
  timeoutMs?: number;
}

interface Toast extends ToastOptions {
  id: number;
  kind: ToastKind;
}

interface ToastState {
  toasts: Toast[];
}

const useToastStore = create<ToastState>(() => ({ toasts: [] }));
let nextId = 1;
const MAX_TOASTS = 5;

/** Shows a toast; returns its id (for dismissToast). */
export function notify(options: ToastOptions): number {
  const id = nextId++;
  const toast: Toast = { ...options, id, kind: options.kind ?? 'info' };
  useToastStore.setState((state) => ({ toasts: [...state.toasts, toast].slice(-MAX_TOASTS) }));
  return id;
}

export function dismissToast(id: number): void {
  useToastStore.setState((state) => ({ toasts: state.toasts.filter((toast) => toast.id !== id) }));
}

const ICONS: Record<ToastKind, IconName> = { info: 'info', success: 'check', warning: 'warning', error: 'error' };

export function ToastHost() {
  const toasts = useToastStore((state) => state.toasts);
  return (
    <section className="toasts" aria-label="Notifications">
      {/* Two live regions: errors interrupt, the rest wait their turn. */}
      <div role="alert" className="toasts__list">
        {toasts
          .filter((toast) => toast.kind === 'error')
          .map((toast) => (
            <ToastItem key={toast.id} toast={toast} />
          ))}
      </div>
      <div role="status" className="toasts__list">
        {toasts
          .filter((toast) => toast.kind !== 'error')
          .map((toast) => (
            <ToastItem key={toast.id} toast={toast} />
          ))}
      </div>
    </section>
  );
}

function ToastItem({ toast }: { toast: Toast }) {
  const [paused, setPaused] = useState(false);
  const [running, setRunning] = useState(false);
  const timeout = toast.timeoutMs ?? (toast.kind === 'error' ? 0 : toast.action ? 10_000 : 6_000);
  const remaining = useRef(timeout);
  useEffect(() => {
    if (timeout === 0 || paused) return;
    const started = Date.now();
    const timer = setTimeout(() => dismissToast(toast.id), remaining.current);
    return () => {
      clearTimeout(timer);
      remaining.current -= Date.now() - started;
    };
  }, [paused, timeout, toast.id]);

  return (
    <div
      className={`toast toast--${toast.kind}`}
      onMouseEnter={() => setPaused(true)}
      onMouseLeave={() => setPaused(false)}
      onFocus={() => setPaused(true)}
      onBlur={() => setPaused(false)}
    >
      <Icon name={ICONS[toast.kind]} className="toast__icon" />
      <div className="toast__text">
        <strong>{toast.title}</strong>
        {toast.message && <span className="toast__message">{toast.message}</span>}
      </div>
      {toast.action && (
        <Button
          size="sm"
          busy={running}
          onClick={async () => {
            setRunning(true);
            try {
              await toast.action!.run();
            } finally {
              dismissToast(toast.id);
            }
          }}
        >
          {toast.action.label}
        </Button>
      )}
      <IconButton icon="close" size="sm" label={`Dismiss notification: ${toast.title}`} onClick={() => dismissToast(toast.id)} />
    </div>
  );
}
