// Two panes with a draggable, keyboard-operable separator (ARIA window splitter pattern). The
// first pane's size is remembered per `storageKey`.
import { useCallback, useRef, useState, type KeyboardEvent, type PointerEvent, type ReactNode } from 'react';
import './splitter.css';

export interface SplitPaneProps {
  /** Accessible name of the separator, e.g. "Resize namespace browser". */
  label: string;
  first: ReactNode;
  second: ReactNode;
  orientation?: 'horizontal' | 'vertical';
  /** Initial size of the first pane, in pixels. */
  initialSize?: number;
  minSize?: number;
  maxSize?: number;
  storageKey?: string;
  className?: string;
}

function readStored(key: string | undefined): number | undefined {
  if (!key) return undefined;
  const value = Number(localStorage.getItem(`split:${key}`));
  return Number.isFinite(value) && value > 0 ? value : undefined;
}

export function SplitPane({ label, first, second, orientation = 'horizontal', initialSize = 260, minSize = 120, maxSize = 900, storageKey, className }: SplitPaneProps) {
  const [size, setSize] = useState(() => readStored(storageKey) ?? initialSize);
  const containerRef = useRef<HTMLDivElement>(null);
  const horizontal = orientation === 'horizontal';

  const commit = useCallback(
    (next: number) => {
      const container = containerRef.current;
      const limit = container ? (horizontal ? container.clientWidth : container.clientHeight) - minSize : maxSize;
      const clamped = Math.round(Math.max(minSize, Math.min(next, maxSize, Math.max(minSize, limit))));
      setSize(clamped);
      if (storageKey) localStorage.setItem(`split:${storageKey}`, String(clamped));
    },
    [horizontal, maxSize, minSize, storageKey],
  );

  const onPointerDown = (event: PointerEvent<HTMLDivElement>): void => {
    const container = containerRef.current;
    if (!container) return;
    event.preventDefault();
    const target = event.currentTarget;
    target.setPointerCapture(event.pointerId);
    const origin = container.getBoundingClientRect();
    const move = (moveEvent: globalThis.PointerEvent): void => commit(horizontal ? moveEvent.clientX - origin.left : moveEvent.clientY - origin.top);
    const up = (): void => {
      target.removeEventListener('pointermove', move);
      target.removeEventListener('pointerup', up);
    };
    target.addEventListener('pointermove', move);
    target.addEventListener('pointerup', up);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    const step = event.shiftKey ? 50 : 10;
    const back = horizontal ? 'ArrowLeft' : 'ArrowUp';
    const forward = horizontal ? 'ArrowRight' : 'ArrowDown';
    if (event.key === back) commit(size - step);
    else if (event.key === forward) commit(size + step);
    else if (event.key === 'Home') commit(minSize);
    else if (event.key === 'End') commit(maxSize);
    else return;
    event.preventDefault();
  };

  return (
    <div ref={containerRef} className={['split', `split--${orientation}`, className ?? ''].join(' ')}>
      <div className="split__first" style={horizontal ? { width: size } : { height: size }}>
        {first}
      </div>
      <div
        className="split__handle"
        role="separator"
        tabIndex={0}
        aria-label={label}
        aria-orientation={horizontal ? 'vertical' : 'horizontal'}
        aria-valuenow={size}
        aria-valuemin={minSize}
        aria-valuemax={maxSize}
        onPointerDown={onPointerDown}
        onKeyDown={onKeyDown}
      />
      <div className="split__second">{second}</div>
    </div>
  );
}
