// Entry run by Electron's utilityProcess: starts the sandbox and reports its URL to the parent.
import { startSandbox, type RunningSandbox } from './server';
import type { SandboxAuth } from './http/auth';

interface StartMessage {
  type: 'start';
  port: number;
  dataDir: string;
  auth?: SandboxAuth;
  /** The console's per-launch token (see SandboxOptions.accessToken). */
  accessToken?: string;
}

// Everything the sandbox writes (database, files, logs) is this user's only.
process.umask(0o077);

interface StopMessage {
  type: 'stop';
}

type ParentPort = { on(event: 'message', listener: (event: { data: unknown }) => void): void; postMessage(message: unknown): void };
const parentPort = (process as unknown as { parentPort?: ParentPort }).parentPort;

let running: RunningSandbox | undefined;

parentPort?.on('message', (event) => {
  const message = event.data as StartMessage | StopMessage | undefined;
  if (message?.type === 'stop') {
    void (running?.close() ?? Promise.resolve()).then(() => {
      parentPort.postMessage({ type: 'stopped' });
      process.exit(0);
    });
    return;
  }
  if (message?.type !== 'start') return;
  startSandbox({ port: message.port, dataDir: message.dataDir, auth: message.auth, accessToken: message.accessToken }).then(
    (sandbox) => {
      running = sandbox;
      parentPort.postMessage({ type: 'started', url: sandbox.url });
    },
    (error: unknown) => parentPort.postMessage({ type: 'failed', message: error instanceof Error ? error.message : String(error) }),
  );
});
