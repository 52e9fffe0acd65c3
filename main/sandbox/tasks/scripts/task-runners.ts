// Which task runner a script uses. `io.kestra.plugin.core.runner.Process` runs a local process.
// The Docker task runner (`taskRunner.type: …runner.docker.Docker`, the deprecated `runner: DOCKER`
// or `docker:` options) runs in a container when a Docker engine answers on this machine (the
// `docker` CLI must be on the PATH), and as a local process otherwise, with one log line naming the
// image that is not used. Other container runners (Kubernetes, cloud batch) run as a process with
// the same line. A script that names no runner runs as a process (Kestra would default to Docker;
// the sandbox does not pull images behind the user's back): a DEBUG line says so.
import { execFile } from 'node:child_process';
import http from 'node:http';
import { existsSync } from 'node:fs';
import type { TaskLogger } from '../task-definition';

export const PROCESS_RUNNER = 'io.kestra.plugin.core.runner.Process';
const DOCKER_RUNNERS = ['io.kestra.plugin.scripts.runner.docker.Docker', 'io.kestra.plugin.scripts.runner.docker.DockerTaskRunner'];

export type RunnerChoice =
  | { kind: 'process' }
  | {
      kind: 'docker';
      image: string;
      /** `taskRunner` / `docker` options as written (rendered): pullPolicy, user, entryPoint, … */
      options: Record<string, unknown>;
    };

/** Where a Docker engine listens: DOCKER_HOST (unix:// or tcp://) or the default socket. */
function dockerEndpoint(env: NodeJS.ProcessEnv): { socketPath: string } | { host: string; port: number } | undefined {
  const host = env.DOCKER_HOST;
  if (host?.startsWith('unix://')) return { socketPath: host.slice('unix://'.length) };
  if (host?.startsWith('tcp://')) {
    const url = new URL(host.replace(/^tcp:/, 'http:'));
    return { host: url.hostname, port: Number(url.port || 2375) };
  }
  return existsSync('/var/run/docker.sock') ? { socketPath: '/var/run/docker.sock' } : undefined;
}

let cachedEngine: { at: number; answer: Promise<boolean> } | undefined;

/** True when a Docker engine answers `GET /_ping` and the `docker` CLI is on the PATH (cached 30 s). */
export function dockerAvailable(env: NodeJS.ProcessEnv = process.env): Promise<boolean> {
  if (cachedEngine && Date.now() - cachedEngine.at < 30_000) return cachedEngine.answer;
  const answer = new Promise<boolean>((resolve) => {
    const endpoint = dockerEndpoint(env);
    if (!endpoint) return resolve(false);
    const request = http.request({ ...endpoint, path: '/_ping', method: 'GET', timeout: 1_000 }, (response) => {
      response.resume();
      if (response.statusCode !== 200) return resolve(false);
      execFile('docker', ['--version'], { timeout: 2_000 }, (error) => resolve(!error));
    });
    request.on('timeout', () => request.destroy());
    request.on('error', () => resolve(false));
    request.end();
  });
  cachedEngine = { at: Date.now(), answer };
  return answer;
}

