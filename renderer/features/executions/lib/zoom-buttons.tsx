// The zoom buttons of a time axis (Gantt, executions timeline), driving a useTimeZoom.
import type { TimeZoom } from './use-time-zoom';
import './zoom-buttons.css';

export function ZoomButtons({ zoom, fitLabel }: { zoom: TimeZoom; fitLabel: string }) {
  return (
    <span className="zoom-buttons">
      <button type="button" aria-label="Zoom in" title="Zoom in (+, Ctrl+wheel)" onClick={() => zoom.zoomBy(0.5)}>
        +
      </button>
      <button type="button" aria-label="Zoom out" title="Zoom out (-)" disabled={!zoom.zoomed} onClick={() => zoom.zoomBy(2)}>
        −
      </button>
      <button type="button" aria-label={fitLabel} title="Fit (0)" disabled={!zoom.zoomed} onClick={zoom.reset}>
        Fit
      </button>
    </span>
  );
}
