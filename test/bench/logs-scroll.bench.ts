// Log viewer scroll smoothness in Chromium: p95 frame interval while flinging through 1,000,000
// lines against the same over a 1,000-line log, same page, same build (issue 7: ratio under 1.2).
import { percentile, result, type Benchmark } from './harness';
import { openHarnessSession, taskSeconds, type HarnessWindow } from '../e2e/pages/executions-harness';

declare const window: HarnessWindow;

const FRAMES = 400;
const PX_PER_FRAME = 900;

const benchmark: Benchmark = {
  name: 'log viewer scrolling (Chromium)',
  async run() {
    const session = await openHarnessSession();
    const { page, cdp } = session;
    try {
      const measure = async (lines: number): Promise<{ p95: number; busyPerFrame: number; longTasks: number }> => {
        await page.evaluate(
          (n) => window.harness.logs({ lines: n, errorEvery: 997, warnEvery: 101, debugEvery: 7, ansiEvery: 50, linkEvery: 333, minLevel: 'TRACE' }),
          lines,
        );
        await page.locator('[data-line]').first().waitFor();
        // Warm up (JIT, first layouts), then measure.
        await page.evaluate(() => window.harness.scrollRun('.log-scroll', 900, 60));
        const busyBefore = await taskSeconds(cdp);
        const run = await page.evaluate(({ px, frames }) => window.harness.scrollRun('.log-scroll', px, frames), { px: PX_PER_FRAME, frames: FRAMES });
        const busy = (await taskSeconds(cdp)) - busyBefore;
        return { p95: percentile(run.deltas, 95), busyPerFrame: (busy * 1000) / FRAMES, longTasks: run.longTasks };
      };
      // Alternate to spread machine noise over both sides.
      const small: { p95: number; busyPerFrame: number; longTasks: number }[] = [];
      const large: { p95: number; busyPerFrame: number; longTasks: number }[] = [];
      for (let round = 0; round < 2; round += 1) {
        small.push(await measure(1_000));
        large.push(await measure(1_000_000));
      }
      const pick = (runs: typeof small, key: 'p95' | 'busyPerFrame'): number => Math.min(...runs.map((r) => r[key]));
      return [
        result('p95 frame interval, flinging through 1,000,000 lines', 'ms', pick(large, 'p95'), '1,000-line log', pick(small, 'p95'), {
          max: 1.2,
          on: 'ratio',
        }),
        result(
          'main-thread work per frame, 1,000,000 lines',
          'ms',
          pick(large, 'busyPerFrame'),
          '1,000-line log',
          pick(small, 'busyPerFrame'),
          undefined,
          `long tasks during the runs: ${large.map((r) => r.longTasks).join(', ')} (1M) vs ${small.map((r) => r.longTasks).join(', ')} (1k)`,
        ),
      ];
    } finally {
      await session.close();
    }
  },
};
export default benchmark;
