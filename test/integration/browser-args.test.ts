// The Chromium arguments every browser test and benchmark uses. Chromium keeps only the last
// --disable-features switch, so ours must repeat everything playwright-core disables by default;
// this reads playwright-core's own list so that an upgrade which changes it fails here, by name.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHROMIUM_ARGS, launchBrowser, OMNIBOX_POPUP_FEATURES, PLAYWRIGHT_DISABLED_FEATURES } from '../fixtures/browser';

function playwrightDefaultDisabledFeatures(): string[] {
  const packageJson = createRequire(import.meta.url).resolve('playwright-core/package.json');
  const bundle = readFileSync(path.join(path.dirname(packageJson), 'lib', 'coreBundle.js'), 'utf8');
  const start = bundle.indexOf('disabledFeatures = [');
  const end = bundle.indexOf('].filter(Boolean)', start);
  if (start < 0 || end < 0) throw new Error('playwright-core no longer declares `disabledFeatures = [...]`: look up how it sets --disable-features');
  return [...bundle.slice(start, end).matchAll(/"([A-Za-z0-9]+)"/g)].map((match) => match[1]!);
}

describe('Chromium arguments for tests and benchmarks', () => {
  it('keep every feature playwright-core disables, plus the omnibox popup preload', () => {
    const defaults = playwrightDefaultDisabledFeatures();
    expect(defaults).toContain('PaintHolding');
    expect([...PLAYWRIGHT_DISABLED_FEATURES].sort()).toEqual([...defaults].sort());

    const switches = CHROMIUM_ARGS.filter((arg) => arg.startsWith('--disable-features='));
    expect(switches).toHaveLength(1);
    const disabled = switches[0]!.slice('--disable-features='.length).split(',');
    expect(disabled).toEqual(expect.arrayContaining([...defaults, ...OMNIBOX_POPUP_FEATURES]));
  });

  it('start Chromium without the omnibox popup renderer', async () => {
    const browser = await launchBrowser();
    try {
      await browser.page.goto('data:text/html,<p>ready</p>');
      // The preload starts with the browser window; give it the time it takes without the flags.
      await new Promise((resolve) => setTimeout(resolve, 1500));
      const processes = execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' })
        .split('\n')
        .filter((line) => line.includes(`--user-data-dir=${browser.userDataDir}`));
      expect(processes.some((line) => line.includes('--type=renderer'))).toBe(true);
      expect(processes.filter((line) => line.includes('--top-chrome-webui'))).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
