// `npm start`: the desktop app. Where the Electron binary is missing (it cannot always be
// downloaded), say so in one line and run web mode instead.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { ensureBuild } from './ensure-build.mjs';
import { runWebMode } from './web.mjs';

const root = path.resolve(import.meta.dirname, '..');

function electronBinary() {
  try {
    const binary = createRequire(import.meta.url)('electron');
    return typeof binary === 'string' && existsSync(binary) ? binary : undefined;
  } catch {
    return undefined;
  }
}

const binary = electronBinary();
if (!binary) {
  console.log('The Electron binary is not installed on this machine; starting the console in web mode instead.');
  runWebMode(process.argv.slice(2));
} else {
  ensureBuild();
  const child = spawn(binary, [root, ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
  process.on('SIGINT', () => undefined);
  child.on('exit', (code) => process.exit(code ?? 0));
}
