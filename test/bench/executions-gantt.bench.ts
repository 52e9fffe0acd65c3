// Gantt rendering in Chromium: time from mounting a 5,000-task-run execution to the first painted
// frame, against the same for 50 task runs (issue 7: under 5x), plus a scroll through it.
import { median, percentile, result, type Benchmark } from './harness';
import { openHarnessSession, type HarnessWindow } from '../e2e/pages/executions-harness';

declare const window: HarnessWindow;

const benchmark: Benchmark = {
  name: 'task-run Gantt (Chromium)',
  async run() {
    const session = await openHarnessSession();
    const { page } = session;
    try {
      const render = (n: number): Promise<number> => page.evaluate((count) => window.harness.gantt(count), n);
      // Warm up both sizes, then interleave.
      await render(50);
      await render(5000);
      const small: number[] = [];
      const large: number[] = [];
      for (let i = 0; i < 7; i += 1) {
        small.push(await render(50));
        large.push(await render(5000));
      }
      await render(5000);
      const scrollLarge = await page.evaluate(() => window.harness.scrollRun('.gantt__scroll', 600, 200));
      await render(50);
      const scrollSmall = await page.evaluate(() => window.harness.scrollRun('.gantt__scroll', 600, 200));
      return [
        result('render 5,000 task runs (mount to first paint)', 'ms', median(large), '50 task runs', median(small), { max: 5, on: 'ratio' }),
        // Informational: the 50-run Gantt has nothing to scroll, so this compares against idle frames.
        result(
          'p95 frame interval scrolling 5,000 task runs',
          'ms',
          percentile(scrollLarge.deltas, 95),
          '50 task runs (idle frames)',
          percentile(scrollSmall.deltas, 95),
        ),
      ];
    } finally {
      await session.close();
    }
  },
};
export default benchmark;
