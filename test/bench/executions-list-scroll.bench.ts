// Executions list smoothness in Chromium: p95 frame interval while scrolling a list of 100,000
// executions (pages fetched from a synthetic server as they come into view) against a list of
// 100, same page and build (issue 7: ratio under 1.2).
import { percentile, result, type Benchmark } from './harness';
import { openHarnessSession, type HarnessWindow } from '../e2e/pages/executions-harness';

declare const window: HarnessWindow;

const FRAMES = 400;

const benchmark: Benchmark = {
  name: 'executions list scrolling (Chromium)',
  async run() {
    const session = await openHarnessSession();
    const { page } = session;
    try {
      const measure = async (total: number): Promise<{ p95: number; longTasks: number }> => {
        await page.evaluate((n) => window.harness.list(n), total);
        await page.locator('[data-execution-id]').first().waitFor();
        await page.evaluate(() => window.harness.scrollRun('.xlist-scroll', 400, 60));
        // 400 px per frame: a fast fling that reaches a new page every ~8 frames.
        const run = await page.evaluate((frames) => window.harness.scrollRun('.xlist-scroll', 400, frames), FRAMES);
        return { p95: percentile(run.deltas, 95), longTasks: run.longTasks };
      };
      const small: { p95: number; longTasks: number }[] = [];
      const large: { p95: number; longTasks: number }[] = [];
      for (let round = 0; round < 2; round += 1) {
        small.push(await measure(100));
        large.push(await measure(100_000));
      }
      const best = (runs: { p95: number }[]): number => Math.min(...runs.map((r) => r.p95));
      return [
        result(
          'p95 frame interval scrolling 100,000 executions',
          'ms',
          best(large),
          '100 executions',
          best(small),
          { max: 1.2, on: 'ratio' },
          `long tasks: ${large.map((r) => r.longTasks).join(', ')} (100k) vs ${small.map((r) => r.longTasks).join(', ')} (100)`,
        ),
      ];
    } finally {
      await session.close();
    }
  },
};
export default benchmark;
