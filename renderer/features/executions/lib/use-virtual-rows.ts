// React side of scaled-rows.ts: tracks a scroll container's position and size (one state update
// per animation frame at most) and says which rows to draw. The container is attached with the
// returned callback ref; `onScrolled` hears every settled scroll, told apart as the user's or ours.
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { contentHeight, rowWindow, scrollTopForRow, virtualTop, type RowWindow } from './scaled-rows';

export interface ScrollInfo {
  scrollTop: number;
  /** Within one row of the end. */
  atEnd: boolean;
  /** False when the scroll is one this hook applied (scrollToRow / scrollToEnd). */
  byUser: boolean;
}

export interface VirtualRows {
  /** Callback ref for the scroll container (`ref={rows.attach}`). */
  attach: (element: HTMLDivElement | null) => void;
  window: RowWindow;
  /** First row at least partly in view (not counting overscan). */
  firstVisible: number;
  scrollTop: number;
  viewportHeight: number;
  /** Height of the scroll content. */
  totalHeight: number;
  /** True when the view is scrolled to the end (within one row). */
  atEnd: boolean;
  scrollToRow(row: number, align?: 'start' | 'center' | 'end' | 'nearest'): void;
  scrollToEnd(): void;
}

/**
 * `pinnedToEnd` (a followed live log): the rows drawn are the last ones from the first render after
 * rows arrive, and scrollToEnd then only moves the scroll position to match. Without it, each batch
 * of rows cost two renders and two layouts: one at the old position, one at the end.
 */
export function useVirtualRows(rowCount: number, rowHeight: number, overscan = 6, onScrolled?: (info: ScrollInfo) => void, pinnedToEnd = false): VirtualRows {
  const [element, setElement] = useState<HTMLDivElement | null>(null);
  // The same element for imperative scrolling (state values must not be mutated).
  const elementRef = useRef<HTMLDivElement | null>(null);
  const attach = useCallback((el: HTMLDivElement | null) => {
    elementRef.current = el;
    setElement(el);
  }, []);
  const [metrics, setMetrics] = useState({ scrollTop: 0, viewportHeight: 0 });
  const programmatic = useRef(-1);
  const listener = useRef(onScrolled);
  useEffect(() => {
    listener.current = onScrolled;
  });

  useLayoutEffect(() => {
    if (!element) return;
    let frame = 0;
    const measure = (): void => {
      frame = 0;
      const scrollTop = element.scrollTop;
      const viewportHeight = element.clientHeight;
      setMetrics((previous) => (previous.scrollTop === scrollTop && previous.viewportHeight === viewportHeight ? previous : { scrollTop, viewportHeight }));
      listener.current?.({
        scrollTop,
        atEnd: scrollTop + viewportHeight >= element.scrollHeight - rowHeight,
        byUser: Math.abs(Math.round(scrollTop) - programmatic.current) > 1,
      });
    };
    const onScroll = (): void => {
      if (!frame) frame = requestAnimationFrame(measure);
    };
    element.addEventListener('scroll', onScroll, { passive: true });
    const observer = new ResizeObserver(onScroll);
    observer.observe(element);
    onScroll();
    return () => {
      element.removeEventListener('scroll', onScroll);
      observer.disconnect();
      if (frame) cancelAnimationFrame(frame);
    };
  }, [element, rowHeight]);

  const totalHeight = contentHeight(rowCount, rowHeight);
  // The position drawn this render: the end while pinned (once the viewport is known).
  const drawnTop = pinnedToEnd && metrics.viewportHeight > 0 ? Math.max(0, totalHeight - metrics.viewportHeight) : metrics.scrollTop;
  const setScrollTop = useCallback(
    (top: number) => {
      const el = elementRef.current;
      if (!el) return;
      const clamped = Math.max(0, Math.min(top, totalHeight - el.clientHeight));
      if (Math.abs(el.scrollTop - clamped) < 0.5) return;
      el.scrollTop = clamped;
      programmatic.current = Math.round(el.scrollTop);
      // Pinned to the end, the rows for this position are already drawn: nothing to re-render.
      if (pinnedToEnd && Math.abs(el.scrollTop - Math.max(0, totalHeight - el.clientHeight)) < 0.5) return;
      // Update now rather than on the scroll event, so the rows are there in the same frame.
      setMetrics({ scrollTop: el.scrollTop, viewportHeight: el.clientHeight });
    },
    [totalHeight, pinnedToEnd],
  );

  const scrollToRow = useCallback(
    (row: number, align: 'start' | 'center' | 'end' | 'nearest' = 'nearest') => {
      const el = elementRef.current;
      if (!el) return;
      setScrollTop(scrollTopForRow(row, align, el.scrollTop, el.clientHeight, rowCount, rowHeight));
    },
    [rowCount, rowHeight, setScrollTop],
  );

  const scrollToEnd = useCallback(() => {
    const el = elementRef.current;
    if (el) setScrollTop(totalHeight - el.clientHeight);
  }, [setScrollTop, totalHeight]);

  const { viewportHeight } = metrics;
  const scrollTop = drawnTop;
  return {
    attach,
    window: rowWindow(scrollTop, viewportHeight, rowCount, rowHeight, overscan),
    firstVisible: Math.max(0, Math.min(rowCount - 1, Math.floor(virtualTop(scrollTop, viewportHeight, rowCount, rowHeight) / rowHeight))),
    scrollTop,
    viewportHeight,
    totalHeight,
    atEnd: scrollTop + viewportHeight >= totalHeight - rowHeight,
    scrollToRow,
    scrollToEnd,
  };
}