function record(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/**
 * The runner a script asks for, and what the sandbox does with it. `render` renders the image and
 * options; `defaultImage` is the task type's default `containerImage`.
 */
export async function chooseRunner(
  task: Readonly<Record<string, unknown>>,
  render: (value: unknown) => unknown,
  defaultImage: string,
  logger: TaskLogger,
  env: NodeJS.ProcessEnv = process.env,
): Promise<RunnerChoice> {
  const taskRunner = record(task.taskRunner);
  const runnerType = typeof taskRunner?.type === 'string' ? taskRunner.type : undefined;
  const docker = record(task.docker);
  const image = String(render(docker?.image ?? task.containerImage ?? defaultImage));
  if (runnerType === PROCESS_RUNNER || runnerType === 'io.kestra.core.models.tasks.runners.types.ProcessTaskRunner' || String(task.runner ?? '').toUpperCase() === 'PROCESS') {
    return { kind: 'process' };
  }
  const wantsDocker = (runnerType !== undefined && DOCKER_RUNNERS.includes(runnerType)) || String(task.runner ?? '').toUpperCase() === 'DOCKER' || (docker !== undefined && runnerType === undefined);
  if (!wantsDocker && runnerType === undefined) {
    logger.debug(`No task runner set: running as a local process (Kestra would use the Docker task runner with the image '${image}').`);
    return { kind: 'process' };
  }
  if (wantsDocker && (await dockerAvailable(env))) {
    return { kind: 'docker', image, options: (render({ ...(docker ?? {}), ...(taskRunner ?? {}) }) as Record<string, unknown>) ?? {} };
  }
  const why = wantsDocker ? 'no Docker engine answers on this machine' : `the task runner '${runnerType}' is not available in the local sandbox`;
  logger.warn(`Running as a local process: ${why}; the container image '${image}' is not used.`);
  return { kind: 'process' };
}

/** `docker run` arguments for a script: the working directory mounted at the same path, env passed. */
export function dockerRunArgs(options: { name: string; image: string; workingDir: string; env: Record<string, string>; runnerOptions: Record<string, unknown>; command: string[] }): string[] {
  const { runnerOptions } = options;
  const args = ['run', '--rm', '--name', options.name, '-v', `${options.workingDir}:${options.workingDir}`, '-w', options.workingDir];
  for (const [key, value] of Object.entries(options.env)) args.push('-e', `${key}=${value}`);
  // The image is already there (ensureImage): `docker run` must not pull, or its pull progress
  // would reach the script's stderr (and warningOnStdErr would turn the task WARNING).
  args.push('--pull=never');
  if (typeof runnerOptions.user === 'string') args.push('--user', runnerOptions.user);
  if (typeof runnerOptions.networkMode === 'string') args.push('--network', runnerOptions.networkMode);
  if (typeof runnerOptions.shmSize === 'string') args.push('--shm-size', runnerOptions.shmSize);
  const memory = record(runnerOptions.memory);
  if (typeof memory?.memory === 'string') args.push('--memory', memory.memory);
  const cpu = record(runnerOptions.cpu);
  if (cpu?.cpus !== undefined) args.push('--cpus', String(cpu.cpus));
  if (Array.isArray(runnerOptions.entryPoint)) args.push('--entrypoint', runnerOptions.entryPoint.length === 0 ? '' : String(runnerOptions.entryPoint[0]));
  else args.push('--entrypoint', '');
  args.push(options.image, ...(Array.isArray(runnerOptions.entryPoint) ? runnerOptions.entryPoint.slice(1).map(String) : []), ...options.command);
  return args;
}

/** A container name Docker accepts. */
export function containerName(taskRunId: string): string {
  return `kestra-sandbox-${taskRunId.replace(/[^a-zA-Z0-9_.-]/g, '')}`.slice(0, 63);
}

/**
 * Makes the image available as Kestra's Docker runner does before it starts a container, per the
 * runner's `pullPolicy` (IF_NOT_PRESENT by default, ALWAYS, NEVER). The pull's output is logged at
 * DEBUG, never mixed into the script's stderr; a failed pull fails the task saying why.
 */
export async function ensureImage(image: string, runnerOptions: Record<string, unknown>, logger: TaskLogger, signal: AbortSignal, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const policy = String(runnerOptions.pullPolicy ?? 'IF_NOT_PRESENT').toUpperCase();
  if (policy === 'NEVER') return;
  const docker = (args: string[], timeout: number): Promise<{ ok: boolean; output: string }> =>
    new Promise((resolve) => {
      execFile('docker', args, { env, signal, timeout, maxBuffer: 4 * 1024 * 1024 }, (error, stdout, stderr) => resolve({ ok: !error, output: `${stdout}${stderr}`.trim() }));
    });
  if (policy !== 'ALWAYS' && (await docker(['image', 'inspect', '--format', '{{.Id}}', image], 30_000)).ok) return;
  signal.throwIfAborted();
  logger.info(`Pulling the image '${image}'.`);
  const pulled = await docker(['pull', image], 30 * 60_000);
  for (const line of pulled.output.split('\n')) if (line.trim() !== '') logger.debug(line);
  if (!pulled.ok) {
    const last = pulled.output.split('\n').filter((line) => line.trim() !== '').pop() ?? 'no output';
    throw new Error(`Could not pull the image '${image}': ${last}`);
  }
}
