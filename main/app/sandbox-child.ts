// Web mode runs the Local sandbox in a child Node process (as Electron runs it in a utility
// process): the sandbox's execution engine then uses its own core instead of competing with the
// web host for one event loop, and a crash in it cannot take the console down.
import { fork } from 'node:child_process';
import path from 'node:path';
import type { LocalSandboxLauncher } from './local-sandbox';

const ENTRY = path.join(import.meta.dirname, 'sandbox-child-entry.ts');
const START_TIMEOUT_MS = 60_000;

export const launchSandboxInChildProcess: LocalSandboxLauncher = ({ dataDir, accessToken }) =>
  new Promise((resolve, reject) => {
    const child = fork(ENTRY, [], {
      // The entry is TypeScript: load it through tsx whatever ran this process.
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      serialization: 'json',
    });
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error('The local sandbox did not start within 60 s'));
    }, START_TIMEOUT_MS);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`The local sandbox exited during start-up (${signal ?? `code ${code}`})`));
    });
    child.on('message', (message: { type?: string; url?: string; message?: string }) => {
      if (message?.type === 'started' && message.url) {
        clearTimeout(timer);
        resolve({
          url: message.url,
          close: async () => {
            if (child.exitCode === null && child.signalCode === null) {
              child.send({ type: 'stop' });
              const killer = setTimeout(() => child.kill('SIGKILL'), 5_000);
              await exited;
              clearTimeout(killer);
            }
          },
        });
      } else if (message?.type === 'failed') {
        clearTimeout(timer);
        reject(new Error(message.message ?? 'The local sandbox failed to start'));
      }
    });
    // Over the IPC channel, never on the command line (every user sees argv in ps).
    child.send({ type: 'start', dataDir, accessToken });
  });
