// Entry of the Local sandbox child process in web mode (Electron uses a utility process instead):
// starts the sandbox, reports its URL to the parent, and exits when the parent goes away, so a
// killed console never leaves an orphan server behind.
import { startSandbox } from '../sandbox/server';

interface StartMessage {
  type: 'start';
  dataDir: string;
  accessToken?: string;
}

// Everything the sandbox writes (database, files, logs) is this user's only.
process.umask(0o077);

let stop: (() => Promise<void>) | undefined;

function exitSoon(code: number): void {
  void Promise.resolve(stop?.())
    .catch(() => undefined)
    .finally(() => process.exit(code));
}

process.on('message', (message: StartMessage | { type: 'stop' }) => {
  if (message?.type === 'stop') {
    exitSoon(0);
    return;
  }
  if (message?.type !== 'start') return;
  startSandbox({ port: 0, dataDir: message.dataDir, accessToken: message.accessToken }).then(
    (sandbox) => {
      stop = () => sandbox.close();
      process.send?.({ type: 'started', url: sandbox.url });
    },
    (error: unknown) => {
      process.send?.({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
      process.exit(1);
    },
  );
});
// The parent closed the IPC channel: it exited or was killed.
process.on('disconnect', () => exitSoon(0));
process.on('SIGTERM', () => exitSoon(0));
process.on('SIGINT', () => exitSoon(0));
