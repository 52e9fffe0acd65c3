// Zoom and pan over a time axis, shared by the executions timeline and the Gantt: Ctrl/Cmd+wheel
// zooms around the pointer, Shift+wheel or a horizontal wheel pans, dragging the track pans, and
// the view follows the bounds (live executions) until the user zooms.
import { useRef, useState, type PointerEvent, type RefObject, type WheelEvent } from 'react';
import { panWindow, zoomWindow, type TimeWindow } from '../model/time';

export interface TimeZoom {
  view: TimeWindow;
  zoomed: boolean;
  zoomBy(factor: number, anchor?: number): void;
  reset(): void;
  onWheel(event: WheelEvent): void;
  onPointerDown(event: PointerEvent<HTMLElement>): void;
  onPointerMove(event: PointerEvent<HTMLElement>): void;
  onPointerUp(): void;
}

export function useTimeZoom(bounds: TimeWindow, axis: RefObject<HTMLElement | null>): TimeZoom {
  const [zoom, setZoom] = useState<TimeWindow | null>(null);
  const drag = useRef<{ x: number; window: TimeWindow } | null>(null);
  const view = zoom ? { start: Math.max(zoom.start, bounds.start), end: Math.min(zoom.end, bounds.end) } : bounds;
  const width = (): number => Math.max(1, axis.current?.clientWidth ?? 800);

  const timeAt = (clientX: number): number => {
    const rect = axis.current?.getBoundingClientRect();
    if (!rect || rect.width === 0) return (view.start + view.end) / 2;
    return view.start + ((clientX - rect.left) / rect.width) * (view.end - view.start);
  };

  const zoomBy = (factor: number, anchor = (view.start + view.end) / 2): void => {
    const next = zoomWindow(view, bounds, factor, anchor);
    setZoom(next.start <= bounds.start && next.end >= bounds.end ? null : next);
  };

  return {
    view,
    zoomed: zoom !== null,
    zoomBy,
    reset: () => setZoom(null),
    onWheel: (event) => {
      if (event.ctrlKey || event.metaKey) {
        event.preventDefault();
        zoomBy(event.deltaY > 0 ? 1.25 : 0.8, timeAt(event.clientX));
      } else if (zoom && (event.shiftKey || Math.abs(event.deltaX) > Math.abs(event.deltaY))) {
        const delta = (event.shiftKey ? event.deltaY : event.deltaX) / width();
        setZoom(panWindow(view, bounds, delta * (view.end - view.start)));
      }
    },
    onPointerDown: (event) => {
      if (event.button !== 0 || !zoom || (event.target as HTMLElement).closest('button, input, a')) return;
      drag.current = { x: event.clientX, window: view };
      event.currentTarget.setPointerCapture(event.pointerId);
    },
    onPointerMove: (event) => {
      const start = drag.current;
      if (!start) return;
      const dt = ((start.x - event.clientX) / width()) * (start.window.end - start.window.start);
      setZoom(panWindow(start.window, bounds, dt));
    },
    onPointerUp: () => {
      drag.current = null;
    },
  };
}
