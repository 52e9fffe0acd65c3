// Where the Electron binary is, without side effects. Since Electron 42 the `electron` package
// downloads its binary on first use (`require('electron')`), not at install time; these helpers
// look first and download only when asked, so a machine that cannot download gets one clear line.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const electronDir = path.join(root, 'node_modules', 'electron');

/** The installed binary's path, or undefined. Never downloads. */
export function installedElectronBinary() {
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  const pathFile = path.join(electronDir, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : undefined;
  const candidate = override ? path.join(override, relative ?? 'electron') : relative ? path.join(electronDir, 'dist', relative) : undefined;
  return candidate && existsSync(candidate) ? candidate : undefined;
}

/** The binary, downloading it with the package's own installer when missing. Returns { binary } or { problem }. */
export function ensureElectronBinary() {
  const installed = installedElectronBinary();
  if (installed) return { binary: installed };
  if (!existsSync(path.join(electronDir, 'install.js'))) return { problem: 'the electron package is not installed' };
  const result = spawnSync(process.execPath, [path.join(electronDir, 'install.js')], { cwd: root, encoding: 'utf8', timeout: 10 * 60_000 });
  const binary = installedElectronBinary();
  if (binary) return { binary };
  const lines = `${result.stderr ?? ''}\n${result.stdout ?? ''}`.split('\n').map((l) => l.trim());
  const reason = lines.find((l) => /^(Request|Http|Error|RequestError|getaddrinfo|connect)\b|ENOTFOUND|ECONN|ETIMEDOUT|EAI_AGAIN|fetch failed/i.test(l)) ?? 'the download failed';
  return { problem: `it could not be downloaded (${reason.slice(0, 160)})` };
}
