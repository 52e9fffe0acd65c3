// First paint of the namespace file tree: a namespace of 10,000 files against one of 10, in the
// same Chromium and build. Measured in the page from the namespace click to the frame after the
// first tree row appears (the listing request included).
import yazl from 'yazl';
import { launchBrowser } from '../fixtures/browser';
import { randomNamespace } from '../fixtures/temp-dir';
import { startWebConsole } from '../fixtures/web-console';
import { localSandboxUrl } from '../e2e/pages/kv-files-rpc';
import { median, result, type Benchmark } from './harness';

function zipOf(count: number): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  for (let i = 0; i < count; i += 1) zip.addBuffer(Buffer.from(`file ${i}\n`), `f${String(i).padStart(5, '0')}.txt`, { compress: false });
  zip.end();
  const chunks: Buffer[] = [];
  return new Promise((resolve, reject) => {
    zip.outputStream.on('data', (c: Buffer) => chunks.push(c));
    zip.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
    zip.outputStream.on('error', reject);
  });
}

async function seed(sandboxUrl: string, namespace: string, count: number): Promise<void> {
  const form = new FormData();
  form.append('fileContent', new Blob([await zipOf(count)]), 'seed.zip');
  const response = await fetch(`${sandboxUrl}/api/v1/main/namespaces/${namespace}/files?path=/seed.zip`, { method: 'POST', body: form });
  if (response.status !== 200) throw new Error(`seeding ${namespace}: ${response.status} ${await response.text()}`);
  const list = (await (await fetch(`${sandboxUrl}/api/v1/main/namespaces/${namespace}/files/directory?path=/`)).json()) as unknown[];
  if (list.length !== count) throw new Error(`seeding ${namespace}: ${list.length} files instead of ${count}`);
}

const benchmark: Benchmark = {
  name: 'namespace file tree, first paint',
  async run() {
    const web = await startWebConsole();
    const browser = await launchBrowser();
    try {
      const sandboxUrl = await localSandboxUrl(web);
      const root = randomNamespace('benchtree').replace('.', '');
      const small = `${root}.small`;
      const large = `${root}.large`;
      await seed(sandboxUrl, small, 10);
      await seed(sandboxUrl, large, 10_000);

      const page = browser.page;
      await page.goto(web.url);
      await page.getByRole('tab', { name: 'Files', exact: true }).click();
      const browserRegion = page.getByRole('region', { name: 'Namespaces' });
      await browserRegion.getByRole('button', { name: 'Reload namespaces' }).click();
      await browserRegion.getByRole('searchbox', { name: 'Filter namespaces' }).fill(root);
      await browserRegion.getByRole('treeitem', { name: 'large', exact: true }).waitFor();

      const paint = (namespace: string): Promise<number> =>
        page.evaluate(
          `new Promise((resolve, reject) => {
            const leaf = ${JSON.stringify(namespace.split('.').pop())};
            const item = [...document.querySelectorAll('[aria-label="Namespaces"] [role=treeitem]')].find((e) => e.getAttribute('aria-label') === leaf);
            if (!item) return reject(new Error('namespace not listed'));
            const start = performance.now();
            item.click();
            const check = () => {
              if (document.querySelector('[role=tree][aria-label="Files of ${namespace}"] [role=treeitem]')) requestAnimationFrame(() => resolve(performance.now() - start));
              else if (performance.now() - start > 30000) reject(new Error('no tree after 30 s'));
              else requestAnimationFrame(check);
            };
            check();
          })`,
        ) as Promise<number>;

      // Warm-up: load the pane's code and the editor chunk paths once.
      await paint(small);
      await paint(large);
      const smallTimes: number[] = [];
      const largeTimes: number[] = [];
      for (let round = 0; round < 7; round += 1) {
        smallTimes.push(await paint(small));
        largeTimes.push(await paint(large));
      }
      return [
        result('first tree paint, 10,000-file namespace', 'ms', median(largeTimes), '10-file namespace', median(smallTimes), { max: 3, on: 'ratio' }, `medians of 7; large ${largeTimes.map((t) => t.toFixed(0)).join('/')}, small ${smallTimes.map((t) => t.toFixed(0)).join('/')}`),
      ];
    } finally {
      await browser.close();
      await web.stop();
    }
  },
};
export default benchmark;
