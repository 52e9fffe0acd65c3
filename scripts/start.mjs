// `npm start`: the desktop app. Electron (42 and later) fetches its binary on first start; where
// that is impossible (no network to its release host), say so in one line and run web mode instead.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { ensureBuild } from './ensure-build.mjs';
import { ensureElectronBinary } from './electron-binary.mjs';
import { runWebMode } from './web.mjs';

const root = path.resolve(import.meta.dirname, '..');

const { binary, problem } = ensureElectronBinary();
if (!binary) {
  console.log(`The Electron binary is not installed on this machine and ${problem}; starting the console in web mode instead.`);
  runWebMode(process.argv.slice(2));
} else {
  ensureBuild();
  const child = spawn(binary, [root, ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
  process.on('SIGINT', () => undefined);
  child.on('exit', (code) => process.exit(code ?? 0));
}
