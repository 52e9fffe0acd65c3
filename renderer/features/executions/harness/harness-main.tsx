// A page that mounts the executions components with synthetic data, for Chromium benchmarks
// (test/bench/logs-*.bench.ts, executions-*.bench.ts) and component tests
// (test/e2e/executions-log-viewer.test.ts). Not part of the app build. It exposes `window.harness`.
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode, useState } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { flushSync } from 'react-dom';
import '../../../app/global.css';
import { LogStore } from '../logs/log-store';
import { LogViewer } from '../logs/log-viewer';
import { GanttView } from '../gantt/gantt-view';
import { ExecutionsList, type PageSource } from '../list/executions-list';
import { DEFAULT_SORT } from '../list/execution-filter';
import { syntheticBatch, syntheticExecution, syntheticListExecution, type SyntheticLogOptions } from './synthetic';

interface HarnessState {
  root?: Root;
  store?: LogStore;
  nextLine: number;
  logOptions: SyntheticLogOptions;
  openedLinks: string[];
  copied: string[];
  downloads: number;
}

const state: HarnessState = { nextLine: 0, logOptions: {}, openedLinks: [], copied: [], downloads: 0 };

function mount(node: React.ReactNode): void {
  state.root?.unmount();
  const container = document.getElementById('root')!;
  state.root = createRoot(container);
  flushSync(() => state.root!.render(<StrictMode>{node}</StrictMode>));
}

function appendLines(count: number, batchSize = 1000): void {
  const store = state.store!;
  const end = state.nextLine + count;
  for (let from = state.nextLine; from < end; from += batchSize) {
    store.appendBatch(syntheticBatch(from, Math.min(end, from + batchSize), state.logOptions));
  }
  state.nextLine = end;
}

/** A server of `total` executions answering pages after a macrotask (like a fast local server). */
function syntheticSource(total: number): PageSource {
  return {
    queryKey: ['harness', 'executions', total],
    fetchPage: (page, size) =>
      new Promise((resolve) =>
        setTimeout(() => {
          const results = [];
          for (let i = (page - 1) * size; i < Math.min(total, page * size); i += 1) results.push(syntheticListExecution(i));
          resolve({ results, total });
        }, 0),
      ),
  };
}

function ListHarness({ total }: { total: number }) {
  const [client] = useState(() => new QueryClient({ defaultOptions: { queries: { retry: false } } }));
  const [selection, setSelection] = useState<Set<string>>(() => new Set());
  const [source] = useState(() => syntheticSource(total));
  return (
    <QueryClientProvider client={client}>
      <div style={{ height: '100vh', display: 'flex', flexDirection: 'column' }}>
        <ExecutionsList
          source={source}
          sort={DEFAULT_SORT}
          onSortChange={() => undefined}
          selection={selection}
          onSelectionChange={setSelection}
          onOpen={(execution) => state.openedLinks.push(`execution:${execution.id}`)}
          live={false}
        />
      </div>
    </QueryClientProvider>
  );
}

/** Resolves with the time since `started` once the next frame has been painted. */
function afterPaint(started: number): Promise<number> {
  return new Promise((resolve) => requestAnimationFrame(() => setTimeout(() => resolve(performance.now() - started), 0)));
}

