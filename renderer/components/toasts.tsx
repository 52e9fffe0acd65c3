// Notifications: `notify({...})` from anywhere (also outside React), shown by <ToastHost/> in the
// shell's side column, under the server rail: in the layout, never over the work (the editor's
// problems, the KV table, the upload list). At most three at once: the same notification again
// (same kind and title) joins its group ("×3") instead of stacking, and a fourth pushes out the
// oldest. Every notification fades (errors after 15 s), paused while hovered or focused; only one
// with an action to take may stay until dismissed. Errors that belong to a panel go to that panel,
// not here. An `action` (e.g. Undo) runs once and dismisses the toast.
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
  /**
   * Milliseconds before it fades. Default: 6 s (with an action 10 s, errors 15 s). 0 keeps it
   * until dismissed, and only with an action: anything else fades after 15 s at most.
   */
  timeoutMs?: number;
}

export interface Toast extends ToastOptions {
  id: number;
  kind: ToastKind;
  /** How many times this notification came (grouped). */
  count: number;
  /** Changes each time the group is renewed (restarts its fade). */
  renewedAt: number;
}

interface ToastState {
  toasts: Toast[];
}

export const MAX_TOASTS = 3;
const ERROR_TIMEOUT_MS = 15_000;

export const useToastStore = create<ToastState>(() => ({ toasts: [] }));
let nextId = 1;

/** How long a toast stays, by the rules above. */
export function toastTimeout(toast: Pick<ToastOptions, 'kind' | 'action' | 'timeoutMs'>): number {
  const fallback = toast.kind === 'error' ? ERROR_TIMEOUT_MS : toast.action ? 10_000 : 6_000;
  if (toast.timeoutMs === undefined) return fallback;
  if (toast.timeoutMs === 0) return toast.action ? 0 : ERROR_TIMEOUT_MS;
  return toast.timeoutMs;
}

/** Shows a toast (or renews the same one already shown); returns its id (for dismissToast). */
export function notify(options: ToastOptions): number {
  const kind = options.kind ?? 'info';
  const now = Date.now();
  let id = 0;
  useToastStore.setState((state) => {
    const same = state.toasts.find((toast) => toast.kind === kind && toast.title === options.title);
    if (same) {
      id = same.id;
      const renewed: Toast = { ...same, ...options, kind, count: same.count + 1, renewedAt: now };
      // The renewed group moves to the newest place.
      return { toasts: [...state.toasts.filter((toast) => toast.id !== same.id), renewed] };
    }
    id = nextId++;
    const toasts = [...state.toasts, { ...options, id, kind, count: 1, renewedAt: now }];
    return { toasts: toasts.slice(-MAX_TOASTS) };
  });
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
  const timeout = toastTimeout(toast);
  const remaining = useRef({ renewedAt: toast.renewedAt, ms: timeout });
  useEffect(() => {
    // Renewed (the same notification came again): its full time starts over.
    if (remaining.current.renewedAt !== toast.renewedAt) remaining.current = { renewedAt: toast.renewedAt, ms: timeout };
    if (timeout === 0 || paused) return;
    const started = Date.now();
    const timer = setTimeout(() => dismissToast(toast.id), remaining.current.ms);
    return () => {
      clearTimeout(timer);
      remaining.current.ms -= Date.now() - started;
    };
  }, [paused, timeout, toast.id, toast.renewedAt]);

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
        <strong>
          {toast.title}
          {toast.count > 1 && (
            <span className="toast__count" aria-label={`${toast.count} times`}>
              {' '}
              ×{toast.count}
            </span>
          )}
        </strong>
        {toast.message && <span className="toast__message">{toast.message}</span>}
        {toast.action && (
          <Button
            size="sm"
            className="toast__action"
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
      </div>
      <IconButton icon="close" size="sm" label={`Dismiss notification: ${toast.title}`} onClick={() => dismissToast(toast.id)} />
    </div>
  );
}
