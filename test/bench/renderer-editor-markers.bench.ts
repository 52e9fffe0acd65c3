// Opening a 5,000-line flow in the editor until its markers are shown, against a 50-line flow with
// the same mistake, in the same Chromium and build. The mistake (a number where the schema wants
// a string) is one the server accepts, so the flow can be saved: monaco-yaml's schema marker must
// be listed and the server's validation must have answered. Measured in the page from the click
// on the flow to the frame where both are done.
import { launchBrowser } from '../fixtures/browser';
import { randomNamespace } from '../fixtures/temp-dir';
import { startWebConsole } from '../fixtures/web-console';
import { localSandboxUrl, SandboxApi } from '../e2e/pages/console-api';
import { median, result, type Benchmark } from './harness';

const ROUNDS = 5;

/** A flow of about `lines` lines: Log tasks, the last one with a number for a string property. */
function flowSource(id: string, namespace: string, lines: number): string {
  const header = [`id: ${id}`, `namespace: ${namespace}`, 'description: benchmark flow', 'tasks:'];
  const taskLines = 4;
  const count = Math.max(1, Math.floor((lines - header.length - 1) / taskLines));
  const tasks: string[] = [];
  for (let i = 0; i < count; i += 1) {
    tasks.push(`  - id: t${String(i).padStart(5, '0')}`, '    type: io.kestra.plugin.core.log.Log', `    message: "step ${i} of {{ flow.id }}"`, '    level: INFO');
  }
  tasks.push('    description: 123');
  const padding = Array.from({ length: Math.max(0, lines - header.length - tasks.length) }, (_, i) => `# padding ${i}`);
  return `${[...header.slice(0, 3), ...padding, ...header.slice(3), ...tasks].join('\n')}\n`;
}

const MARKERS_SHOWN = (label: string): string => `new Promise((resolve, reject) => {
  const row = document.querySelector('[role=row][aria-label=${JSON.stringify(label)}]');
  if (!row) return reject(new Error('flow row not found: ' + ${JSON.stringify(label)}));
  const start = performance.now();
  row.click();
  const check = () => {
    const problems = document.querySelector('[aria-label="Problems"]');
    const buttons = problems ? [...problems.querySelectorAll('button[aria-label]')].map((b) => b.getAttribute('aria-label')) : [];
    const schema = buttons.some((name) => name.includes('(schema)') && name.includes('Incorrect type'));
    const checking = !problems || problems.textContent.includes('Checking with the server');
    if (schema && !checking) requestAnimationFrame(() => resolve(performance.now() - start));
    else if (performance.now() - start > 60000) reject(new Error('no markers after 60 s: ' + buttons.join(' | ')));
    else requestAnimationFrame(check);
  };
  check();
})`;

const benchmark: Benchmark = {
  name: 'flow editor, open and get markers',
  async run() {
    const web = await startWebConsole();
    const browser = await launchBrowser();
    try {
      const api = new SandboxApi(await localSandboxUrl(web));
      const namespace = randomNamespace('bench');
      const small = flowSource('small_flow', namespace, 50);
      const large = flowSource('large_flow', namespace, 5000);
      await api.createFlow(small);
      await api.createFlow(large);
      const lines = (text: string): number => text.split('\n').length - 1;

      const page = browser.page;
      await page.goto(web.url);
      const search = page.getByRole('searchbox', { name: 'Search flows' });
      await search.fill('_flow');
      await page.getByRole('row', { name: `large_flow in ${namespace}` }).waitFor();

      const open = async (id: string): Promise<number> => {
        const time = (await page.evaluate(MARKERS_SHOWN(`${id} in ${namespace}`))) as number;
        // Close the document (and dispose its model) so the next round opens it from scratch.
        await page.getByRole('button', { name: `Close ${id}`, exact: true }).click();
        await page.getByRole('tablist', { name: 'Open flows' }).waitFor({ state: 'detached' });
        return time;
      };

      // Warm-up: loads Monaco, its workers and the schema once.
      await open('small_flow');
      await open('large_flow');
      const smallTimes: number[] = [];
      const largeTimes: number[] = [];
      for (let round = 0; round < ROUNDS; round += 1) {
        smallTimes.push(await open('small_flow'));
        largeTimes.push(await open('large_flow'));
      }
      if (browser.pageErrors.length) throw new Error(`page errors: ${browser.pageErrors.join('; ')}`);
      return [
        result(
          `open a ${lines(large)}-line flow until its markers show`,
          'ms',
          median(largeTimes),
          `${lines(small)}-line flow, same mistake`,
          median(smallTimes),
          { max: 5, on: 'ratio' },
          `medians of ${ROUNDS}; large ${largeTimes.map((t) => t.toFixed(0)).join('/')}, small ${smallTimes.map((t) => t.toFixed(0)).join('/')}; both include the server validation's 450 ms debounce`,
        ),
      ];
    } finally {
      await browser.close();
      await web.stop();
    }
  },
};
export default benchmark;