const harness = {
  /** Mounts the log viewer over a store pre-filled with `lines` synthetic lines. */
  logs(options: { lines: number; live?: boolean; minLevel?: 'TRACE' | 'INFO' } & SyntheticLogOptions): void {
    const { lines, live = false, minLevel = 'INFO', ...logOptions } = options;
    state.logOptions = logOptions;
    state.store = new LogStore();
    state.nextLine = 0;
    state.openedLinks = [];
    state.copied = [];
    appendLines(lines);
    document.body.dataset.ready = 'false';
    mount(
      <div style={{ height: '100vh', display: 'flex', flexDirection: 'column' }}>
        <LogViewer
          store={state.store}
          live={live}
          initialMinLevel={minLevel}
          openLink={(url) => state.openedLinks.push(url)}
          onDownload={async () => {
            state.downloads += 1;
          }}
          copyText={async (text) => {
            state.copied.push(text);
          }}
        />
      </div>,
    );
  },

  /** Appends synthetic lines to the mounted viewer's store (as the live stream would). */
  append(count: number, batchSize = 1000): void {
    appendLines(count, batchSize);
  },

  /** Appends one custom entry (tests). */
  appendEntry(message: string, level: 'ERROR' | 'WARN' | 'INFO' | 'DEBUG' | 'TRACE' = 'INFO'): void {
    const store = state.store!;
    store.appendBatch({ firstIndex: state.nextLine, timestamps: [Date.now()], levels: [level], taskRefs: [-1], messages: [message], newTasks: [] });
    state.nextLine += 1;
  },

  /**
   * Streams `linesPerSecond` for `seconds` in batches every `intervalMs` (like main's batching),
   * resolving when done. Returns the number of lines appended.
   */
  tail(linesPerSecond: number, seconds: number, intervalMs = 50): Promise<number> {
    const perBatch = Math.round((linesPerSecond * intervalMs) / 1000);
    const started = performance.now();
    let sent = 0;
    return new Promise((resolve) => {
      const tick = (): void => {
        const elapsed = performance.now() - started;
        const due = Math.min(Math.round((elapsed / 1000) * linesPerSecond), linesPerSecond * seconds);
        if (due > sent) {
          appendLines(due - sent, perBatch);
          sent = due;
        }
        if (elapsed >= seconds * 1000) resolve(sent);
        else setTimeout(tick, intervalMs);
      };
      setTimeout(tick, intervalMs);
    });
  },

  /**
   * Mounts the Gantt over a synthetic execution of `taskRuns` task runs; resolves with the time from
   * mount to the first frame painted after it (ms).
   */
  gantt(taskRuns: number, options: { running?: boolean } = {}): Promise<number> {
    const execution = syntheticExecution(taskRuns, options);
    const started = performance.now();
    mount(
      <div style={{ height: '100vh', display: 'flex', flexDirection: 'column' }}>
        <GanttView execution={execution} onOpenLogs={(id) => state.openedLinks.push(`logs:${id}`)} now={Date.parse('2025-01-01T12:00:00Z')} />
      </div>,
    );
    return afterPaint(started);
  },

  /** Mounts the executions list over a synthetic server with `total` executions. */
  list(total: number): void {
    mount(<ListHarness total={total} />);
  },

  /**
   * Scrolls `selector` by `pxPerFrame` every animation frame for `frames` frames (wrapping at the
   * end), returning the frame-to-frame intervals (ms) and how many rows were drawn per frame.
   */
  scrollRun(selector: string, pxPerFrame: number, frames: number): Promise<{ deltas: number[]; longTasks: number }> {
    const el = document.querySelector<HTMLElement>(selector);
    if (!el) return Promise.reject(new Error(`No element ${selector}`));
    let longTasks = 0;
    const observer = new PerformanceObserver((list) => {
      longTasks += list.getEntries().length;
    });
    observer.observe({ entryTypes: ['longtask'] });
    return new Promise((resolve) => {
      const deltas: number[] = [];
      let last = 0;
      let n = 0;
      const step = (t: number): void => {
        if (last) deltas.push(t - last);
        last = t;
        const max = el.scrollHeight - el.clientHeight;
        el.scrollTop = el.scrollTop + pxPerFrame > max ? 0 : el.scrollTop + pxPerFrame;
        n += 1;
        if (n <= frames) requestAnimationFrame(step);
        else {
          observer.disconnect();
          resolve({ deltas, longTasks });
        }
      };
      requestAnimationFrame(step);
    });
  },

  /** Line numbers of the log rows in the DOM. */
  drawnLines(): number[] {
    return [...document.querySelectorAll<HTMLElement>('[data-line]')].map((el) => Number(el.dataset.line));
  },

  storeInfo(): { size: number; chars: number; approximateBytes: number; dropped: number } {
    const store = state.store!;
    return { size: store.size, chars: store.chars, approximateBytes: store.approximateBytes(), dropped: store.droppedLines };
  },

  openedLinks: (): string[] => [...state.openedLinks],
  copied: (): string[] => [...state.copied],
  downloads: (): number => state.downloads,

  unmount(): void {
    state.root?.unmount();
    state.root = undefined;
    state.store = undefined;
  },
};

declare global {
  interface Window {
    harness: typeof harness;
  }
}

window.harness = harness;
document.body.dataset.harness = 'ready';
