// Python `dependencies`: installed once into a virtual environment cached per flow and dependency
// list (`<dataDir>/cache/python/…`), then reused by every run. The environment sees the host's site
// packages, so what is already installed locally satisfies a requirement without the network (pip
// is asked with `--no-index` first); what is missing is installed from the package index, and when
// that fails (offline, unknown package) the task fails with an error that says so and what to do.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { TaskLogger } from '../task-definition';
import { SCRIPT_LIMITS } from './script-limits';

export interface PythonEnvironment {
  /** The environment's `bin` folder, to put first on the PATH. */
  bin: string;
  root: string;
}

const pending = new Map<string, Promise<PythonEnvironment>>();

/** Requirements the sandbox provides itself: `kestra` (unpinned) is the built-in helper module. */
export function requirementsToInstall(dependencies: string[]): { install: string[]; provided: string[] } {
  const install: string[] = [];
  const provided: string[] = [];
  for (const raw of dependencies) {
    const requirement = raw.trim();
    if (requirement === '') continue;
    if (/^kestra(\s*[<>=!~].*)?$/i.test(requirement)) provided.push(requirement);
    else install.push(requirement);
  }
  return { install: [...new Set(install)].sort(), provided };
}

function run(command: string, args: string[], signal: AbortSignal, timeoutMs: number): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(command, args, { signal, timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024, env: { ...process.env, PIP_DISABLE_PIP_VERSION_CHECK: '1', PIP_NO_INPUT: '1' } }, (error, stdout, stderr) => {
      const raw = (error as { code?: unknown } | null)?.code;
      const code = !error ? 0 : typeof raw === 'number' ? raw : 1;
      resolve({ code, output: `${stdout}${stderr}${error && !stderr ? `\n${error.message}` : ''}` });
    });
  });
}

function lastError(output: string): string {
  const lines = output.split('\n').map((l) => l.trim()).filter((l) => l !== '');
  return lines.reverse().find((l) => l.startsWith('ERROR')) ?? lines[0] ?? 'pip failed';
}

/**
 * The environment for `dependencies` of one flow, created and filled on first use. `python` is the
 * host interpreter that creates it.
 */
export async function pythonEnvironment(options: {
  cacheDir: string;
  namespace: string;
  flowId: string;
  dependencies: string[];
  python: string;
  logger: TaskLogger;
  signal: AbortSignal;
}): Promise<PythonEnvironment> {
  const { install } = requirementsToInstall(options.dependencies);
  const hash = createHash('sha256').update(JSON.stringify([options.namespace, options.flowId, install])).digest('hex').slice(0, 16);
  const root = path.join(options.cacheDir, 'python', `${options.namespace}.${options.flowId}`.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 120) + `-${hash}`);
  const environment = { root, bin: path.join(root, process.platform === 'win32' ? 'Scripts' : 'bin') };
  const ready = path.join(root, '.sandbox-ready');
  if (existsSync(ready)) return environment;
  const inFlight = pending.get(root);
  if (inFlight) return inFlight;
  const creating = (async () => {
    const { logger, signal } = options;
    const timeout = SCRIPT_LIMITS.dependencyInstallTimeoutMs;
    rmSync(root, { recursive: true, force: true });
    mkdirSync(path.dirname(root), { recursive: true });
    logger.info(`Creating a Python environment for the dependencies ${JSON.stringify(install)} (cached for this flow).`);
    const venv = await run(options.python, ['-m', 'venv', '--system-site-packages', root], signal, timeout);
    if (venv.code !== 0) throw new Error(`Could not create a Python virtual environment with '${options.python} -m venv': ${lastError(venv.output)}`);
    const pip = path.join(environment.bin, 'python');
    if (install.length > 0) {
      // What the host already has satisfies the requirement offline.
      const local = await run(pip, ['-m', 'pip', 'install', '--no-index', ...install], signal, timeout);
      if (local.code !== 0) {
        logger.debug(`Not all dependencies are installed locally: ${lastError(local.output)}`);
        const online = await run(pip, ['-m', 'pip', 'install', '--timeout', '15', '--retries', '1', ...install], signal, timeout);
        for (const line of online.output.split('\n').filter((l) => l.trim() !== '').slice(-20)) logger.debug(line);
        if (online.code !== 0) {
          rmSync(root, { recursive: true, force: true });
          const offline = /NewConnectionError|Name or service not known|Temporary failure in name resolution|Network is unreachable|Failed to establish a new connection/.test(online.output);
          throw new Error(
            `Could not install the Python dependencies ${JSON.stringify(install)}: ${offline ? 'the package index could not be reached (no network access?)' : lastError(online.output)}. ` +
              'The sandbox installs `dependencies` with pip into a cached environment, which needs the package index; ' +
              'without network access, install them into the Python the sandbox uses (python3 -m pip install …) and run again.',
          );
        }
      }
    }
    writeFileSync(ready, new Date().toISOString());
    return environment;
  })();
  pending.set(root, creating);
  try {
    return await creating;
  } finally {
    pending.delete(root);
  }
}
