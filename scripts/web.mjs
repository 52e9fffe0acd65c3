// `npm run web [-- --port N --app-data DIR]`: builds the renderer if needed, then serves the console
// for a browser on 127.0.0.1 with a per-launch token.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { ensureBuild } from './ensure-build.mjs';

const root = path.resolve(import.meta.dirname, '..');

export function runWebMode(args) {
  ensureBuild();
  const child = spawn(path.join(root, 'node_modules', '.bin', 'tsx'), [path.join(root, 'main', 'ipc', 'web-main.ts'), ...args], {
    cwd: root,
    stdio: 'inherit',
  });
  // Ctrl-C reaches the child through the terminal's process group; forward other stops ourselves.
  process.on('SIGINT', () => undefined);
  process.on('SIGTERM', () => child.kill('SIGTERM'));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
}

if (import.meta.url === `file://${process.argv[1]}`) runWebMode(process.argv.slice(2));
